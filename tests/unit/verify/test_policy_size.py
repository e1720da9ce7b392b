"""Policy size: every policy document, as deployed, within IAM's quotas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from verify.assembly import DeployedStack
from verify.bootstrap import EXECUTION_POLICY_TEMPLATE, bootstrap_stack
from verify.checks.policy_size import characters, check_templates

StackOf = Callable[..., DeployedStack]
PARAMETERS = {"Project": "items-api"}


def _statements(count: int) -> list[dict[str, Any]]:
    return [
        {"Sid": f"S{n}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::bucket-{n:04}/*"}
        for n in range(count)
    ]


def test_iam_counts_characters_without_white_space() -> None:
    assert characters({"Version": "2012-10-17", "Statement": []}) == len('{"Version":"2012-10-17","Statement":[]}')


def test_the_synthesized_stacks_fit(stacks: dict[str, DeployedStack]) -> None:
    result = check_templates(list(stacks.values()), PARAMETERS)
    assert result.findings == ()
    assert result.checked > 20


def test_the_execution_policy_fits_in_every_region_with_the_longest_project_name() -> None:
    for region in ("us-east-1", "eu-west-1", "ap-southeast-2"):
        stack = bootstrap_stack(
            EXECUTION_POLICY_TEMPLATE, stack_name="items-api-cfn-exec", account="333333333333", region=region
        )
        assert check_templates([stack], {"Project": "a-project-name-of-31-characters"}).findings == ()


def test_a_managed_policy_over_6144_characters_fails(stack_of: StackOf) -> None:
    document = {"Version": "2012-10-17", "Statement": _statements(80)}
    policy = {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": document}}
    [finding] = check_templates([stack_of({"Policy": policy})], PARAMETERS).findings
    assert "managed policy" in finding.problem and "6,144" in finding.problem


def test_inline_policies_of_one_role_over_10240_characters_together_fail(stack_of: StackOf) -> None:
    assume = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [assume]}}}
    document = {"Version": "2012-10-17", "Statement": _statements(70)}
    halves = {
        f"Policy{n}": {
            "Type": "AWS::IAM::Policy",
            "Properties": {"PolicyName": f"p{n}", "Roles": [{"Ref": "Role"}], "PolicyDocument": document},
        }
        for n in range(2)
    }
    [finding] = check_templates([stack_of({"Role": role, **halves})], PARAMETERS).findings
    assert "inline policies of the role" in finding.problem and "10,240" in finding.problem


def test_a_trust_policy_over_2048_characters_fails(stack_of: StackOf) -> None:
    principals = [f"arn:aws:iam::{n:012}:root" for n in range(70)]
    assume = {"Effect": "Allow", "Principal": {"AWS": principals}, "Action": "sts:AssumeRole"}
    role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [assume]}}}
    [finding] = check_templates([stack_of({"Role": role})], PARAMETERS).findings
    assert "trust policy" in finding.problem and "2,048" in finding.problem
