"""What a stack update would destroy: stateful resources it replaces or deletes, judged before prod deploys.

A resource is replaced when its type changes or a property its provider schema marks create-only
(`createOnlyProperties`, as cfn-lint ships the schemas) changes; it is deleted when its logical id leaves the
template (a renamed construct is a delete plus a create). Only stateful resources matter here: what holds data
or an identity a new resource would not have. A resource marked `DataProtection.BlockReplacement` in its
metadata (the items table) must not be replaced or deleted at all unless the environment allows it.

Some updates CloudFormation refuses outright, whatever the type: replacing a resource that keeps a name of the
template's own ("CloudFormation cannot update a stack when a custom-named resource requires replacing"), and
creating a resource under the name of one the same update deletes (a renamed construct whose resource keeps its
name: the new one is created first, "... already exists"). Those always fail the check (verify/physical_names.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from verify.physical_names import fixed_name
from verify.provider_schemas import schemas_for

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
    kind: str  # "replaced", "deleted", or "fails" (an update CloudFormation refuses)
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
        """What stops the run: updates CloudFormation refuses, and protected data unless the environment allows."""
        return [
            change
            for change in self.changes
            if change.kind == "fails" or (change.protected and not allow_data_replacement)
        ]

    def verdict(self) -> str:
        """One short line for the prod approval (CodePipeline shows variables of at most 1,000 characters)."""
        if not self.changes:
            return "none"
        kinds = {kind: sum(c.kind == kind for c in self.changes) for kind in ("replaced", "deleted", "fails")}
        failing = f", {kinds['fails']} would fail" if kinds["fails"] else ""
        return f"YES: {kinds['replaced']} replaced, {kinds['deleted']} deleted{failing}, review the check's log"


def _create_only(resource_type: str, region: str) -> tuple[str, ...]:
    schema = schemas_for(region).schema(resource_type)
    return tuple(schema.get("createOnlyProperties", ())) if schema is not None else ()


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


def _replaced_pointers(old: Mapping[str, Any], current: Mapping[str, Any], region: str) -> list[str]:
    return [
        p
        for p in _create_only(old.get("Type", ""), region)
        if _at(old.get("Properties", {}), p) != _at(current.get("Properties", {}), p)
    ]


def refused_updates(old_resources: Mapping[str, Any], new_resources: Mapping[str, Any], region: str) -> list[Change]:
    """Updates CloudFormation refuses: a named resource replaced under the same name, or a name moved to a new
    logical id while the old one is deleted."""
    refused = []
    deleted_names = {}
    for logical_id, old in old_resources.items():
        prop = fixed_name(old, old_resources, region)
        if prop is None:
            continue
        value = json.dumps(old["Properties"][prop], sort_keys=True)
        current = new_resources.get(logical_id)
        if current is None:
            deleted_names[(old["Type"], value)] = logical_id
            continue
        same_name = json.dumps(current.get("Properties", {}).get(prop), sort_keys=True) == value
        pointers = _replaced_pointers(old, current, region) if current.get("Type") == old["Type"] else []
        if same_name and pointers:
            changed = ", ".join(p.removeprefix("/properties/") for p in pointers)
            refused.append(Change(logical_id, old["Type"], "fails", f"create-only {changed} changes, which replaces "
                                  f"it, but its {prop} is the template's own: CloudFormation cannot replace a "
                                  "custom-named resource", False, False))  # fmt: skip
    for logical_id, current in new_resources.items():
        prop = fixed_name(current, new_resources, region) if logical_id not in old_resources else None
        key = (current.get("Type"), json.dumps(current["Properties"][prop], sort_keys=True)) if prop else None
        if key in deleted_names:
            refused.append(Change(logical_id, key[0], "fails", f"it takes the {prop} of {deleted_names[key]}, which "
                                  "this update deletes: CloudFormation creates it first, and the name already "
                                  "exists", False, False))  # fmt: skip
    return refused


def compare(deployed: Mapping[str, Any] | None, new: Mapping[str, Any], region: str) -> ChangeReport:
    """The stateful resources the update from `deployed` (None: not deployed yet) to `new` replaces or deletes,
    and the updates CloudFormation would refuse."""
    if deployed is None:
        return ChangeReport()
    old_resources = deployed.get("Resources", {})
    new_resources = new.get("Resources", {})
    changes = refused_updates(old_resources, new_resources, region)
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
            pointers = _replaced_pointers(old, current, region)
            if not pointers:
                continue
            reason = "create-only " + ", ".join(p.removeprefix("/properties/") for p in pointers) + " changes"
        changes.append(Change(logical_id, kind, "replaced", reason, _retained(old, "replaced"), _protected(old)))
    return ChangeReport(tuple(changes))
