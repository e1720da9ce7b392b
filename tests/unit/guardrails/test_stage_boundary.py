"""LP4: a Lambda execution role reaches only its own stage's resources."""

from __future__ import annotations

import pytest
from aws_cdk import Fn
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam

LP4 = "LeastPrivilege-LP4"
LAMBDA = "lambda.amazonaws.com"
FOREIGN_TABLE = "arn:aws:dynamodb:us-east-1:333333333333:table/items"  # the stacks live in 222222222222


def _table(scope, name="Table"):
    return dynamodb.Table(scope, name, partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING))


def _statement(resource):
    return iam.PolicyStatement(actions=["dynamodb:GetItem"], resources=[resource])


@pytest.fixture(scope="module")
def report(nag_app, case_stack, role_with, table_arn, synth):
    stack = case_stack("OwnTable")
    _table(stack).grant_read_write_data(role_with(stack, service=LAMBDA))

    stack = case_stack("OwnAccountArn")
    role_with(stack, _statement(table_arn(stack)), service=LAMBDA)

    arn = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/items/*"
    role_with(case_stack("PseudoParameterArn"), _statement(Fn.sub(arn)), service=LAMBDA)
    role_with(case_stack("OtherAccountArn"), _statement(FOREIGN_TABLE), service=LAMBDA)
    role_with(
        case_stack("OtherRegionArn"), _statement("arn:aws:dynamodb:eu-west-1:222222222222:table/items"), service=LAMBDA
    )
    role_with(case_stack("LiteralBucketArn"), _statement("arn:aws:s3:::items-prod/*"), service=LAMBDA)
    role_with(case_stack("NotALambdaRole"), _statement(FOREIGN_TABLE))

    table = _table(case_stack("Producer"))
    table.grant_read_data(role_with(case_stack("Consumer"), service=LAMBDA))

    stack = case_stack("InlinePolicy")
    document = iam.PolicyDocument(statements=[_statement(FOREIGN_TABLE)])
    iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal(LAMBDA), inline_policies={"Data": document})

    stack = case_stack("AttachedManagedPolicy")
    policy = iam.ManagedPolicy(stack, "Policy", statements=[_statement(FOREIGN_TABLE)])
    role_with(stack, service=LAMBDA).add_managed_policy(policy)
    return synth(nag_app)


def test_table_of_the_same_stack_passes(report):
    assert report.rule_findings_under("OwnTable", "LP4") == set()


def test_arn_in_the_stacks_own_account_and_region_passes(report):
    assert report.rule_findings_under("OwnAccountArn", "LP4") == set()


def test_arn_built_from_pseudo_parameters_passes(report):
    assert report.rule_findings_under("PseudoParameterArn", "LP4") == set()


def test_arn_of_another_account_is_reported(report):
    assert report.rule_findings_under("OtherAccountArn", "LP4") == {f"{LP4}[Resource::{FOREIGN_TABLE}]"}


def test_arn_of_another_region_is_reported(report):
    expected = f"{LP4}[Resource::arn:aws:dynamodb:eu-west-1:222222222222:table/items]"
    assert report.rule_findings_under("OtherRegionArn", "LP4") == {expected}


def test_literal_arn_without_an_account_is_reported(report):
    assert report.rule_findings_under("LiteralBucketArn", "LP4") == {f"{LP4}[Resource::arn:aws:s3:::items-prod/*]"}


def test_role_lambda_cannot_assume_is_out_of_scope(report):
    assert report.rule_findings_under("NotALambdaRole", "LP4") == set()


def test_another_stacks_export_is_reported(report):
    findings = report.rule_findings_under("Consumer", "LP4")
    assert findings
    assert all(finding.startswith(f"{LP4}[Resource::${{ImportValue(") for finding in findings)


def test_inline_policy_of_a_lambda_role_is_checked(report):
    assert (f"{LP4}[Resource::{FOREIGN_TABLE}]", "InlinePolicy/Role/Resource") in report.violations


def test_customer_managed_policy_attached_to_a_lambda_role_is_checked(report):
    assert (f"{LP4}[Resource::{FOREIGN_TABLE}]", "AttachedManagedPolicy/Policy/Resource") in report.violations
