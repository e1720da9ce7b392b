"""LP5: iam:PassRole only on named roles and only to a named service (iam:PassedToService)."""

from __future__ import annotations

from guardrails.policy import IDENTITY_POLICY_TYPES, allow_statements
from guardrails.rule import Rule, Verdict, findings_verdict
from guardrails.template import ResourceView

_PASSED_TO_SERVICE = "iam:passedtoservice"


def _check(view: ResourceView) -> Verdict:
    findings: list[str] = []
    for statement in allow_statements(view):
        if not statement.allows("iam:PassRole"):
            continue
        if statement.on_any_resource:
            findings.append("Resource::*")
        if _PASSED_TO_SERVICE not in statement.condition_keys():
            findings.append("Condition::iam:PassedToService")
    return findings_verdict(findings)


UNBOUNDED_PASS_ROLE = Rule(
    rule_id="LP5",
    info="The IAM statement allows iam:PassRole on '*' or without an iam:PassedToService condition.",
    explanation=(
        "PassRole lets the holder hand a role to a service and act with that role's permissions: on '*' it "
        "is a privilege escalation path. Name the roles in Resource and the receiving service in an "
        "iam:PassedToService condition."
    ),
    resource_types=IDENTITY_POLICY_TYPES,
    check=_check,
)
