"""CloudFormation resource-provider schemas as cfn-lint ships them (pinned in requirements-dev.txt).

Each schema's `handlers` list the IAM permissions CloudFormation's create, update and delete handlers call,
and `tagging.permissions` what tagging the resource needs: the permissions a deploy role must have.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

PHASES = ("create", "update", "delete")


@dataclass(frozen=True)
class HandlerPermissions:
    """What CloudFormation calls for one resource type, by handler phase."""

    resource_type: str
    by_phase: dict[str, tuple[str, ...]]
    tagging: tuple[str, ...]
    taggable: bool

    def phases_of(self, permission: str) -> tuple[str, ...]:
        return tuple(phase for phase, listed in self.by_phase.items() if permission in listed)


class HandlerSource(Protocol):
    """Where a check reads a resource type's handler permissions from (the schemas, or one handler of them)."""

    def permissions(self, resource_type: str) -> HandlerPermissions | None: ...


class ProviderSchemas:
    """Provider schemas of one region, keyed by resource type."""

    def __init__(self, region: str) -> None:
        self.region = region
        package = resources.files("cfnlint.data.schemas")
        self._ids: dict[str, str] = json.loads(package.joinpath("providers", f"{region}.json").read_text())
        self._package = package

    def has(self, resource_type: str) -> bool:
        return resource_type in self._ids

    @cache  # noqa: B019 - one instance per region for the whole process
    def schema(self, resource_type: str) -> dict[str, Any] | None:
        """The provider schema of `resource_type` in this region, or None when the region has no such type."""
        schema_id = self._ids.get(resource_type)
        if schema_id is None:
            return None
        return dict(json.loads(self._package.joinpath("resources", f"{schema_id}.json").read_text()))

    def permissions(self, resource_type: str) -> HandlerPermissions | None:
        """The handler permissions of `resource_type`, or None when its schema lists no handlers."""
        schema = self.schema(resource_type)
        if schema is None:
            return None
        handlers = schema.get("handlers") or {}
        if not handlers:
            return None
        tagging = schema.get("tagging") or {}
        return HandlerPermissions(
            resource_type=resource_type,
            by_phase={phase: tuple((handlers.get(phase) or {}).get("permissions") or ()) for phase in PHASES},
            tagging=tuple(tagging.get("permissions") or ()),
            taggable=bool(tagging.get("taggable", False)),
        )

    def lists(self, permission: str) -> bool:
        """Whether a handler of one of the service's resource types calls `permission` (AWS publishes actions in
        the CloudFormation registry before the IAM catalog knows them)."""
        service = permission.partition(":")[0].replace("-", "").lower()
        return any(
            permission in (found.by_phase.get(phase, ()) + found.tagging)
            for resource_type in self._ids
            if resource_type.split("::")[1].lower() == service
            and (found := self.permissions(resource_type)) is not None
            for phase in PHASES
        )


@cache
def schemas_for(region: str) -> ProviderSchemas:
    return ProviderSchemas(region)
