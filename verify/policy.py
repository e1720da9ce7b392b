"""IAM policy evaluation for resolved policy documents: explicit Deny wins, then any Allow, else implicit deny.

Documents arrive with every CloudFormation intrinsic already resolved to concrete strings. Action patterns
match case-insensitively, resource patterns case-sensitively, both with `*` and `?`, as IAM matches them.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cloudformation import as_list
from iam import matches_any
from verify.conditions import Truth, evaluate, has_policy_variable


class Decision(Enum):
    ALLOWED = "allowed"
    IMPLICIT_DENY = "not allowed"
    EXPLICIT_DENY = "explicitly denied"
    UNKNOWN = "undecidable"


@dataclass(frozen=True)
class Principal:
    """Who makes a request to a resource policy: a service (`cloudwatch.amazonaws.com`) or an IAM ARN."""

    kind: str  # "Service" or "AWS"
    name: str


@dataclass(frozen=True)
class Request:
    """One API call: action, resource ARN ("*" for actions without resource types) and request context."""

    action: str
    resource: str
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    principal: Principal | None = None


@dataclass(frozen=True)
class Evaluation:
    decision: Decision
    unknown_keys: frozenset[str] = frozenset()
    deciding: tuple[str, ...] = ()  # Sids (or statement numbers) that decided

    @property
    def allowed(self) -> bool:
        return self.decision is Decision.ALLOWED


def _resource_matches(resource: str, patterns: Iterable[Any]) -> bool | None:
    """Whether `resource` matches; None when a pattern holds a policy variable (not modeled)."""
    found = False
    for pattern in patterns:
        text = str(pattern)
        if has_policy_variable(text):
            return None
        if text == "*" or fnmatch.fnmatchcase(resource, text):
            found = True
    return found


def _principal_matches(principal: Principal | None, statement: Mapping[str, Any]) -> bool:
    if principal is None:  # identity policy: the statement applies to its holder
        return "Principal" not in statement and "NotPrincipal" not in statement
    if "NotPrincipal" in statement:
        return not _principal_listed(principal, statement["NotPrincipal"])
    return _principal_listed(principal, statement.get("Principal"))


def _principal_listed(principal: Principal, block: Any) -> bool:
    if block == "*":
        return True
    if not isinstance(block, Mapping):
        return False
    names = [str(name) for name in as_list(block.get(principal.kind))]
    if principal.kind == "AWS":
        account = principal.name.split(":")[4] if principal.name.startswith("arn:") else principal.name
        return any(name in ("*", principal.name, account, f"arn:aws:iam::{account}:root") for name in names)
    return principal.name in names or (principal.kind == "Service" and "*" in as_list(block.get("AWS")))


def _action_listed(statement: Mapping[str, Any], action: str) -> bool:
    if "NotAction" in statement:
        return not matches_any(action, as_list(statement["NotAction"]))
    return matches_any(action, as_list(statement.get("Action")))


def _resource_listed(statement: Mapping[str, Any], resource: str) -> bool | None:
    """Whether the statement covers `resource`; None when that depends on a policy variable."""
    if "NotResource" in statement:
        matched = _resource_matches(resource, as_list(statement["NotResource"]))
        return None if matched is None else not matched
    if "Resource" not in statement:  # a trust policy: the statement is about the role it is attached to
        return True
    return _resource_matches(resource, as_list(statement["Resource"]))


def _statement_applies(statement: Mapping[str, Any], request: Request) -> tuple[Truth, frozenset[str]]:
    if not _principal_matches(request.principal, statement) or not _action_listed(statement, request.action):
        return Truth.FALSE, frozenset()
    covered = _resource_listed(statement, request.resource)
    if covered is None:
        return Truth.UNKNOWN, frozenset({"a policy variable in Resource"})
    if not covered:
        return Truth.FALSE, frozenset()
    return evaluate(statement.get("Condition") or {}, request.context)


def statements(documents: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [statement for document in documents for statement in as_list(document.get("Statement"))]


def evaluate_request(policy_statements: Sequence[Mapping[str, Any]], request: Request) -> Evaluation:
    """Evaluate one request against statements of one or more documents of the same kind."""
    allowing: list[str] = []
    undecided_deny: set[str] = set()
    undecided_allow: set[str] = set()
    for number, statement in enumerate(policy_statements, start=1):
        truth, keys = _statement_applies(statement, request)
        label = str(statement.get("Sid") or f"statement {number}")
        deny = statement.get("Effect") == "Deny"
        if truth is Truth.TRUE and deny:
            return Evaluation(Decision.EXPLICIT_DENY, deciding=(label,))
        if truth is Truth.TRUE:
            allowing.append(label)
        elif truth is Truth.UNKNOWN:
            (undecided_deny if deny else undecided_allow).update(keys)
    if undecided_deny:  # a Deny that may apply could take back what an Allow grants
        return Evaluation(Decision.UNKNOWN, unknown_keys=frozenset(undecided_deny))
    if allowing:
        return Evaluation(Decision.ALLOWED, deciding=tuple(allowing))
    if undecided_allow:
        return Evaluation(Decision.UNKNOWN, unknown_keys=frozenset(undecided_allow))
    return Evaluation(Decision.IMPLICIT_DENY)
