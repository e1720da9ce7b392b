"""The drift check before each production deploy, for cdk.json and examples/three-waves.json: where it runs, whom it
reads through, and what tools/drift_check.sh does with CloudFormation's answers."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.drift import SCRIPT
from pipeline.scaling_drift import owned_paths, reported
from tests.unit.conftest import PROJECT_ROOT, SynthesizedApp
from tests.unit.pipeline.layout import pipeline_stages, run_order

pytestmark = pytest.mark.component  # synthesizes (through `app`) and runs tools/drift_check.sh


@pytest.fixture(scope="module", params=["synthesized", "three_waves"])
def app(request: pytest.FixtureRequest) -> SynthesizedApp:
    return request.getfixturevalue(request.param)


def _production(app: SynthesizedApp) -> list[Any]:
    return [wave for wave in app.config.waves if wave.controls is not None]


def test_every_production_stage_checks_drift_beside_its_approval_and_before_its_deploys(app: SynthesizedApp) -> None:
    stages = pipeline_stages(app)
    for wave in _production(app):
        actions = {action["Name"]: action for action in stages[wave.name.capitalize()]}
        drift = actions[f"{wave.name.capitalize()}DriftCheck"]
        deploys = [action for name, action in actions.items() if name.endswith(".Deploy")]

        assert run_order(drift) == run_order(actions["Approve"])
        assert deploys and all(run_order(deploy) > run_order(drift) for deploy in deploys)


def test_no_pre_production_stage_checks_drift(app: SynthesizedApp) -> None:
    stages = pipeline_stages(app)
    for wave in app.config.waves:
        if wave.controls is None:
            assert not [a for a in stages[wave.name.capitalize()] if a["Name"].endswith("DriftCheck")]


def _drift_role(app: SynthesizedApp) -> tuple[str, list[dict[str, Any]]]:
    resources = app.pipeline_template()["Resources"]
    (role_id,) = [
        key for key, r in resources.items()
        if r["Type"] == "AWS::IAM::Role" and r["Properties"].get("RoleName") == f"{app.config.project}-drift-check"
    ]  # fmt: skip
    statements = [
        statement
        for r in resources.values()
        if r["Type"] == "AWS::IAM::Policy" and {"Ref": role_id} in r["Properties"]["Roles"]
        for statement in r["Properties"]["PolicyDocument"]["Statement"]
    ]
    return role_id, statements


def test_the_drift_check_may_assume_only_the_drift_readers_of_production_environments(app: SynthesizedApp) -> None:
    _, statements = _drift_role(app)
    assumed = {
        arn for s in statements if s["Action"] == "sts:AssumeRole"
        for arn in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])
    }  # fmt: skip
    expected = {
        f"arn:aws:iam::{env.account}:role/drift-reader-{app.config.project}-{env.region}"
        for wave in _production(app) for env in wave.environments
    }  # fmt: skip

    assert assumed == expected


def _commands(app: SynthesizedApp) -> list[str]:
    resources = app.pipeline_template()["Resources"]
    role_id, _ = _drift_role(app)
    return [
        command
        for r in resources.values()
        if r["Type"] == "AWS::CodeBuild::Project" and r["Properties"]["ServiceRole"] == {"Fn::GetAtt": [role_id, "Arn"]}
        for command in json.loads(r["Properties"]["Source"]["BuildSpec"])["phases"]["build"]["commands"]
    ]


def test_the_drift_check_runs_the_script_for_every_stack_of_the_wave(app: SynthesizedApp) -> None:
    commands = _commands(app)
    for wave in _production(app):
        for env in wave.environments:
            (command,) = [c for c in commands if c.startswith(f"bash {SCRIPT} stop drift-{env.name} {env.region} ")]
            assert shlex.split(command)[5] == f"{app.config.project}-{env.name}"


def _template_of(app: SynthesizedApp, stack_name: str) -> dict[str, Any]:
    for path in app.outdir.rglob("*.template.json"):
        manifest = json.loads((path.parent / "manifest.json").read_text())
        for artifact in manifest["artifacts"].values():
            if artifact.get("properties", {}).get("templateFile") == path.name and (
                artifact["properties"].get("stackName") == stack_name
            ):
                return json.loads(path.read_text())
    raise AssertionError(f"no template for {stack_name}")


def test_each_stack_is_checked_leaving_out_what_its_templates_scalable_targets_change(app: SynthesizedApp) -> None:
    commands = _commands(app)
    for wave in _production(app):
        for env in wave.environments:
            (command,) = [c for c in commands if c.startswith(f"bash {SCRIPT} stop drift-{env.name} ")]
            stack, filter_ = shlex.split(command)[5:7]
            owned = owned_paths(_template_of(app, stack)["Resources"])

            assert filter_ == reported(owned)
            assert set(next(iter(owned.values()))) == {
                "/ProvisionedThroughput/ReadCapacityUnits", "/ProvisionedThroughput/WriteCapacityUnits"
            }  # fmt: skip


FAKE_AWS = r"""
import json, sys, jmespath
args = sys.argv[1:]
report, exists, detection = json.loads(open(sys.argv[0] + ".json").read())
def option(name):
    return args[args.index(name) + 1]
if "describe-stacks" in args:
    if not exists:
        sys.exit(print("An error occurred (ValidationError): Stack with id x does not exist", file=sys.stderr) or 254)
    print("items-api-prod")
