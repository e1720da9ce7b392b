"""The canary under deploy verification: what Synthetics creates with the caller's permissions must be allowed by the
execution policy, and the canary's role must let the Synthetics runtime do its work (broken on purpose here)."""

from __future__ import annotations

import pytest

from verify.bootstrap import execution_policy
from verify.checks.coverage import CoverageCheck
from verify.checks.wiring import check_stack
from verify.provider_schemas import schemas_for

from .conftest import changed, logical_id_of


@pytest.fixture(scope="module")
def check(catalog) -> CoverageCheck:
    return CoverageCheck(catalog, schemas_for("us-east-1"))


def _without(stack, sid: str) -> list[dict]:
    return [s for s in execution_policy("items-api", stack.account, stack.region) if s["Sid"] != sid]


def _canary_findings(findings) -> dict[str, str]:
    return {f.problem.split(" on ")[0]: f.problem for f in findings if "AWS::Synthetics::Canary" in f.where}


def test_the_canary_function_synthetics_creates_must_be_allowed(check, dev) -> None:
    findings = _canary_findings(check.run(dev, _without(dev, "CanaryFunctionsAndLayers")).findings)

    assert "lambda:CreateFunction" in findings
    assert ":function:cwsyn-items-api-dev-" in findings["lambda:CreateFunction"]


def test_the_synthetics_runtime_layers_must_be_readable(check, dev) -> None:
    findings = _canary_findings(check.run(dev, _without(dev, "ReadSyntheticsRuntimeLayers")).findings)

    assert list(findings) == ["lambda:GetLayerVersion"]
    assert ":layer:Synthetics:1 (create handler) is not allowed" in findings["lambda:GetLayerVersion"]


def test_creating_a_canary_needs_the_project_tag_on_the_request(check, dev) -> None:
    def untag(template: dict) -> None:
        template["Resources"][logical_id_of(dev, "AWS::Synthetics::Canary")]["Properties"].pop("Tags")

    findings = _canary_findings(check.run(changed(dev, untag), _without(dev, "")).findings)

    assert findings["synthetics:CreateCanary"] == "synthetics:CreateCanary on * (create handler) is not allowed"


def test_a_canary_in_a_vpc_needs_the_ec2_lookups_its_exemption_leaves_out(check, dev) -> None:
    def into_a_vpc(template: dict) -> None:
        canary = template["Resources"][logical_id_of(dev, "AWS::Synthetics::Canary")]["Properties"]
        canary["VPCConfig"] = {"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]}

    findings = _canary_findings(check.run(changed(dev, into_a_vpc), _without(dev, "")).findings)

    assert "ec2:DescribeVpcs" in findings


def _canary_policy(template: dict, dev) -> list[dict]:
    policy = logical_id_of(dev, "AWS::IAM::Policy", "SyntheticsRole")
    return template["Resources"][policy]["Properties"]["PolicyDocument"]["Statement"]


def _wiring(stack) -> list[str]:
    return [f.problem for f in check_stack(stack, None).findings if "Synthetics" in f.where]


def test_a_canary_role_that_cannot_write_its_function_logs_fails(dev) -> None:
    def drop_logs(template: dict) -> None:
        statements = _canary_policy(template, dev)
        statements[:] = [s for s in statements if "logs:PutLogEvents" not in s["Action"]]

    (problem,) = _wiring(changed(dev, drop_logs))

    assert "cannot do what the Synthetics runtime does" in problem
    group = "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/cwsyn-items-api-dev-"
    assert f"logs:PutLogEvents on {group}" in problem


def test_a_canary_role_that_cannot_store_its_artifacts_fails(dev) -> None:
    def drop_put(template: dict) -> None:
        statements = _canary_policy(template, dev)
        statements[:] = [s for s in statements if "s3:PutObject" not in s["Action"]]

    (problem,) = _wiring(changed(dev, drop_put))

    assert "s3:PutObject on arn:aws:s3:::items-api-dev-syntheticsartifacts" in problem and "/runs/" in problem


def test_a_canary_role_whose_metrics_leave_the_synthetics_namespace_fails(dev) -> None:
    def other_namespace(template: dict) -> None:
        for statement in _canary_policy(template, dev):
            if statement["Action"] == "cloudwatch:PutMetricData":
                statement["Condition"] = {"StringEquals": {"cloudwatch:namespace": "Elsewhere"}}

    (problem,) = _wiring(changed(dev, other_namespace))

    assert "cloudwatch:PutMetricData on *" in problem


def test_a_canary_role_lambda_cannot_assume_fails(dev) -> None:
    role = logical_id_of(dev, "AWS::IAM::Role", "SyntheticsRole")

    def trust_someone_else(template: dict) -> None:
        trust = template["Resources"][role]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
        trust["Principal"] = {"Service": "ec2.amazonaws.com"}

    (problem,) = _wiring(changed(dev, trust_someone_else))

    assert problem == f"its role {role} does not let Lambda assume it, so the canary cannot run"
