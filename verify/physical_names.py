"""Which resources a template names itself: the property that fixes a resource's physical name, if any.

A name is fixed when the template sets, to a value of its own (not a reference to another resource), a property
the resource's provider schema names as its primary identifier, or a create-only `...Name` property. Such a
resource cannot be replaced in place, and two resources cannot hold its name at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudformation import references
from verify.provider_schemas import schemas_for


def _property(pointer: str) -> str | None:
    """`/properties/LogGroupName` -> `LogGroupName` (top-level properties only)."""
    parts = pointer.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "properties" else None


def name_properties(schema: Mapping[str, Any]) -> set[str]:
    """The properties that, when a template sets them, give the resource its physical name."""
    identifier = {_property(p) for p in schema.get("primaryIdentifier", [])}
    create_only = {_property(p) for p in schema.get("createOnlyProperties", [])}
    return {name for name in identifier | {n for n in create_only if n and n.endswith("Name")} if name}


def refers_to_resource(value: object, resources: Mapping[str, Any]) -> bool:
    """Whether the value names another resource of the template (`Ref`, `Fn::GetAtt`, `${Logical}` in a Sub)."""
    return not references(value).isdisjoint(resources)


def fixed_name(resource: Mapping[str, Any], resources: Mapping[str, Any], region: str) -> str | None:
    """The property that fixes the resource's physical name, if the template sets one of its own."""
    schema = schemas_for(region).schema(resource.get("Type", ""))
    if schema is None:
        return None
    properties = resource.get("Properties", {})
    return next(
        (
            name
            for name in sorted(name_properties(schema))
            if name in properties and not refers_to_resource(properties[name], resources)
        ),
        None,
    )
