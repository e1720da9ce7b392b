"""IAM actions AWS cannot scope to a resource: the only actions a statement with `Resource: "*"` may hold.

Each entry names the action and why no narrower resource exists. Add an action here only when the
Service Authorization Reference lists no resource type for it; anything else gets a real ARN.
"""

from __future__ import annotations

from types import MappingProxyType

UNSCOPABLE_ACTIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "xray:PutTraceSegments": (
            "X-Ray defines no resource type for uploading trace segments; Lambda active tracing needs it on '*'."
        ),
        "xray:PutTelemetryRecords": (
            "X-Ray defines no resource type for telemetry records; Lambda active tracing needs it on '*'."
        ),
        "cloudwatch:PutMetricData": (
            "CloudWatch defines no resource type for metric data; narrow it with the cloudwatch:namespace condition."
        ),
    }
)

_LOWERCASE = frozenset(action.lower() for action in UNSCOPABLE_ACTIONS)


def is_unscopable(action: str) -> bool:
    """IAM action names are case-insensitive; wildcards never match (`xray:Put*` is not allow-listed)."""
    return action.lower() in _LOWERCASE
