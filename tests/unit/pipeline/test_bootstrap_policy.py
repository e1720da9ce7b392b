"""The CloudFormation execution policy of the target accounts: only this project's resources, and enough of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iam.catalog import bundled_catalog
from verify.bootstrap import bootstrap_stack
from verify.checks.policy_size import check_templates

POLICY_TEMPLATE = Path(__file__).resolve().parents[3] / "bootstrap" / "cfn-execution-policy.json"
PROJECT_PREFIX = "${Project}-"
SERVICE_OF_TYPE = {"ApplicationAutoScaling": "application-autoscaling"}  # where the IAM prefix is not the type's
NO_PERMISSION_NEEDED = {"AWS::CDK::Metadata"}
ESCALATION_ACTIONS = {"iam:AttachRolePolicy", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateUser", "iam:*"}
PASSED_TO = {"lambda.amazonaws.com", "codedeploy.amazonaws.com"}
AUTOSCALING_ROLE = "role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/"


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _resource_text(resource: Any) -> str:
    return resource["Fn::Sub"] if isinstance(resource, dict) else resource


@pytest.fixture(scope="module")
def statements() -> list[dict[str, Any]]:
    template = json.loads(POLICY_TEMPLATE.read_text())
    return [
        statement
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::IAM::ManagedPolicy"
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]


def _actions(statements: list[dict[str, Any]]) -> set[str]:
    return {action for statement in statements for action in _listed(statement["Action"])}


def test_policies_are_named_after_the_project(statements) -> None:
    template = json.loads(POLICY_TEMPLATE.read_text())

    assert [r["Properties"]["ManagedPolicyName"] for r in template["Resources"].values()] == [
        {"Fn::Sub": f"${{Project}}-cfn-exec{part}-${{AWS::Region}}"} for part in ("", "-api", "-ops")
    ]


def test_each_policy_fits_iams_managed_policy_quota_for_the_longest_names() -> None:
    stack = bootstrap_stack(POLICY_TEMPLATE, stack_name="x", account="222222222222", region="ap-southeast-2")

    sizes = check_templates([stack], {"Project": "p" * 30}).findings

    assert sizes == ()


def test_policy_only_allows(statements) -> None:
    assert {statement["Effect"] for statement in statements} == {"Allow"}


def test_no_statement_allows_every_action_or_every_iam_action(statements) -> None:
    assert "*" not in _actions(statements)
    assert not _actions(statements) & ESCALATION_ACTIONS


def test_service_wide_actions_are_limited_to_the_project_resources(statements) -> None:
    for statement in statements:
        if any(action.endswith(":*") for action in _listed(statement["Action"])):
            resources = [_resource_text(resource) for resource in _listed(statement["Resource"])]
            scoped = [r for r in resources if PROJECT_PREFIX in r or r.endswith(":deploymentconfig:*")]
            assert scoped == resources, statement["Sid"]


def test_roles_are_managed_only_with_the_project_prefix(statements) -> None:
    for statement in statements:
        if any(action.startswith("iam:") for action in _listed(statement["Action"])):
            resource = _resource_text(statement["Resource"])
            assert f":role/{PROJECT_PREFIX}" in resource or AUTOSCALING_ROLE in resource, statement["Sid"]


def test_the_only_role_outside_the_project_is_the_table_autoscaling_service_linked_role(statements) -> None:
    outside = [s for s in statements if AUTOSCALING_ROLE in json.dumps(s.get("Resource"))]

    assert sorted(action for s in outside for action in _listed(s["Action"])) == [
        "iam:CreateServiceLinkedRole",
        "iam:PassRole",
    ]


def test_project_roles_are_passed_only_to_the_services_that_run_them(statements) -> None:
    passes = {
        s["Sid"]: s
        for s in statements
        if s["Action"] == "iam:PassRole" and AUTOSCALING_ROLE not in json.dumps(s["Resource"])
    }

    assert passes.keys() == {"PassProjectRolesToTheirServices", "PassCanaryRolesToSynthetics"}
    assert set(passes["PassProjectRolesToTheirServices"]["Condition"]["StringEquals"]["iam:PassedToService"]) == (
        PASSED_TO
    )
    # CreateCanary takes the canary's role too (AWS's CloudWatchSyntheticsFullAccess passes it to both services).
    canary = passes["PassCanaryRolesToSynthetics"]
    assert canary["Condition"] == {"StringEquals": {"iam:PassedToService": "synthetics.amazonaws.com"}}
    assert canary["Resource"]["Fn::Sub"].endswith(":role/${Project}-*-SyntheticsRole*")


def test_unconditioned_statements_on_every_resource_only_read_or_cannot_be_scoped(statements) -> None:
    catalog = bundled_catalog()
    broad = [
        catalog.action(action)
        for statement in statements
        if statement["Resource"] == "*" and "Condition" not in statement
        for action in _listed(statement["Action"])
    ]

    assert all(action is not None for action in broad)
    assert [a.full_name for a in broad if a.resource_types and a.access_level not in ("Read", "List")] == []


def test_service_stacks_are_named_with_the_project_prefix_the_policy_relies_on(synthesized) -> None:
    for name in ("dev", "prod"):
        service = synthesized.stack.node.find_child(name.capitalize()).node.find_child("Service")

        assert service.stack_name.startswith(f"{synthesized.config.project}-")


BOUNDARY_ARN = "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${Project}-role-boundary-${AWS::Region}"
ROLE_WRITES = {"iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:UpdateAssumeRolePolicy",
               "iam:PutRolePermissionsBoundary", "iam:DeleteRole"}  # fmt: skip


def test_no_statement_allows_a_whole_service(statements) -> None:
    assert sorted(a for a in _actions(statements) if a.endswith(":*")) == []


def test_every_role_write_requires_the_project_boundary(statements) -> None:
    writes = [s for s in statements if set(_listed(s["Action"])) & ROLE_WRITES]

    assert [set(_listed(s["Action"])) for s in writes] == [ROLE_WRITES]
    assert writes[0]["Condition"] == {"ArnEquals": {"iam:PermissionsBoundary": {"Fn::Sub": BOUNDARY_ARN}}}
    assert "iam:DeleteRolePermissionsBoundary" not in _actions(statements)


def test_no_key_is_administered_through_the_policy(statements) -> None:
    assert not _actions(statements) & {"kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:*"}


def test_the_boundary_the_policy_requires_is_the_one_bootstrap_creates() -> None:
    boundary = json.loads((POLICY_TEMPLATE.parent / "role-boundary.json").read_text())

    name = boundary["Resources"]["RoleBoundary"]["Properties"]["ManagedPolicyName"]["Fn::Sub"]

    assert BOUNDARY_ARN.endswith(f":policy/{name}")
