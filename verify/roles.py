"""What an IAM role of a template may do: its inline policies and the AWS::IAM::Policy resources attached to it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cloudformation import as_list, referenced_ids, references
from verify.names import StackNames
from verify.policy import statements


@dataclass(frozen=True)
class RolePermissions:
    """A role's resolved permission statements, trust statements, and what the verifier cannot read."""

    logical_id: str
    permissions: tuple[Mapping[str, Any], ...]
    trust: tuple[Mapping[str, Any], ...]
    managed_policies: tuple[str, ...]


def policies_of(names: StackNames, role_id: str) -> list[str]:
    """The AWS::IAM::Policy resources attached to a role of the same template."""
    return [
        logical_id
        for logical_id, definition in names.resources.items()
        if definition["Type"] == "AWS::IAM::Policy"
        and role_id in references(definition.get("Properties", {}).get("Roles"))
    ]


def role_permissions(names: StackNames, role_id: str) -> RolePermissions:
    properties = names.properties(role_id)
    documents = [
        names.resolve(policy.get("PolicyDocument", {}), role_id) for policy in as_list(properties.get("Policies"))
    ]
    documents += [
        names.resolve(names.properties(policy)["PolicyDocument"], policy) for policy in policies_of(names, role_id)
    ]
    trust = names.resolve(properties.get("AssumeRolePolicyDocument", {}), role_id)
    return RolePermissions(
        logical_id=role_id,
        permissions=tuple(statements(documents)),
        trust=tuple(statements([trust])),
        managed_policies=tuple(str(names.value(arn, role_id)) for arn in as_list(properties.get("ManagedPolicyArns"))),
    )


def role_of(names: StackNames, value: Any) -> str | None:
    """The template role a property (a role ARN or name) refers to, if any."""
    return next(
        (ref for ref in referenced_ids(value) if names.resources.get(ref, {}).get("Type") == "AWS::IAM::Role"),
        None,
    )
