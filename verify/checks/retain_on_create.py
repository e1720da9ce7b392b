"""A resource with a fixed physical name is never kept by a failed create.

`DeletionPolicy: Retain` also applies when a create rolls back: CloudFormation leaves the new resource behind, and
the next create of the stack fails on it ("<name> already exists"). `RetainExceptOnCreate` keeps the resource on
update and delete but removes it when the create that made it fails (AWS CloudFormation User Guide, DeletionPolicy
attribute). A name is fixed when the template sets, to a value of its own (not a reference to another resource), a
property the provider schema names as the resource's primary identifier, or a create-only `...Name` property.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding
from verify.provider_schemas import schemas_for

NAME = "retain-on-create"
SOURCE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html"


def _property(pointer: str) -> str | None:
    """`/properties/LogGroupName` -> `LogGroupName` (top-level properties only)."""
    parts = pointer.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "properties" else None


def name_properties(schema: Mapping[str, Any]) -> set[str]:
    """The properties that, when a template sets them, give the resource its physical name."""
    identifier = {_property(p) for p in schema.get("primaryIdentifier", [])}
    create_only = {_property(p) for p in schema.get("createOnlyProperties", [])}
    return {name for name in identifier | {n for n in create_only if n and n.endswith("Name")} if name}


def _refers_to_resource(value: object, resources: Mapping[str, Any]) -> bool:
    """Whether the value names another resource of the template (`Ref`, `Fn::GetAtt`, `${Logical}` in a Sub)."""
    if isinstance(value, Mapping):
        if value.get("Ref") in resources or "Fn::GetAtt" in value:
            return True
        sub = value.get("Fn::Sub")
        text = sub[0] if isinstance(sub, list) else sub
        if isinstance(text, str) and any(f"${{{logical_id}" in text for logical_id in resources):
            return True
        return any(_refers_to_resource(item, resources) for item in value.values())
    if isinstance(value, list):
        return any(_refers_to_resource(item, resources) for item in value)
    return False


def fixed_name(stack: DeployedStack, resource: Mapping[str, Any]) -> str | None:
    """The property that fixes the resource's physical name, if the template sets one of its own."""
    schema = schemas_for(stack.region).schema(resource["Type"])
    if schema is None:
        return None
    properties = resource.get("Properties", {})
    return next(
        (
            name
            for name in sorted(name_properties(schema))
            if name in properties and not _refers_to_resource(properties[name], stack.resources)
        ),
        None,
    )


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    findings, checked = [], 0
    for stack in stacks:
        for logical_id, resource in stack.resources.items():
            if resource.get("DeletionPolicy") != "Retain":
                continue
            checked += 1
            named_by = fixed_name(stack, resource)
            if named_by is not None:
                findings.append(
                    Finding(
                        NAME,
                        f"{stack.stack_name}/{logical_id}",
                        f"{resource['Type']} is named ({named_by}) and DeletionPolicy Retain: a failed create keeps "
                        "it, and the retry fails with 'already exists'",
                        f"DeletionPolicy RetainExceptOnCreate (RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE; {SOURCE})",
                    )
                )
    return CheckResult(NAME, tuple(sorted(findings)), checked=checked)
