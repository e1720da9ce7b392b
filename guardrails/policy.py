"""IAM policy statements of a template resource, in one normalized shape the IAM rules share."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cloudformation import as_list, render
from guardrails.template import ResourceView
from iam import matches_any

POLICY_TYPES = frozenset({"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"})
INLINE_POLICY_TYPES = frozenset({"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"})
IDENTITY_POLICY_TYPES = POLICY_TYPES | INLINE_POLICY_TYPES


@dataclass(frozen=True)
class Statement:
    """One Allow statement: actions rendered to strings, resources kept raw (rules decide how to read them)."""

    actions: tuple[str, ...]
    not_actions: tuple[str, ...]
    resources: tuple[Any, ...]
    has_not_resource: bool
    condition: Mapping[str, Any]

    def allows(self, action: str) -> bool:
        """Whether the statement grants `action`, through Action patterns or by leaving it out of NotAction."""
        if self.not_actions:
            return not matches_any(action, self.not_actions)
        return matches_any(action, self.actions)

    @property
    def on_any_resource(self) -> bool:
        return self.has_not_resource or any(resource == "*" for resource in self.resources)

    def condition_keys(self) -> set[str]:
        return {key.lower() for block in self.condition.values() if isinstance(block, dict) for key in block}


def policy_documents(view: ResourceView) -> Iterator[Mapping[str, Any]]:
    """Documents the resource itself carries: a policy's document, or a role's/user's/group's inline ones."""
    if view.type in POLICY_TYPES:
        yield view.properties.get("PolicyDocument", {})
    elif view.type in INLINE_POLICY_TYPES:
        for policy in as_list(view.properties.get("Policies")):
            yield policy.get("PolicyDocument", {})


def allow_statements(view: ResourceView) -> Iterator[Statement]:
    """Allow statements only: a Deny never grants anything, so it cannot break least privilege."""
    for document in policy_documents(view):
        for raw in as_list(document.get("Statement")):
            if raw.get("Effect") != "Allow":
                continue
            yield Statement(
                actions=tuple(render(action) for action in as_list(raw.get("Action"))),
                not_actions=tuple(render(action) for action in as_list(raw.get("NotAction"))),
                resources=tuple(as_list(raw.get("Resource"))),
                has_not_resource="NotResource" in raw,
                condition=raw.get("Condition", {}),
            )
