"""LP7: DynamoDB tables keep point-in-time recovery; production tables are also protected from deletion.

Which environments are production is the app's to say (its approved waves); `prod` unless it says otherwise.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from cloudformation import as_list, render
from guardrails.rule import Rule, Verdict, findings_verdict
from guardrails.template import ResourceView

ENVIRONMENT_TAG = "Environment"
DEFAULT_PRODUCTION = frozenset({"prod"})
RETAIN = "Retain"
RETAINED_POLICIES = ("DeletionPolicy", "UpdateReplacePolicy")


def _check(view: ResourceView, production: frozenset[str]) -> Verdict:
    settings = _table_settings(view)
    findings: list[str] = []
    if not all(_recovers(setting) for setting in settings):
        findings.append("PointInTimeRecovery")
    if any(_is_production(setting.get("Tags"), production) for setting in settings):
        if not all(_enabled(setting.get("DeletionProtectionEnabled")) for setting in settings):
            findings.append("DeletionProtection")
        findings += [policy for policy in RETAINED_POLICIES if view.definition.get(policy) != RETAIN]
    return findings_verdict(findings)


def _recovers(settings: Mapping[str, Any]) -> bool:
    return _enabled(settings.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"))


def _table_settings(view: ResourceView) -> list[Mapping[str, Any]]:
    """A Table holds its settings in Properties; a GlobalTable (TableV2) holds them per replica."""
    replicas = as_list(view.properties.get("Replicas")) if view.type == "AWS::DynamoDB::GlobalTable" else []
    return [_replica_settings(view.properties, replica) for replica in replicas] or [view.properties]


def _replica_settings(table: Mapping[str, Any], replica: Mapping[str, Any]) -> Mapping[str, Any]:
    return {"Tags": table.get("Tags"), **replica}


def _enabled(value: Any) -> bool:
    return render(value).lower() == "true" if value is not None else False


def _is_production(tags: Any, production: frozenset[str]) -> bool:
    """Production unless an Environment tag says otherwise: a missing or unresolvable tag gets the strict checks."""
    values = [tag.get("Value") for tag in _tags(tags) if tag.get("Key") == ENVIRONMENT_TAG]
    if not values or not all(isinstance(value, str) for value in values):
        return True
    return any(value.lower() in production for value in values)


def _tags(tags: Any) -> Iterator[Mapping[str, Any]]:
    yield from (tag for tag in as_list(tags) if isinstance(tag, dict))


def table_recovery(production: Collection[str] = DEFAULT_PRODUCTION) -> Rule:
    """LP7 for an app whose production environments carry these Environment tag values."""
    names = frozenset(name.lower() for name in production)
    return Rule(
        rule_id="LP7",
        info=(
            "The DynamoDB table lacks point-in-time recovery, or (a production Environment tag, or none) "
            "deletion protection or DeletionPolicy/UpdateReplacePolicy Retain."
        ),
        explanation=(
            "The table is the only copy of the items. Point-in-time recovery undoes a bad write or delete in any "
            "stage; in production, deletion protection and Retain keep a stack update, a replacement or a stack "
            "deletion from destroying the data. A table without an Environment tag is treated as production."
        ),
        resource_types=frozenset({"AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"}),
        check=lambda view: _check(view, names),
    )
