"""What a prod update would destroy: stateful replacements and deletions, the items table blocked."""

from __future__ import annotations

import copy
import json

import pytest

from verify.change_check import compare
from verify.change_check.cli import main

from .conftest import logical_id_of

REGION = "us-east-1"


@pytest.fixture(scope="module")
def deployed(prod) -> dict:
    return copy.deepcopy(dict(prod.template))


def _items_table(template: dict) -> str:
    (table,) = [key for key, r in template["Resources"].items() if "DataProtection" in r.get("Metadata", {})]
    return table


def test_the_same_template_destroys_nothing(deployed) -> None:
    report = compare(deployed, deployed, REGION)

    assert report.changes == ()
    assert report.verdict() == "none"


def test_a_stack_not_deployed_yet_has_nothing_to_destroy(deployed) -> None:
    assert compare(None, deployed, REGION).changes == ()


def test_renaming_the_items_tables_construct_deletes_it_and_is_blocked(deployed) -> None:
    new = copy.deepcopy(deployed)
    table = _items_table(new)
    new["Resources"][f"{table}Renamed"] = new["Resources"].pop(table)

    report = compare(deployed, new, REGION)

    (change,) = [c for c in report.changes if c.logical_id == table]
    assert (change.kind, change.protected, change.retained) == ("deleted", True, True)
    assert report.blocked(allow_data_replacement=False) == [change]
    assert report.blocked(allow_data_replacement=True) == []


def test_a_create_only_property_change_replaces_the_resource(deployed) -> None:
    new = copy.deepcopy(deployed)
    new["Resources"][_items_table(new)]["Properties"]["TableName"] = "items-renamed"

    (change,) = compare(deployed, new, REGION).changes

    assert change.kind == "replaced"
    assert change.reason == "create-only TableName changes"


def test_stateless_resources_may_come_and_go(deployed, prod) -> None:
    new = copy.deepcopy(deployed)
    function = logical_id_of(prod, "AWS::Lambda::Function", "FunctionHandler")
    new["Resources"][f"{function}Renamed"] = new["Resources"].pop(function)

    assert compare(deployed, new, REGION).changes == ()


def test_a_replaced_log_group_is_reported_but_not_blocked(deployed, prod) -> None:
    new = copy.deepcopy(deployed)
    group = logical_id_of(prod, "AWS::Logs::LogGroup", "FirewallLogs")
    new["Resources"][group]["Properties"]["LogGroupName"] = "aws-waf-logs-other"

    report = compare(deployed, new, REGION)

    assert [c.logical_id for c in report.changes] == [group]
    assert report.blocked(allow_data_replacement=False) == []
    assert report.verdict() == "YES: 1 replaced, 0 deleted, review the check's log"


def test_the_check_fails_the_run_only_for_protected_data_unless_allowed(deployed, prod, tmp_path, capsys) -> None:
    new = copy.deepcopy(deployed)
    new["Resources"].pop(_items_table(new))
    (tmp_path / "deployed.json").write_text(json.dumps(deployed))
    (tmp_path / "new.json").write_text(json.dumps(new))
    files = {"--template": "new.json", "--deployed": "deployed.json", "--verdict-file": "verdict.txt"}
    common = ["--stack-name", prod.stack_name, "--region", REGION]
    common += [part for option, name in files.items() for part in (option, str(tmp_path / name))]

    blocked = main(common)
    allowed = main([*common, "--allow-data-replacement"])

    assert (blocked, allowed) == (1, 0)
    assert (tmp_path / "verdict.txt").read_text() == "YES: 0 replaced, 1 deleted, review the check's log"
    assert "would destroy protected data: " + _items_table(deployed) in capsys.readouterr().err


def test_replacing_a_resource_that_keeps_its_own_name_always_fails() -> None:
    """CloudFormation cannot replace a custom-named resource: a named managed policy whose description changes."""
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    policy = {"ManagedPolicyName": "items-api-prod-approvers", "Description": "old", "PolicyDocument": document}
    deployed = {"Resources": {"Approvers": {"Type": "AWS::IAM::ManagedPolicy", "Properties": policy}}}
    new = copy.deepcopy(deployed)
    new["Resources"]["Approvers"]["Properties"]["Description"] = "new"

    report = compare(deployed, new, REGION)

    [change] = report.changes
    assert (change.logical_id, change.kind) == ("Approvers", "fails") and "custom-named" in change.reason
    assert report.blocked(allow_data_replacement=True) == [change]  # no setting lets CloudFormation do it


def test_a_renamed_construct_whose_resource_keeps_its_name_always_fails(deployed, prod) -> None:
    """The new alarm is created before the old one is deleted: 'already exists'."""
    new = copy.deepcopy(deployed)
    alarm = next(
        k
        for k, r in new["Resources"].items()
        if r["Type"] == "AWS::CloudWatch::Alarm" and "AlarmName" in r["Properties"]
    )
    new["Resources"][f"{alarm}Moved"] = new["Resources"].pop(alarm)

    report = compare(deployed, new, REGION)

    [change] = report.changes
    assert (change.logical_id, change.kind) == (f"{alarm}Moved", "fails")
    assert f"takes the AlarmName of {alarm}" in change.reason
    assert report.verdict() == "YES: 0 replaced, 0 deleted, 1 would fail, review the check's log"
