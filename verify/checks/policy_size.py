"""IAM's size quotas on policy documents, measured on the documents as deployed (intrinsics resolved).

IAM counts characters without white space: a managed policy holds at most 6,144; all inline policies of one role
together at most 10,240; a role's trust policy at most 2,048 unless the account's quota was raised (IAM User
Guide, "IAM and AWS STS quotas"). CloudFormation's schema cannot see a size, so an oversized execution policy
fails `make bootstrap` ("Cannot exceed quota for PolicySize: 6144") and an oversized role policy fails a deploy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding
from verify.names import StackNames

NAME = "policy-size"
SOURCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
MANAGED_POLICY_CHARACTERS = 6_144
ROLE_INLINE_CHARACTERS = 10_240
TRUST_POLICY_CHARACTERS = 2_048


def characters(document: object) -> int:
    """The size IAM measures: the JSON text without white space."""
    return sum(not c.isspace() for c in json.dumps(document, separators=(",", ":")))


def _roles_of(names: StackNames, definition: Mapping[str, Any], logical_id: str) -> list[str]:
    return [str(names.resolve(role, logical_id)) for role in definition["Properties"].get("Roles", [])]


def _sizes(stack: DeployedStack, parameters: Mapping[str, str]) -> Iterator[tuple[str, str, int, int]]:
    """(where, what, size, limit) of every measured document of the stack."""
    names = StackNames(stack, parameters)
    inline: dict[str, int] = {}
    for logical_id, definition in stack.resources.items():
        kind, properties = definition["Type"], definition.get("Properties", {})
        where = f"{stack.stack_name}/{logical_id}"
        if kind == "AWS::IAM::ManagedPolicy":
            document = names.resolve(properties["PolicyDocument"], logical_id)
            yield where, "managed policy", characters(document), MANAGED_POLICY_CHARACTERS
        elif kind == "AWS::IAM::Role":
            trust = names.resolve(properties["AssumeRolePolicyDocument"], logical_id)
            yield where, "trust policy", characters(trust), TRUST_POLICY_CHARACTERS
            own = [names.resolve(p["PolicyDocument"], logical_id) for p in properties.get("Policies", [])]
            role = str(names.resolve({"Ref": logical_id}, logical_id))
            inline[role] = inline.get(role, 0) + sum(characters(document) for document in own)
        elif kind == "AWS::IAM::Policy":
            size = characters(names.resolve(properties["PolicyDocument"], logical_id))
            for role in _roles_of(names, definition, logical_id):
                inline[role] = inline.get(role, 0) + size
    for role, size in inline.items():
        yield f"{stack.stack_name}/role {role}", "inline policies of the role", size, ROLE_INLINE_CHARACTERS


def check_templates(stacks: Sequence[DeployedStack], parameters: Mapping[str, str]) -> CheckResult:
    """Every policy document of the stacks against IAM's quota; `parameters` fills the bootstrap templates'."""
    findings, checked = [], 0
    for stack in stacks:
        for where, what, size, limit in _sizes(stack, parameters):
            checked += 1
            if size > limit:
                findings.append(
                    Finding(
                        NAME,
                        where,
                        f"the {what} has {size:,} characters without white space; IAM allows {limit:,}",
                        f"split it or drop statements ({SOURCE})",
                    )
                )
    return CheckResult(NAME, tuple(sorted(findings)), checked=checked)
