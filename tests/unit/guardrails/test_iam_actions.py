"""LP1: wildcard actions in identity policies."""

from __future__ import annotations

import pytest
from aws_cdk import aws_iam as iam

LP1 = "LeastPrivilege-LP1"


@pytest.fixture(scope="module")
def report(nag_app, case_stack, role_with, table_arn, synth):
    for case, actions in {
        "ExactActions": ["dynamodb:GetItem", "dynamodb:PutItem"],
        "PartialPattern": ["dynamodb:Get*"],
        "ServiceWildcard": ["dynamodb:*"],
        "AllActions": ["*"],
    }.items():
        stack = case_stack(case)
        role_with(stack, iam.PolicyStatement(actions=actions, resources=[table_arn(stack)]))

    stack = case_stack("NotActionAllow")
    role_with(stack, iam.PolicyStatement(not_actions=["iam:*"], resources=[table_arn(stack)]))

    stack = case_stack("WildcardDeny")
    role_with(stack, iam.PolicyStatement(effect=iam.Effect.DENY, actions=["*"], resources=["*"]))

    stack = case_stack("InlineRolePolicy")
    document = iam.PolicyDocument(statements=[iam.PolicyStatement(actions=["s3:*"], resources=[table_arn(stack)])])
    iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("states.amazonaws.com"), inline_policies={"P": document})

    stack = case_stack("CustomerManagedPolicy")
    iam.ManagedPolicy(
        stack, "Policy", statements=[iam.PolicyStatement(actions=["sqs:*"], resources=[table_arn(stack)])]
    )
    return synth(nag_app)


def test_exact_actions_pass(report):
    assert report.rule_findings_under("ExactActions", "LP1") == set()


def test_partial_action_pattern_passes(report):
    assert report.rule_findings_under("PartialPattern", "LP1") == set()


def test_whole_service_wildcard_is_reported(report):
    assert report.rule_findings_under("ServiceWildcard", "LP1") == {f"{LP1}[Action::dynamodb:*]"}


def test_star_action_is_reported(report):
    assert report.rule_findings_under("AllActions", "LP1") == {f"{LP1}[Action::*]"}


def test_not_action_in_an_allow_is_reported(report):
    assert report.rule_findings_under("NotActionAllow", "LP1") == {f"{LP1}[NotAction::iam:*]"}


def test_wildcard_in_a_deny_passes(report):
    assert report.rule_findings_under("WildcardDeny", "LP1") == set()


def test_wildcard_in_a_role_inline_policy_is_reported(report):
    assert (f"{LP1}[Action::s3:*]", "InlineRolePolicy/Role/Resource") in report.violations


def test_wildcard_in_a_managed_policy_is_reported(report):
    assert (f"{LP1}[Action::sqs:*]", "CustomerManagedPolicy/Policy/Resource") in report.violations
