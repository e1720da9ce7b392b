"""The drift check before each production deploy, for cdk.json and examples/three-waves.json: where it runs, whom it
reads through, and what tools/drift_check.sh does with CloudFormation's answers."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pipeline.drift import SCRIPT
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


def test_the_drift_check_runs_the_script_for_every_stack_of_the_wave(app: SynthesizedApp) -> None:
    resources = app.pipeline_template()["Resources"]
    role_id, _ = _drift_role(app)
    commands = [
        command
        for r in resources.values()
        if r["Type"] == "AWS::CodeBuild::Project" and r["Properties"]["ServiceRole"] == {"Fn::GetAtt": [role_id, "Arn"]}
        for command in json.loads(r["Properties"]["Source"]["BuildSpec"])["phases"]["build"]["commands"]
    ]
    for wave in _production(app):
        for env in wave.environments:
            assert f"bash {SCRIPT} stop drift-{env.name} {env.region} {app.config.project}-{env.name}" in commands


def _fake_aws(directory: Path, *, exists: bool, drifts: str, detection: str = "DETECTION_COMPLETE") -> None:
    """An `aws` executable answering the script's CloudFormation calls the way the AWS CLI prints them."""
    script = directory / "aws"
    missing = 'echo "An error occurred (ValidationError): Stack with id $STACK does not exist" >&2; exit 254'
    script.write_text(
        "#!/bin/sh\n"
        'case "$*" in\n'
        f'  *"describe-stacks"*) {"echo items-api-prod" if exists else missing} ;;\n'
        '  *"detect-stack-drift"*) echo 1111-2222 ;;\n'
        f'  *"describe-stack-drift-detection-status"*) printf "%s\\tNone\\n" {detection} ;;\n'
        f'  *"describe-stack-resource-drifts"*) printf "%s" "{drifts}" ;;\n'
        "  *) exit 2 ;;\n"
        "esac\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def _run(tmp_path: Path, mode: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "DRIFT_POLL_SECONDS": "0"}
    argv = ["bash", str(PROJECT_ROOT / SCRIPT), mode, "drift-prod", "us-east-1", "items-api-prod"]
    return subprocess.run(argv, capture_output=True, text=True, env=env, check=False)


DRIFTED = "MODIFIED\tTable\tAWS::DynamoDB::Table\titems-api-prod-Table-1\n"


def test_a_drifted_stack_stops_the_release_listing_the_drifted_resources(tmp_path: Path) -> None:
    _fake_aws(tmp_path, exists=True, drifts=DRIFTED)

    result = _run(tmp_path, "stop")

    assert result.returncode == 1
    assert "items-api-prod (us-east-1) has drifted" in result.stdout
    assert "MODIFIED\tTable\tAWS::DynamoDB::Table" in result.stdout


def test_with_warn_a_drifted_stack_is_listed_and_the_release_goes_on(tmp_path: Path) -> None:
    _fake_aws(tmp_path, exists=True, drifts=DRIFTED)

    result = _run(tmp_path, "warn")

    assert result.returncode == 0
    assert "WARNING: deploying over drift" in result.stdout


def test_a_stack_in_sync_passes(tmp_path: Path) -> None:
    _fake_aws(tmp_path, exists=True, drifts="")

    result = _run(tmp_path, "stop")

    assert (result.returncode, result.stdout.strip()) == (0, "items-api-prod (us-east-1): in sync")


def test_a_stack_not_deployed_yet_has_nothing_to_drift(tmp_path: Path) -> None:
    _fake_aws(tmp_path, exists=False, drifts="")

    result = _run(tmp_path, "stop")

    assert result.returncode == 0
    assert "not deployed yet" in result.stdout


@pytest.mark.parametrize("mode", ["stop", "warn"])
def test_a_detection_that_could_not_complete_fails_in_either_mode(tmp_path: Path, mode: str) -> None:
    _fake_aws(tmp_path, exists=True, drifts="", detection="DETECTION_FAILED")

    result = _run(tmp_path, mode)

    assert result.returncode == 1
    assert "did not complete (DETECTION_FAILED)" in result.stderr
