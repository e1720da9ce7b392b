"""LP2: `Resource: "*"` only for actions AWS cannot scope to a resource (IAM's catalog: guardrails/unscopable.py)."""

from __future__ import annotations

from guardrails.policy import IDENTITY_POLICY_TYPES, allow_statements
from guardrails.rule import Rule, Verdict, findings_verdict
from guardrails.template import ResourceView
from guardrails.unscopable import is_unscopable


def _check(view: ResourceView) -> Verdict:
    findings: list[str] = []
    for statement in allow_statements(view):
        if not statement.on_any_resource:
            continue
        findings += [f"Action::{action}" for action in statement.actions if not is_unscopable(action)]
        findings += [f"NotAction::{action}" for action in statement.not_actions]
    return findings_verdict(findings)


RESOURCE_WILDCARD = Rule(
    rule_id="LP2",
    info="The IAM statement allows an action on Resource '*' (or NotResource) that AWS can scope to a resource.",
    explanation=(
        "'*' reaches every resource of the account, including other stages' data. Only actions without a "
        "resource type in IAM's service authorization catalog (guardrails/unscopable.py) may use it; put every other "
        "action in a statement with the ARNs it needs. Each finding names one action."
    ),
    resource_types=IDENTITY_POLICY_TYPES,
    check=_check,
)
