"""The execution policy denies every escalation path a template could take; a policy that allows one fails."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from verify.bootstrap import execution_policy
from verify.checks.escalation import check_policy

PROJECT, ACCOUNT, REGION = "items-api", "222222222222", "us-east-1"
TEMPLATE = Path(__file__).resolve().parents[3] / "bootstrap" / "cfn-execution-policy.json"


def _check(statements: list[dict]):
    return check_policy(statements, project=PROJECT, account=ACCOUNT, region=REGION)


def _with(extra: dict, tmp_path: Path) -> list[dict]:
    """The deployed policy plus one broken statement (written into a copy of the template, then resolved)."""
    template = json.loads(TEMPLATE.read_text())
    broken = copy.deepcopy(template)
    broken["Resources"]["ExecutionPolicy"]["Properties"]["PolicyDocument"]["Statement"].append(extra)
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(broken))
    return execution_policy(PROJECT, ACCOUNT, REGION, path)


def _paths(result) -> list[str]:
    return [finding.problem.split(":")[0] for finding in result.findings]


def test_the_execution_policy_denies_every_escalation_path() -> None:
    result = _check(execution_policy(PROJECT, ACCOUNT, REGION))

    assert result.findings == ()
    assert result.checked >= 20


@pytest.mark.parametrize(
    ("statement", "path"),
    [
        (
            {"Effect": "Allow", "Action": "iam:PutRolePolicy",
             "Resource": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Project}-*"}},
            "an inline policy on a project role without the boundary",
        ),
        (
            {"Effect": "Allow", "Action": ["iam:CreateRole"],
             "Resource": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Project}-*"}},
            "create-role-then-pass",
        ),
        (
            {"Effect": "Allow", "Action": "kms:TagResource", "Resource": "*",
             "Condition": {"StringEquals": {"aws:RequestTag/Project": {"Ref": "Project"}}}},
            "tag-then-administer",
        ),
        (
            {"Effect": "Allow", "Action": "lambda:*",
             "Resource": {"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:"
                                     "${Project}-*"}},
            "AddPermission to *",
        ),
        (
            {"Effect": "Allow", "Action": "apigateway:SetWebACL",
             "Resource": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/*/stages/*"}},
            "removing a foreign API stage's web ACL",
        ),
    ],
    ids=["put-role-policy-without-boundary", "create-role-without-boundary", "tag-a-foreign-key",
         "lambda-wildcard", "any-stage-web-acl"],
)  # fmt: skip
def test_a_statement_opening_an_escalation_path_is_a_finding(statement: dict, path: str, tmp_path: Path) -> None:
    result = _check(_with(statement, tmp_path))

    assert not result.passed
    assert any(found.startswith(path) for found in _paths(result)), _paths(result)
