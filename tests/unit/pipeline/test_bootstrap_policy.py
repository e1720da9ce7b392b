"""The CloudFormation execution policy of the target accounts: only this project's resources, and enough of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

POLICY_TEMPLATE = Path(__file__).resolve().parents[3] / "bootstrap" / "cfn-execution-policy.json"
PROJECT_PREFIX = "${Project}-"
SERVICE_OF_TYPE = {"ApplicationAutoScaling": "application-autoscaling"}  # where the IAM prefix is not the type's
NO_PERMISSION_NEEDED = {"AWS::CDK::Metadata"}
ESCALATION_ACTIONS = {"iam:AttachRolePolicy", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateUser", "iam:*"}
PASSED_TO = {"lambda.amazonaws.com", "apigateway.amazonaws.com", "codedeploy.amazonaws.com"}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _resource_text(resource: Any) -> str:
    return resource["Fn::Sub"] if isinstance(resource, dict) else resource


@pytest.fixture(scope="module")
def statements() -> list[dict[str, Any]]:
    template = json.loads(POLICY_TEMPLATE.read_text())
    return template["Resources"]["ExecutionPolicy"]["Properties"]["PolicyDocument"]["Statement"]


def _actions(statements: list[dict[str, Any]]) -> set[str]:
    return {action for statement in statements for action in _listed(statement["Action"])}


def test_policy_is_named_after_the_project(statements) -> None:
    template = json.loads(POLICY_TEMPLATE.read_text())

    assert template["Resources"]["ExecutionPolicy"]["Properties"]["ManagedPolicyName"] == {
        "Fn::Sub": "${Project}-cfn-exec"
    }


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


def test_roles_are_created_only_with_the_project_prefix(statements) -> None:
    for statement in statements:
        if any(
            action.startswith("iam:") and action != "iam:CreateServiceLinkedRole"
            for action in _listed(statement["Action"])
        ):
            assert _resource_text(statement["Resource"]).endswith(f":role/{PROJECT_PREFIX}*"), statement["Sid"]


def test_project_roles_are_passed_only_to_the_services_that_run_them(statements) -> None:
    (pass_role,) = [statement for statement in statements if statement["Action"] == "iam:PassRole"]

    assert set(pass_role["Condition"]["StringEquals"]["iam:PassedToService"]) == PASSED_TO


def test_statements_on_every_resource_are_conditioned_unless_the_service_has_no_resource_names(statements) -> None:
    unconditioned = [
        action
        for statement in statements
        if statement["Resource"] == "*" and "Condition" not in statement
        for action in _listed(statement["Action"])
    ]

    assert {action.split(":")[0] for action in unconditioned} == {"application-autoscaling"}


def test_policy_covers_every_service_the_stages_deploy(statements, synthesized) -> None:
    allowed = {action.split(":")[0] for action in _actions(statements)}
    deployed = {
        SERVICE_OF_TYPE.get(kind.split("::")[1], kind.split("::")[1].lower())
        for template in synthesized.stage_templates().values()
        for kind in {resource["Type"] for resource in template["Resources"].values()} - NO_PERMISSION_NEEDED
    }

    assert deployed - allowed == set()


def test_service_stacks_are_named_with_the_project_prefix_the_policy_relies_on(synthesized) -> None:
    for name in ("dev", "prod"):
        service = synthesized.stack.node.find_child(name.capitalize()).node.find_child("Service")

        assert service.stack_name.startswith(f"{synthesized.config.project}-")
