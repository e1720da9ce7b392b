"""Which capacity paths a table's scalable targets own, read from a template (pipeline/scaling_drift.py)."""

from __future__ import annotations

from pipeline.scaling_drift import SCALABLE_TARGET, TABLE, owned_paths, reported


def _target(resource_id: list, dimension: str) -> dict:
    return {"Type": SCALABLE_TARGET, "Properties": {"ResourceId": {"Fn::Join": ["", resource_id]},
                                                     "ScalableDimension": dimension}}  # fmt: skip


READ, WRITE = "/ProvisionedThroughput/ReadCapacityUnits", "/ProvisionedThroughput/WriteCapacityUnits"
TEMPLATE = {
    "Items": {"Type": TABLE, "Properties": {"GlobalSecondaryIndexes": [{"IndexName": "a"}, {"IndexName": "b"}]}},
    "Plain": {"Type": TABLE, "Properties": {}},
    "ReadTarget": _target(["table/", {"Ref": "Items"}], "dynamodb:table:ReadCapacityUnits"),
    "IndexWrite": _target(["table/", {"Ref": "Items"}, "/index/b"], "dynamodb:index:WriteCapacityUnits"),
    "Lambda": _target(["function:", {"Ref": "Fn"}, ":live"], "lambda:function:ProvisionedConcurrency"),
}


def test_a_table_and_an_index_own_the_capacity_their_targets_scale() -> None:
    assert owned_paths(TEMPLATE) == {
        "Items": ["/GlobalSecondaryIndexes/1" + WRITE, READ],
    }  # fmt: skip


def test_without_scalable_targets_every_drift_is_reported() -> None:
    assert owned_paths({"Plain": TEMPLATE["Plain"]}) == {}
    assert reported({}) == "`true`"
