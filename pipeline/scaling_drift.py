"""Drift that DynamoDB auto scaling causes by design, left out of the drift check (tools/drift_check.sh).

A table (or global secondary index) that declares ProvisionedThroughput and has an Application Auto Scaling
scalable target gets its capacity changed by the scaling policy, and CloudFormation's drift detection then reports
the table MODIFIED on that capacity (its PropertyDifferences[].PropertyPath, e.g.
`/ProvisionedThroughput/ReadCapacityUnits`). Which paths a scalable target owns is read from the stack's template:
the target's ResourceId (`table/<Ref table>` or `table/<Ref table>/index/<name>`) and ScalableDimension
(`dynamodb:table:ReadCapacityUnits`, `dynamodb:index:WriteCapacityUnits`, ...). No CDK import: it reads templates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cloudformation import referenced_ids, render

SCALABLE_TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"
TABLE = "AWS::DynamoDB::Table"


def _reference(resource_id: Any) -> tuple[str, str | None] | None:
    """(table logical id, index name or None) of a scalable target's ResourceId, `table/<Ref table>` or
    `table/<Ref table>/index/<name>` however the template writes it (Fn::Join, Fn::Sub)."""
    refs = list(referenced_ids(resource_id))
    if len(refs) != 1:
        return None
    table = f"table/${{{refs[0]}}}"
    text = render(resource_id)
    if text == table:
        return refs[0], None
    if text.startswith(f"{table}/index/"):
        return refs[0], text.removeprefix(f"{table}/index/")
    return None


def _index_position(table: Mapping[str, Any], name: str) -> int | None:
    indexes = table.get("Properties", {}).get("GlobalSecondaryIndexes") or []
    names = [index.get("IndexName") for index in indexes]
    return names.index(name) if name in names else None


def owned_paths(resources: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    """Per table logical id, the property paths its scalable targets change (sorted)."""
    owned: dict[str, set[str]] = {}
    for target in resources.values():
        if target.get("Type") != SCALABLE_TARGET:
            continue
        properties = target.get("Properties", {})
        found = _reference(properties.get("ResourceId"))
        dimension = str(properties.get("ScalableDimension", ""))
        if found is None or not dimension.startswith("dynamodb:"):
            continue
        table_id, index = found
        table = resources.get(table_id, {})
        if table.get("Type") != TABLE:
            continue
        unit = dimension.rsplit(":", 1)[1]  # ReadCapacityUnits or WriteCapacityUnits
        if index is None:
            owned.setdefault(table_id, set()).add(f"/ProvisionedThroughput/{unit}")
            continue
        position = _index_position(table, index)
        if position is not None:
            owned.setdefault(table_id, set()).add(f"/GlobalSecondaryIndexes/{position}/ProvisionedThroughput/{unit}")
    return {table_id: sorted(paths) for table_id, paths in sorted(owned.items())}


def reported(owned: Mapping[str, list[str]]) -> str:
    """A JMESPath filter over StackResourceDrifts[]: a drift is reported unless every property difference of a
    table is one its scalable targets own (a deleted table is always reported)."""
    if not owned:
        return "`true`"
    tests = [
        f"(LogicalResourceId!='{table_id}' || StackResourceDriftStatus=='DELETED'"
        f" || PropertyDifferences[?!contains(`{json.dumps(paths, separators=(',', ':'))}`, PropertyPath)])"
        for table_id, paths in owned.items()
    ]
    return " && ".join(tests)