elif "detect-stack-drift" in args:
    print("1111-2222")
elif "describe-stack-drift-detection-status" in args:
    print(detection + "\tNone")
elif "describe-stack-resource-drifts" in args:
    drifts = [d for d in report if d["StackResourceDriftStatus"] in ("MODIFIED", "DELETED")]
    rows = jmespath.search(option("--query"), {"StackResourceDrifts": drifts}) or []
    print("\n".join("\t".join(row) for row in rows), end="\n" if rows else "")
else:
    sys.exit(2)
"""


def _fake_aws(directory: Path, *, exists: bool, drifts: list[dict], detection: str = "DETECTION_COMPLETE") -> None:
    """An `aws` executable that answers the script's CloudFormation calls from a drift report (the
    DescribeStackResourceDrifts shape), applying the script's own --query as the AWS CLI does, printing text."""
    script = directory / "aws"
    script.write_text(f"#!{sys.executable}\n{FAKE_AWS}")
    (directory / "aws.json").write_text(json.dumps([drifts, exists, detection]))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


TABLE = "DataItemsTable6FDECDF4"
OWNED = {TABLE: ["/ProvisionedThroughput/ReadCapacityUnits", "/ProvisionedThroughput/WriteCapacityUnits"]}


def _run(tmp_path: Path, mode: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "DRIFT_POLL_SECONDS": "0"}
    argv = ["bash", str(PROJECT_ROOT / SCRIPT), mode, "drift-prod", "us-east-1", "items-api-prod", reported(OWNED)]
    return subprocess.run(argv, capture_output=True, text=True, env=env, check=False)


def _drift(status: str, *paths: str, logical_id: str = TABLE) -> dict[str, Any]:
    return {
        "StackResourceDriftStatus": status,
        "LogicalResourceId": logical_id,
        "ResourceType": "AWS::DynamoDB::Table",
        "PhysicalResourceId": "items-api-prod-Table-1",
        "PropertyDifferences": [
            {"PropertyPath": path, "ExpectedValue": "5", "ActualValue": "40", "DifferenceType": "NOT_EQUAL"}
            for path in paths
        ],
    }


DRIFTED = [_drift("MODIFIED", "/ProvisionedThroughput/ReadCapacityUnits", "/SSESpecification/SSEEnabled")]


def test_capacity_that_auto_scaling_changed_is_not_drift(tmp_path: Path) -> None:
    scaled = _drift("MODIFIED", "/ProvisionedThroughput/ReadCapacityUnits", "/ProvisionedThroughput/WriteCapacityUnits")
    _fake_aws(tmp_path, exists=True, drifts=[scaled, _drift("IN_SYNC")])

    result = _run(tmp_path, "stop")

    assert (result.returncode, result.stdout.strip()) == (0, "items-api-prod (us-east-1): in sync")


@pytest.mark.parametrize(
    "drift",
    [
        _drift("DELETED"),
        _drift("MODIFIED", "/ProvisionedThroughput/ReadCapacityUnits", logical_id="OtherTable"),
        _drift("MODIFIED", "/GlobalSecondaryIndexes/0" + OWNED[TABLE][0]),  # an index's capacity: not owned
    ],
)
def test_capacity_no_scalable_target_owns_and_a_deleted_table_are_drift(tmp_path: Path, drift: dict) -> None:
    _fake_aws(tmp_path, exists=True, drifts=[drift])

    result = _run(tmp_path, "stop")

    assert result.returncode == 1
    assert f"{drift['StackResourceDriftStatus']}\t{drift['LogicalResourceId']}" in result.stdout


def test_a_drifted_stack_stops_the_release_listing_the_drifted_resources(tmp_path: Path) -> None:
    _fake_aws(tmp_path, exists=True, drifts=DRIFTED)

    result = _run(tmp_path, "stop")

    assert result.returncode == 1
    assert "items-api-prod (us-east-1) has drifted" in result.stdout
    assert f"MODIFIED\t{TABLE}\tAWS::DynamoDB::Table" in result.stdout


def test_with_warn_a_drifted_stack_is_listed_and_the_release_goes_on(tmp_path: Path) -> None:
    _fake_aws(tmp_path, exists=True, drifts=DRIFTED)

    result = _run(tmp_path, "warn")

    assert result.returncode == 0
    assert "WARNING: deploying over drift" in result.stdout


def test_a_stack_in_sync_passes(tmp_path: Path) -> None:
    _fake_aws(tmp_path, exists=True, drifts=[])

    result = _run(tmp_path, "stop")

    assert (result.returncode, result.stdout.strip()) == (0, "items-api-prod (us-east-1): in sync")


def test_a_stack_not_deployed_yet_has_nothing_to_drift(tmp_path: Path) -> None:
    _fake_aws(tmp_path, exists=False, drifts=[])

    result = _run(tmp_path, "stop")

    assert result.returncode == 0
    assert "not deployed yet" in result.stdout


@pytest.mark.parametrize("mode", ["stop", "warn"])
def test_a_detection_that_could_not_complete_fails_in_either_mode(tmp_path: Path, mode: str) -> None:
    _fake_aws(tmp_path, exists=True, drifts=[], detection="DETECTION_FAILED")

    result = _run(tmp_path, mode)

    assert result.returncode == 1
    assert "did not complete (DETECTION_FAILED)" in result.stderr
