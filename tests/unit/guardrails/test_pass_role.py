"""LP5: iam:PassRole needs named roles and an iam:PassedToService condition."""

from __future__ import annotations

import pytest
from aws_cdk import aws_iam as iam

LP5 = "LeastPrivilege-LP5"
PASSED_TO_LAMBDA = {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}


@pytest.fixture(scope="module")
def report(nag_app, case_stack, role_with, synth):
    def pass_role(case, actions, resource=None, conditions=None):
        stack = case_stack(case)
        target = resource or stack.format_arn(service="iam", region="", resource="role", resource_name="items-handler")
        role_with(stack, iam.PolicyStatement(actions=actions, resources=[target], conditions=conditions))

    pass_role("Bounded", ["iam:PassRole"], conditions=PASSED_TO_LAMBDA)
    pass_role("AnyRole", ["iam:PassRole"], resource="*", conditions=PASSED_TO_LAMBDA)
    pass_role("AnyService", ["iam:PassRole"])
    pass_role("PatternGrantsPassRole", ["iam:Pass*"])
    pass_role("OtherIamAction", ["iam:GetRole"])
    return synth(nag_app)


def test_pass_role_on_a_named_role_to_a_named_service_passes(report):
    assert report.rule_findings_under("Bounded", "LP5") == set()


def test_pass_role_on_any_role_is_reported(report):
    assert report.rule_findings_under("AnyRole", "LP5") == {f"{LP5}[Resource::*]"}


def test_pass_role_without_passed_to_service_is_reported(report):
    assert report.rule_findings_under("AnyService", "LP5") == {f"{LP5}[Condition::iam:PassedToService]"}


def test_action_pattern_that_grants_pass_role_is_checked(report):
    assert report.rule_findings_under("PatternGrantsPassRole", "LP5") == {f"{LP5}[Condition::iam:PassedToService]"}


def test_other_iam_actions_are_out_of_scope(report):
    assert report.rule_findings_under("OtherIamAction", "LP5") == set()
