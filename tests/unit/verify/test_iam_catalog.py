"""Every action a policy names exists in the IAM catalog; a typo or an empty wildcard is a finding."""

from __future__ import annotations

from verify.checks.iam_catalog import check_templates
from verify.cli import _bootstrap_templates


def _policy_with(*actions: str, key: str = "Action") -> dict:
    return {
        "Policy": {
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "PolicyName": "p",
                "Roles": ["r"],
                "PolicyDocument": {
                    "Statement": [{"Sid": "Reads", "Effect": "Allow", key: list(actions), "Resource": "*"}]
                },
            },
        }
    }


def test_the_synthesized_app_and_the_bootstrap_templates_name_only_catalog_actions(
    catalog, stacks, synthesized
) -> None:
    result = check_templates(catalog, [*stacks.values(), *_bootstrap_templates(synthesized.config)])

    assert result.findings == ()
    assert result.checked > 300


def test_a_misspelt_action_names_the_resource_statement_and_the_likely_action(catalog, stack_of) -> None:
    result = check_templates(catalog, [stack_of(_policy_with("dynamodb:GetItems"))])

    (finding,) = result.findings
    assert "Policy" in finding.where and "Reads" in finding.where
    assert finding.problem == "dynamodb:GetItems is not an action of dynamodb"
    assert finding.fix == "did you mean dynamodb:GetItem?"


def test_a_wildcard_that_matches_no_action_is_a_finding(catalog, stack_of) -> None:
    (finding,) = check_templates(catalog, [stack_of(_policy_with("s3:GetObjekt*"))]).findings

    assert finding.problem == "s3:GetObjekt* matches no action of s3"


def test_an_unknown_service_prefix_is_a_finding(catalog, stack_of) -> None:
    (finding,) = check_templates(catalog, [stack_of(_policy_with("dynamo:GetItem"))]).findings

    assert "'dynamo' is not a service prefix" in finding.problem


def test_not_action_lists_are_checked_too(catalog, stack_of) -> None:
    (finding,) = check_templates(catalog, [stack_of(_policy_with("iam:PassRoles", key="NotAction"))]).findings

    assert "NotAction" in finding.where


def test_trust_and_lambda_permission_actions_are_checked(catalog, stack_of) -> None:
    resources = {
        "Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoles"}]}
            },
        },
        "Invoke": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunctions"}},
    }

    problems = sorted(f.problem for f in check_templates(catalog, [stack_of(resources)]).findings)

    assert problems == ["lambda:InvokeFunctions is not an action of lambda", "sts:AssumeRoles is not an action of sts"]
