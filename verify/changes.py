"""What a stack update would destroy: stateful resources it replaces or deletes, judged before prod deploys.

A resource is replaced when its type changes or a property its provider schema marks create-only
(`createOnlyProperties`, as cfn-lint ships the schemas) changes; it is deleted when its logical id leaves the
template (a renamed construct is a delete plus a create). Only stateful resources matter here: what holds data
or an identity a new resource would not have. A resource marked `DataProtection.BlockReplacement` in its
metadata (the items table) must not be replaced or deleted at all unless the environment allows it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

# Resource types that hold data or an identity: a replacement starts them empty or new.
STATEFUL_TYPES = frozenset(
    {
        "AWS::DynamoDB::Table",
        "AWS::DynamoDB::GlobalTable",
        "AWS::Logs::LogGroup",
        "AWS::KMS::Key",
        "AWS::WAFv2::WebACL",
        "AWS::S3::Bucket",
        "AWS::SQS::Queue",
        "AWS::Kinesis::Stream",
        "AWS::Cognito::UserPool",
        "AWS::RDS::DBCluster",
        "AWS::RDS::DBInstance",
        "AWS::EFS::FileSystem",
    }
)
PROTECTION_KEY = "DataProtection"


@dataclass(frozen=True)
class Change:
    logical_id: str
    resource_type: str
    kind: str  # "replaced" or "deleted"
    reason: str
    retained: bool  # DeletionPolicy/UpdateReplacePolicy Retain: the old resource is kept, orphaned
    protected: bool

    def __str__(self) -> str:
        kept = " (the old one is retained)" if self.retained else ""
        return f"{self.kind} {self.logical_id} ({self.resource_type}): {self.reason}{kept}"


@dataclass(frozen=True)
class ChangeReport:
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def blocked(self, allow_data_replacement: bool) -> list[Change]:
        return [] if allow_data_replacement else [change for change in self.changes if change.protected]

    def verdict(self) -> str:
        """One short line for the prod approval (CodePipeline shows variables of at most 1,000 characters)."""
        if not self.changes:
            return "none"
        kinds = {kind: sum(c.kind == kind for c in self.changes) for kind in ("replaced", "deleted")}
        return f"YES: {kinds['replaced']} replaced, {kinds['deleted']} deleted, review the check's log"


@cache
def _create_only(resource_type: str, region: str) -> tuple[str, ...]:
    package = resources.files("cfnlint.data.schemas")
    ids = json.loads(package.joinpath("providers", f"{region}.json").read_text())
    if resource_type not in ids:
        return ()
    schema = json.loads(package.joinpath("resources", f"{ids[resource_type]}.json").read_text())
    return tuple(schema.get("createOnlyProperties", ()))


def _at(properties: Mapping[str, Any], pointer: str) -> Any:
    value: Any = properties
    for part in pointer.removeprefix("/properties/").split("/"):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _retained(definition: Mapping[str, Any], kind: str) -> bool:
    policy = definition.get("UpdateReplacePolicy" if kind == "replaced" else "DeletionPolicy")
    return policy in ("Retain", "RetainExceptOnCreate")


def _protected(definition: Mapping[str, Any]) -> bool:
    return bool((definition.get("Metadata") or {}).get(PROTECTION_KEY, {}).get("BlockReplacement"))


def compare(deployed: Mapping[str, Any] | None, new: Mapping[str, Any], region: str) -> ChangeReport:
    """The stateful resources the update from `deployed` (None: not deployed yet) to `new` replaces or deletes."""
    if deployed is None:
        return ChangeReport()
    old_resources = deployed.get("Resources", {})
    new_resources = new.get("Resources", {})
    changes = []
    for logical_id, old in old_resources.items():
        kind = old.get("Type", "")
        current = new_resources.get(logical_id)
        if kind not in STATEFUL_TYPES and not _protected(old):
            continue
        if current is None:
            changes.append(Change(logical_id, kind, "deleted", "it is no longer in the template (renamed or removed)",
                                  _retained(old, "deleted"), _protected(old)))  # fmt: skip
            continue
        if current.get("Type") != kind:
            reason = f"its type changes to {current.get('Type')}"
        else:
            pointers = [p for p in _create_only(kind, region)
                        if _at(old.get("Properties", {}), p) != _at(current.get("Properties", {}), p)]  # fmt: skip
            if not pointers:
                continue
            reason = "create-only " + ", ".join(p.removeprefix("/properties/") for p in pointers) + " changes"
        changes.append(Change(logical_id, kind, "replaced", reason, _retained(old, "replaced"), _protected(old)))
    return ChangeReport(tuple(changes))
