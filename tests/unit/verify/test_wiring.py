"""Wiring: publishers may publish (scoped to this account), log writers may write, roles' policies exist first."""

from __future__ import annotations

from pathlib import Path

from verify.bootstrap import APIGATEWAY_LOGGING_TEMPLATE, apigateway_logging_role
from verify.checks.wiring import check_stack

PROJECT = "items-api"


def _check(stack, logging_template: Path = APIGATEWAY_LOGGING_TEMPLATE):
    return check_stack(stack, apigateway_logging_role(stack, PROJECT, logging_template))


def _topic_policy_statements(template: dict) -> list[dict]:
    (policy,) = [r for r in template["Resources"].values() if r["Type"] == "AWS::SNS::TopicPolicy"]
    return policy["Properties"]["PolicyDocument"]["Statement"]


def test_a_resource_that_does_not_wait_for_its_roles_policy_fails(stack_of) -> None:
    role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}}
    policy = {
        "Type": "AWS::IAM::Policy",
        "Properties": {"PolicyName": "p", "Roles": [{"Ref": "Role"}], "PolicyDocument": {"Statement": []}},
    }
    account = {"Type": "AWS::ApiGateway::Account", "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["Role", "Arn"]}}}

    racing = check_stack(stack_of({"Role": role, "Policy": policy, "Account": account}), None).findings
    ordered = check_stack(
        stack_of({"Role": role, "Policy": policy, "Account": {**account, "DependsOn": "Policy"}}), None
    )

    (finding,) = racing
    assert finding.where.endswith("Account (AWS::ApiGateway::Account)")
    assert "does not wait for its policy Policy" in finding.problem
    assert ordered.findings == ()
