"""Execution-policy coverage: every handler permission of every dev and prod resource is allowed, or exempted."""

from __future__ import annotations

import pytest

from verify.bootstrap import execution_policy
from verify.checks.coverage import CoverageCheck
from verify.provider_schemas import schemas_for

from .conftest import changed, logical_id_of


@pytest.fixture(scope="module")
def check(catalog) -> CoverageCheck:
    return CoverageCheck(catalog, schemas_for("us-east-1"))


def _policy(stack, project: str, without_sid: str = "", without_action: str = "") -> list[dict]:
    statements = [s for s in execution_policy(project, stack.account, stack.region) if s["Sid"] != without_sid]
    for statement in statements:
        if isinstance(statement["Action"], list) and without_action in statement["Action"]:
            statement["Action"] = [a for a in statement["Action"] if a != without_action]
    return statements


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_execution_policy_covers_every_handler_permission_of_the_stage(check, request, synthesized, stage) -> None:
    stack = request.getfixturevalue(stage)

    result = check.run(stack, _policy(stack, synthesized.config.project))

    assert result.findings == ()
    assert result.checked == len([r for r in stack.resources.values() if r["Type"] != "AWS::CDK::Metadata"])


def test_a_removed_grant_fails_naming_the_resource_the_permission_and_the_file(check, prod, synthesized) -> None:
    policy = _policy(prod, synthesized.config.project, without_sid="StopReleases")

    findings = check.run(prod, policy).findings

    alias = logical_id_of(prod, "AWS::Lambda::Alias")
    problems = {f.where.split("/")[1].split(" ")[0]: f for f in findings}
    assert problems[alias].problem.startswith("codedeploy:StopDeployment on * (update handler) is not allowed")
    assert problems[alias].fix == "allow codedeploy:StopDeployment on that ARN in bootstrap/cfn-execution-policy.json"


def test_a_role_passed_to_two_services_is_checked_for_each(check, dev, synthesized) -> None:
    policy = _policy(dev, synthesized.config.project, without_sid="PassCanaryRolesToSynthetics")

    findings = check.run(dev, policy).findings

    canary = logical_id_of(dev, "AWS::Synthetics::Canary")
    assert [f.problem for f in findings if canary in f.where] == [
        f"iam:PassRole on arn:aws:iam::{dev.account}:role/{dev.stack_name}-SyntheticsRole90A76F59-SAMPLESUFFIX1 "
        "with iam:PassedToService = synthetics.amazonaws.com (create handler) is not allowed"
    ]
    assert len(findings) == 1  # Lambda, the other service the role is passed to, is still allowed


def test_prod_autoscaling_needs_the_target_tracking_alarms(check, prod, synthesized) -> None:
    policy = _policy(prod, synthesized.config.project)
    for statement in policy:
        if statement["Sid"] == "ProjectAlarmsAndDashboards":
            statement["Resource"] = [r for r in statement["Resource"] if "TargetTracking" not in r]

    findings = check.run(prod, policy).findings

    assert any(
        "cloudwatch:PutMetricAlarm" in f.problem and "alarm:TargetTracking-table/" in f.problem for f in findings
    )
    assert all("ScalableTarget" in f.where for f in findings)


def test_a_condition_the_request_does_not_meet_is_a_finding(check, dev, synthesized) -> None:
    policy = _policy(dev, "another-project")  # the tag conditions then ask for Project=another-project

    findings = check.run(dev, policy).findings

    assert any("synthetics:CreateCanary" in f.problem for f in findings)


def test_an_exemption_stops_applying_when_its_property_is_set(check, dev, synthesized) -> None:
    function = logical_id_of(dev, "AWS::Lambda::Function", "FunctionHandler")
    in_a_vpc = changed(
        dev, lambda t: t["Resources"][function]["Properties"].update(VpcConfig={"SubnetIds": ["subnet-1"]})
    )

    findings = check.run(in_a_vpc, _policy(dev, synthesized.config.project)).findings

    assert {f.problem.split(" on ")[0] for f in findings} >= {"ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"}


def test_a_resource_type_the_verifier_does_not_know_is_a_finding(check, dev, synthesized) -> None:
    with_queue = changed(dev, lambda t: t["Resources"].update(Queue={"Type": "AWS::SQS::Queue", "Properties": {}}))

    (finding,) = check.run(with_queue, _policy(dev, synthesized.config.project)).findings

    assert finding.where.endswith("Queue (AWS::SQS::Queue)")
    assert finding.problem == "the verifier does not know this type's ARNs"


def test_a_key_whose_policy_does_not_name_the_execution_role_cannot_be_administered(check, dev, synthesized) -> None:
    key = logical_id_of(dev, "AWS::KMS::Key")

    def drop_administrator(template) -> None:
        statements = template["Resources"][key]["Properties"]["KeyPolicy"]["Statement"]
        statements[:] = [s for s in statements if s.get("Sid") != "AdministeredByDeployments"]

    findings = check.run(changed(dev, drop_administrator), _policy(dev, synthesized.config.project)).findings

    assert {f.problem.split(" on ")[0] for f in findings} >= {"kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"}


def test_a_role_without_the_boundary_cannot_be_created(check, dev, synthesized) -> None:
    role = logical_id_of(dev, "AWS::IAM::Role", "FunctionRole")
    unbounded = changed(dev, lambda t: t["Resources"][role]["Properties"].pop("PermissionsBoundary"))

    findings = check.run(unbounded, _policy(dev, synthesized.config.project)).findings

    assert any(f.problem.startswith("iam:CreateRole on") and "not allowed" in f.problem for f in findings)


def test_a_function_permission_for_anyone_is_not_covered(check, dev, synthesized) -> None:
    permission = next(k for k, r in dev.resources.items() if r["Type"] == "AWS::Lambda::Permission")
    public = changed(dev, lambda t: t["Resources"][permission]["Properties"].update(Principal="*"))

    findings = check.run(public, _policy(dev, synthesized.config.project)).findings

    assert [f.problem.split(" on ")[0] for f in findings] == ["lambda:AddPermission"]


def test_a_subscription_by_another_protocol_than_email_is_not_covered(check, dev, synthesized) -> None:
    topic = logical_id_of(dev, "AWS::SNS::Topic")
    properties = {"Protocol": "https", "Endpoint": "https://example.com/", "TopicArn": {"Ref": topic}}
    subscription = {"Type": "AWS::SNS::Subscription", "Properties": properties}
    with_https = changed(dev, lambda t: t["Resources"].update(Hook=subscription))

    findings = check.run(with_https, _policy(dev, synthesized.config.project)).findings

    assert [f.problem.split(" on ")[0] for f in findings] == ["sns:Subscribe"]
