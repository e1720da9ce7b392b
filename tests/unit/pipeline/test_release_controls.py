"""Release controls on production stages (CodePipeline V2 stage conditions), for cdk.json and
examples/three-waves.json: the entry gate on the previous wave's alarms, the bake, rollback on failure; and the
rule role that reads the targets' alarm states and nothing else."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import botocore.session
import jmespath
import pytest

from configuration import EnvironmentConfig, project_context, stage_id
from pipeline.release_controls import health_check
from tests.tiers import component
from tests.unit.conftest import SynthesizedApp, synthesize
from tests.unit.pipeline.layout import condition_steps, pipeline_stages, sequential_steps

Stage = dict[str, Any]
RULE_LOG_ACTIONS = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")
COMMANDS_RULE = {"Category": "Rule", "Owner": "AWS", "Provider": "Commands", "Version": "1"}


@pytest.fixture(scope="module", params=["synthesized", "three_waves"])
@component("synthesizes the app or the three-wave example, by name")
def app(request: pytest.FixtureRequest) -> SynthesizedApp:
    return request.getfixturevalue(request.param)


def _stages(app: SynthesizedApp) -> dict[str, Stage]:
    resources = app.pipeline_template()["Resources"]
    (pipeline,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CodePipeline::Pipeline"]
    return {stage["Name"]: stage for stage in pipeline["Stages"]}


def _rule_role(app: SynthesizedApp) -> tuple[str, dict[str, Any]]:
    resources = app.pipeline_template()["Resources"]
    (found,) = [
        (key, r) for key, r in resources.items()
        if r["Type"] == "AWS::IAM::Role" and r["Properties"].get("RoleName") == f"{app.config.project}-pipeline"
    ]  # fmt: skip
    return found


def _reader(environment: EnvironmentConfig) -> str:
    return f"arn:aws:iam::{environment.account}:role/stack-reader-items-api-{environment.region}"


def _production(app: SynthesizedApp) -> list[tuple[int, Any]]:
    return [(index, wave) for index, wave in enumerate(app.config.waves) if wave.controls is not None]


def test_every_production_stage_is_entered_only_while_the_previous_waves_alarms_are_ok(app: SynthesizedApp) -> None:
    stages = _stages(app)
    for index, wave in _production(app):
        previous = app.config.waves[index - 1]
        (condition,) = stages[wave.name.capitalize()]["BeforeEntry"]["Conditions"]

        assert condition["Result"] == "FAIL"
        assert [rule["Name"] for rule in condition["Rules"]] == [f"Healthy-{env.name}" for env in previous.environments]
        for rule, env in zip(condition["Rules"], previous.environments, strict=True):
            assert rule["RuleTypeId"] == COMMANDS_RULE
            assert _reader(env) in rule["Commands"][0]
            assert "--alarm-types MetricAlarm CompositeAlarm" in rule["Commands"][0]
            assert f"--alarm-name-prefix items-api-{env.name}- --state-value ALARM" in rule["Commands"][0]


def test_every_production_stage_bakes_its_own_environments_and_rolls_back_when_an_alarm_fires(
    app: SynthesizedApp,
) -> None:
    stages = _stages(app)
    for _, wave in _production(app):
        (condition,) = stages[wave.name.capitalize()]["OnSuccess"]["Conditions"]

        assert condition["Result"] == "ROLLBACK"
        assert [rule["Name"] for rule in condition["Rules"]] == [f"Bake-{env.name}" for env in wave.environments]
        for rule, env in zip(condition["Rules"], wave.environments, strict=True):
            assert f"+{wave.controls.bake_minutes * 60}))" in rule["Commands"][0]
            assert _reader(env) in rule["Commands"][0]


def test_production_stages_roll_back_on_failure_and_no_other_stage_has_a_condition(app: SynthesizedApp) -> None:
    production = {wave.name.capitalize() for _, wave in _production(app)}
    for name, stage in _stages(app).items():
        conditions = {key for key in ("BeforeEntry", "OnSuccess", "OnFailure") if key in stage}
        if name in production:
            assert stage["OnFailure"] == {"Result": "ROLLBACK"}
        else:
            assert conditions == set(), name


def test_no_commands_rule_names_a_role(app: SynthesizedApp) -> None:
    """CodePipeline runs a Commands rule as the pipeline's service role (its rule reference) without a RoleArn;
    naming it may make UpdatePipeline ask that the role can assume itself (aws/aws-cdk#11353)."""
    rules = [rule for stage in _stages(app).values() for key in ("BeforeEntry", "OnSuccess")
             for condition in stage.get(key, {}).get("Conditions", []) for rule in condition["Rules"]]  # fmt: skip

    assert rules and all(rule["RuleTypeId"] == COMMANDS_RULE and "RoleArn" not in rule for rule in rules)


def test_the_pipeline_runs_as_the_fixed_name_role_the_readers_trust(app: SynthesizedApp) -> None:
    role_id, _ = _rule_role(app)
    assert _pipeline_role(app) == role_id


def _pipeline_role(app: SynthesizedApp) -> str:
    resources = app.pipeline_template()["Resources"]
    (pipeline,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CodePipeline::Pipeline"]
    return pipeline["RoleArn"]["Fn::GetAtt"][0]


def test_the_stack_makes_no_log_group_codepipeline_creates_for_the_rules(app: SynthesizedApp) -> None:
    """CodePipeline creates /aws/codepipeline/<pipeline> when a rule runs: a group of that name made by the stack
    would collide with it, and a retained one with the stack made again."""
    resources = app.pipeline_template()["Resources"]
    groups = [r for r in resources.values() if r["Type"] == "AWS::Logs::LogGroup"
              and "/aws/codepipeline/" in json.dumps(r["Properties"].get("LogGroupName"))]  # fmt: skip

    assert groups == []


def test_the_pipeline_role_may_assume_only_the_reader_roles_of_the_environments_it_checks(app: SynthesizedApp) -> None:
    role_id, _ = _rule_role(app)
    resources = app.pipeline_template()["Resources"]
    statements = [
        statement
        for r in resources.values()
        if r["Type"] == "AWS::IAM::Policy" and {"Ref": role_id} in r["Properties"]["Roles"]
        for statement in r["Properties"]["PolicyDocument"]["Statement"]
    ]
    assumed = {arn for s in statements if s["Action"] == "sts:AssumeRole" for arn in s["Resource"]
               if isinstance(arn, str) and ":role/stack-reader-" in arn}  # fmt: skip
    checked = {
        env for index, wave in _production(app)
        for env in (*app.config.waves[index - 1].environments, *wave.environments)
    }  # fmt: skip
    other = {s["Action"] if isinstance(s["Action"], str) else tuple(s["Action"]) for s in statements} - {
        "sts:AssumeRole"
    }

    assert assumed == {_reader(env) for env in checked}
    assert RULE_LOG_ACTIONS in other  # CodePipeline's Commands rule reference, CreateLogGroup included
    (logs,) = [s for s in statements if s["Action"] == list(RULE_LOG_ACTIONS)]
    group = r"arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:/aws/codepipeline/items-api-delivery:\*"
    assert re.fullmatch(group, logs["Resource"])


def _fake_aws(directory: Path, firing: str) -> None:
    """An `aws` executable that answers the two calls of the health check the way the AWS CLI prints them."""
    script = directory / "aws"
    script.write_text(
        "#!/bin/sh\n"
        'case "$*" in\n'
        '  "sts assume-role "*) echo "AKIA SECRET TOKEN" ;;\n'
        '  "cloudwatch describe-alarms "*) [ "$AWS_SESSION_TOKEN" = TOKEN ] || exit 255;'
        f' printf "%s\\n" "{firing}" ;;\n'
        "  *) exit 2 ;;\n"
        "esac\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def _run_health_check(tmp_path: Path, synthesized: SynthesizedApp, firing: str) -> subprocess.CompletedProcess:
    _fake_aws(tmp_path, firing)
    dev = synthesized.config.environments["dev"]
    line = health_check(synthesized.stack, synthesized.config.project, dev)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    return subprocess.run(["bash", "-c", line], capture_output=True, text=True, env=env, check=False)


def test_the_health_check_fails_naming_the_alarms_in_alarm(tmp_path: Path, synthesized: SynthesizedApp) -> None:
    result = _run_health_check(tmp_path, synthesized, "items-api-dev-api-5xx-rate\titems-api-dev-synthetics")

    assert result.returncode == 1
    assert "dev (222222222222 us-east-1): in ALARM: items-api-dev-api-5xx-rate" in result.stdout
    assert "items-api-dev-synthetics" in result.stdout


def test_the_health_check_passes_when_no_alarm_is_in_alarm(tmp_path: Path, synthesized: SynthesizedApp) -> None:
    result = _run_health_check(tmp_path, synthesized, "")

    assert result.returncode == 0
    assert "no alarm in ALARM" in result.stdout


def test_the_rules_fit_codepipelines_api_limits(app: SynthesizedApp) -> None:
    """Rule names, command lists and commands within botocore's codepipeline model (RuleName, CommandList,
    Command), and conditions of at most five rules (RuleDeclarationList)."""
    model = botocore.session.get_session().get_service_model("codepipeline")
    name, commands, command, rules = (
        model.shape_for(shape).metadata for shape in ("RuleName", "CommandList", "Command", "RuleDeclarationList")
    )
    for stage in _stages(app).values():
        for key in ("BeforeEntry", "OnSuccess"):
            for condition in stage.get(key, {}).get("Conditions", []):
                assert rules["min"] <= len(condition["Rules"]) <= rules["max"]
                for rule in condition["Rules"]:
                    assert re.fullmatch(name["pattern"], rule["Name"]) and len(rule["Name"]) <= name["max"]
                    assert commands["min"] <= len(rule["Commands"]) <= commands["max"]
                    assert all(command["min"] <= len(line) <= command["max"] for line in rule["Commands"])
                    assert not any("\n" in line for line in rule["Commands"])  # single-line commands only


def test_the_critical_path_adds_one_entry_gate_and_one_bake_per_production_wave(app: SynthesizedApp) -> None:
    """docs/pipeline.md: 9 sequential actions + 2 release-control checks by default (11 + 2 for three waves)."""
    expected_actions = 9 if len(app.config.waves) == 2 else 11

    assert sequential_steps(pipeline_stages(app)) == expected_actions
    assert condition_steps(app) == 2 * len(_production(app)) == 2


@pytest.mark.component  # synthesizes
def test_with_only_rollback_on_there_is_no_rule_and_no_rule_role(tmp_path_factory: pytest.TempPathFactory) -> None:
    context = project_context()
    waves = json.loads(json.dumps(context["waves"]))
    waves[1]["releaseControls"] = {"entryGate": False, "bakeMinutes": 0, "rollback": True, "drift": "off"}

    app = synthesize(tmp_path_factory.mktemp("cdk.out.rollback-only"), waves=waves)
    stages = _stages(app)
    roles = [r for r in app.pipeline_template()["Resources"].values() if r["Type"] == "AWS::IAM::Role"]

    assert stages["Prod"]["OnFailure"] == {"Result": "ROLLBACK"}
    assert "BeforeEntry" not in stages["Prod"] and "OnSuccess" not in stages["Prod"]
    assert not [r for r in roles if r["Properties"].get("RoleName") in ("items-api-drift-check",)]


def _alarms_of(app: SynthesizedApp, env: str) -> set[str]:
    """The alarm names of one environment's service stack template (its file is named after the stage)."""
    pattern = re.compile(rf"DeliveryPipeline{stage_id(env)}Service[0-9A-F]{{8}}\.template\.json")
    (path,) = [p for p in app.outdir.rglob("*.template.json") if pattern.fullmatch(p.name)]
    resources = json.loads(path.read_text())["Resources"].values()
    return {r["Properties"]["AlarmName"] for r in resources if r["Type"] in ALARM_TYPES}


ALARM_TYPES = ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")


def test_an_environments_alarm_check_sees_its_own_alarms_and_not_those_of_a_longer_name(three_waves) -> None:
    """`items-api-prod-` also prefixes prod-eu's alarms: the rule's query leaves those out (three-waves example)."""
    names = sorted(name for env in ("prod", "prod-eu") for name in _alarms_of(three_waves, env))
    for env in ("prod", "prod-eu"):
        config = three_waves.config
        line = health_check(three_waves.stack, "items-api", config.environments[env], tuple(config.environments))
        prefix_option = re.search(r"--alarm-name-prefix (\S+)", line)
        assert prefix_option is not None, line
        prefix = prefix_option.group(1)
        listed = [{"AlarmName": name} for name in names if name.startswith(prefix)]  # as DescribeAlarms filters
        described = {"MetricAlarms": listed[1:], "CompositeAlarms": listed[:1]}
        query_option = re.search(r'--state-value ALARM --query "([^"]+)"', line)
        assert query_option is not None, line
        query = query_option.group(1)

        assert set(jmespath.search(query, described)) == _alarms_of(three_waves, env)
