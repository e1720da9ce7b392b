"""Every AWS CLI call of the pipeline's rules and tools/ scripts is allowed to the role it runs as, on the ARN AWS
authorizes it against (verify/data/aws_cli_calls.json); a call the table lacks fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.conftest import SynthesizedApp
from verify.assembly import DeployedStack
from verify.bootstrap import READER_TEMPLATE
from verify.checks.cli_calls import TABLE, check, parse_calls
from verify.findings import CheckResult

from .conftest import changed


def _run(synthesized: SynthesizedApp, stacks: dict[str, DeployedStack], **kwargs) -> CheckResult:
    config = synthesized.config
    targets = sorted({(env.account, env.region) for env in config.environments.values()})
    return check(list(stacks.values()), config.project, config.pipeline_account, targets, **kwargs)


def _pipeline(stacks: dict[str, DeployedStack]) -> DeployedStack:
    return next(s for s in stacks.values() if s.stack_name.endswith("-pipeline"))


def test_the_synthesized_rules_and_the_drift_script_pass(synthesized, stacks) -> None:
    result = _run(synthesized, stacks)

    assert result.findings == ()
    assert result.checked >= 8  # the rules' assume-role, trust and describe-alarms; the drift script's calls


def test_alarms_scoped_to_the_project_prefix_fail_describe_alarms(synthesized, stacks, tmp_path: Path) -> None:
    broken = tmp_path / "stack-reader-role.json"
    broken.write_text(READER_TEMPLATE.read_text().replace(":alarm:*", ":alarm:${Project}-*"))

    result = _run(synthesized, stacks, reader=broken)

    assert result.findings
    assert all("cloudwatch:DescribeAlarms on arn:aws:cloudwatch:" in f.problem for f in result.findings)
    assert all(":alarm:* is not allowed" in f.problem for f in result.findings)


def test_a_reader_trust_that_does_not_admit_the_rules_role_fails(synthesized, stacks, tmp_path: Path) -> None:
    broken = tmp_path / "stack-reader-role.json"
    broken.write_text(READER_TEMPLATE.read_text().replace("role/${Project}-pipeline", "role/${Project}-release-gate"))

    result = _run(synthesized, stacks, reader=broken)

    assert result.findings and all("does not admit" in f.problem for f in result.findings)


def test_a_call_missing_from_the_table_fails(synthesized, stacks, tmp_path: Path) -> None:
    table = json.loads(TABLE.read_text())
    del table["calls"]["cloudwatch describe-alarms"]
    smaller = tmp_path / "calls.json"
    smaller.write_text(json.dumps(table))

    result = _run(synthesized, stacks, table=smaller)

    assert result.findings and all("`aws cloudwatch describe-alarms` is not in" in f.problem for f in result.findings)


def test_a_rule_whose_role_may_not_assume_the_reader_fails(synthesized, stacks) -> None:
    pipeline = _pipeline(stacks)

    def drop_assume(template: dict) -> None:
        for resource in template["Resources"].values():
            if resource["Type"] == "AWS::IAM::Policy":
                statements = resource["Properties"]["PolicyDocument"]["Statement"]
                statements[:] = [s for s in statements if "stack-reader" not in json.dumps(s.get("Resource"))]

    result = _run(synthesized, {**stacks, pipeline.stack_name: changed(pipeline, drop_assume)})

    assert result.findings and all("sts:AssumeRole on arn:aws:iam::" in f.problem for f in result.findings)


def test_a_commands_rule_that_names_a_role_fails(synthesized, stacks) -> None:
    pipeline = _pipeline(stacks)

    def name_the_pipeline_role(template: dict) -> None:
        for resource in template["Resources"].values():
            if resource["Type"] == "AWS::CodePipeline::Pipeline":
                for stage in resource["Properties"]["Stages"]:
                    for when in ("BeforeEntry", "OnSuccess"):
                        for condition in (stage.get(when) or {}).get("Conditions", []):
                            for rule in condition["Rules"]:
                                rule["RoleArn"] = resource["Properties"]["RoleArn"]

    result = _run(synthesized, {**stacks, pipeline.stack_name: changed(pipeline, name_the_pipeline_role)})

    assert result.findings and all("the Commands rule names a RoleArn" in f.problem for f in result.findings)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("aws sts assume-role --role-arn R --role-session-name s", ("sts", "assume-role", {"--role-arn": "R"})),
        ('cfn=(aws --profile "$p" cloudformation)\n"${cfn[@]}" describe-stacks --stack-name S',
         ("cloudformation", "describe-stacks", {"--stack-name": "S"})),
    ],
)  # fmt: skip
def test_calls_are_read_with_their_options_and_array_prefixes(line, expected) -> None:
    (call,) = parse_calls(line)

    assert (call.service, call.operation) == expected[:2]
    assert expected[2].items() <= call.options.items()
