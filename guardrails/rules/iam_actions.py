"""LP1: no IAM statement allows every action, or every action of a service."""

from __future__ import annotations

import re

from guardrails.policy import IDENTITY_POLICY_TYPES, allow_statements
from guardrails.rule import Rule, Verdict, findings_verdict
from guardrails.template import ResourceView

_WHOLE_SERVICE = re.compile(r"[^:]+:\*")


def _check(view: ResourceView) -> Verdict:
    findings: list[str] = []
    for statement in allow_statements(view):
        findings += [f"Action::{action}" for action in statement.actions if _is_wildcard(action)]
        findings += [f"NotAction::{action}" for action in statement.not_actions]
    return findings_verdict(findings)


def _is_wildcard(action: str) -> bool:
    return action == "*" or _WHOLE_SERVICE.fullmatch(action) is not None


WILDCARD_ACTIONS = Rule(
    rule_id="LP1",
    info="The IAM statement allows '*', a whole service ('dynamodb:*') or uses NotAction in an Allow.",
    explanation=(
        "A wildcard action grants every present and future action of the service, including administrative "
        "ones the code never calls. List the exact actions (prefer L2 grants such as "
        "table.grant_read_write_data(fn)); partial patterns like 's3:Get*' are not flagged here."
    ),
    resource_types=IDENTITY_POLICY_TYPES,
    check=_check,
)
