"""The drift reader role (bootstrap/drift-reader-role.json) may read what drift detection reads on every resource
of the service stacks, and nothing it could change anything with."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from cloudformation import as_list
from iam.catalog import bundled_catalog
from verify.bootstrap import DRIFT_READER_TEMPLATE, drift_reader_policy
from verify.checks.drift_reader import READ_LEVELS, check_stack
from verify.provider_schemas import schemas_for

from .conftest import changed, logical_id_of

PIPELINE_ACCOUNT = "111111111111"


def _policy(stack) -> list[Mapping[str, Any]]:
    return drift_reader_policy("items-api", PIPELINE_ACCOUNT, stack.account, stack.region)


@pytest.mark.component  # the synthesized stage, by name
@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_drift_reader_reads_every_resource_of_the_stage(request, stage) -> None:
    stack = request.getfixturevalue(stage)

    result = check_stack(bundled_catalog(), schemas_for(stack.region), stack, _policy(stack))

    assert result.findings == ()
    assert result.checked >= len(stack.resources) - 1  # all but CDK's metadata


def test_a_read_the_role_lacks_is_a_finding_naming_the_resource_and_the_action(prod) -> None:
    without_tables = [s for s in _policy(prod) if s.get("Sid") != "Tables"]

    result = check_stack(bundled_catalog(), schemas_for(prod.region), prod, without_tables)

    tables = {f.where for f in result.findings}
    assert tables and all("AWS::DynamoDB::Table" in where for where in tables)
    assert any("dynamodb:DescribeTable on arn:aws:dynamodb:us-east-1:333333333333:table/" in f.problem
               for f in result.findings)  # fmt: skip


def test_a_resource_outside_the_projects_names_is_a_finding(prod) -> None:
    table = logical_id_of(prod, "AWS::DynamoDB::Table", "Items")
    renamed = changed(prod, lambda t: t["Resources"][table]["Properties"].update(TableName="other-team-items"))

    result = check_stack(bundled_catalog(), schemas_for(prod.region), renamed, _policy(prod))

    assert [f.where for f in result.findings][:1] == [f"{prod.stack_name}/{table} (AWS::DynamoDB::Table)"]
    assert "table/other-team-items" in result.findings[0].problem


def test_write_actions_that_a_read_handler_lists_are_left_out_and_named(prod) -> None:
    result = check_stack(bundled_catalog(), schemas_for(prod.region), prod, _policy(prod))

    (note,) = [note for note in result.notes if note.startswith("write actions in read handlers")]
    assert "wafv2:AssociateWebACL" in note


def test_the_drift_reader_holds_read_and_list_actions_only() -> None:
    role = json.loads(DRIFT_READER_TEMPLATE.read_text())["Resources"]["DriftReaderRole"]["Properties"]
    actions = {
        action for policy in role["Policies"] for statement in policy["PolicyDocument"]["Statement"]
        for action in as_list(statement["Action"])
    }  # fmt: skip
    catalog = bundled_catalog()
    levels = {action: found.access_level for action in actions if (found := catalog.action(action)) is not None}

    assert {action: level for action, level in levels.items() if level not in READ_LEVELS} == {}


def test_the_drift_reader_trusts_only_the_pipelines_drift_check() -> None:
    role = json.loads(DRIFT_READER_TEMPLATE.read_text())["Resources"]["DriftReaderRole"]["Properties"]
    (statement,) = role["AssumeRolePolicyDocument"]["Statement"]

    assert statement["Condition"]["ArnEquals"]["aws:PrincipalArn"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::${PipelineAccount}:role/${Project}-drift-check"}
    ]
