"""LP3: no AWS managed policy on a role."""

from __future__ import annotations

import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

LP3 = "LeastPrivilege-LP3"
BASIC_EXECUTION = "service-role/AWSLambdaBasicExecutionRole"


@pytest.fixture(scope="module")
def report(nag_app, case_stack, role_with, table_arn, synth):
    stack = case_stack("InlineOnly")
    role_with(stack, iam.PolicyStatement(actions=["dynamodb:GetItem"], resources=[table_arn(stack)]))

    stack = case_stack("AwsManaged")
    role_with(stack).add_managed_policy(iam.ManagedPolicy.from_aws_managed_policy_name(BASIC_EXECUTION))

    stack = case_stack("CustomerManaged")
    policy = iam.ManagedPolicy(
        stack, "Policy", statements=[iam.PolicyStatement(actions=["dynamodb:GetItem"], resources=[table_arn(stack)])]
    )
    role_with(stack).add_managed_policy(policy)

    lambda_.Function(
        case_stack("DefaultFunctionRole"),
        "Handler",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return None\n"),
    )
    return synth(nag_app)


def test_role_with_inline_policy_only_passes(report):
    assert report.rule_findings_under("InlineOnly", "LP3") == set()


def test_aws_managed_policy_is_reported_by_name(report):
    assert report.rule_findings_under("AwsManaged", "LP3") == {f"{LP3}[Policy::{BASIC_EXECUTION}]"}


def test_customer_managed_policy_passes(report):
    assert report.rule_findings_under("CustomerManaged", "LP3") == set()


def test_default_lambda_execution_role_is_reported(report):
    assert (
        f"{LP3}[Policy::{BASIC_EXECUTION}]",
        "DefaultFunctionRole/Handler/ServiceRole/Resource",
    ) in report.violations
