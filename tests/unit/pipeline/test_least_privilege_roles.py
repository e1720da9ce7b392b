"""The pipeline's roles are no path to admin: no build may start another project, and the checks before an approval
read the deployed stacks through roles that trust exactly them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from configuration import pipeline_role_name, stack_check_role_names
from verify.assembly import load_stacks
from verify.bootstrap import bootstrap_stack
from verify.names import StackNames
from verify.policy import Request, evaluate_request
from verify.roles import role_permissions

Resources = dict[str, dict[str, Any]]
READER_TEMPLATE = Path(__file__).resolve().parents[3] / "bootstrap" / "stack-reader-role.json"
BUILD_CONTROL = {"codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statements(resources: Resources) -> list[tuple[str, dict[str, Any]]]:
    return [
        (key, statement)
        for key, resource in resources.items()
        if resource["Type"] == "AWS::IAM::Policy"
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]


def test_no_pipeline_role_may_start_or_stop_every_build(resources: Resources) -> None:
    unscoped = [
        key
        for key, statement in _statements(resources)
        if statement["Resource"] == "*" and set(_listed(statement["Action"])) & BUILD_CONTROL
    ]

    assert unscoped == []


def test_the_asset_role_controls_no_build_at_all(resources: Resources) -> None:
    asset_policy = [s for key, s in _statements(resources) if key.startswith("PipelineAssetsFileRoleDefaultPolicy")]

    assert asset_policy
    assert not any(set(_listed(s["Action"])) & BUILD_CONTROL for s in asset_policy)


def test_the_check_roles_have_the_names_the_stack_reader_role_trusts(resources: Resources, synthesized) -> None:
    project = synthesized.config.project
    expected = [*stack_check_role_names(project), pipeline_role_name(project)]
    names = {r["Properties"].get("RoleName") for r in resources.values() if r["Type"] == "AWS::IAM::Role"} & set(
        expected
    )
    trust = json.loads(READER_TEMPLATE.read_text())["Resources"]["StackReaderRole"]["Properties"]
    (statement,) = trust["AssumeRolePolicyDocument"]["Statement"]

    trusted = [arn["Fn::Sub"].rsplit("/", 1)[1] for arn in statement["Condition"]["ArnEquals"]["aws:PrincipalArn"]]

    assert names == set(expected)
    assert [name.replace("${Project}", project) for name in trusted] == expected


def test_the_stack_reader_role_reads_only_the_project_stacks_templates_and_alarm_states() -> None:
    role = json.loads(READER_TEMPLATE.read_text())["Resources"]["StackReaderRole"]["Properties"]
    statements = [s for policy in role["Policies"] for s in policy["PolicyDocument"]["Statement"]]

    actions = sorted(action for s in statements for action in _listed(s["Action"]))

    assert actions == [
        "cloudformation:DescribeStacks",
        "cloudformation:GetTemplate",
        "cloudwatch:DescribeAlarms",
        "ssm:GetParameter",
    ]
    assert role["RoleName"] == {"Fn::Sub": "stack-reader-${Project}-${AWS::Region}"}


def _role_statements(synthesized, construct_prefix: str) -> list:
    (pipeline,) = [s for s in load_stacks(synthesized.outdir) if s.stack_name.endswith("-delivery-pipeline")]
    names = StackNames(pipeline)
    (role,) = [
        k for k, r in pipeline.resources.items() if r["Type"] == "AWS::IAM::Role" and k.startswith(construct_prefix)
    ]
    return list(role_permissions(names, role).permissions)


def test_the_asset_build_cannot_start_self_mutation_or_the_prod_tests(synthesized) -> None:
    statements = _role_statements(synthesized, "PipelineAssetsFileRole")
    project = (
        f"arn:aws:codebuild:us-east-1:{synthesized.config.pipeline_account}:project/PipelineUpdatePipelineSelfMutation"
    )

    for action in BUILD_CONTROL:
        assert not evaluate_request(statements, Request(action, project)).allowed, action


def test_the_stack_reader_role_reads_templates_but_no_data() -> None:
    stack = bootstrap_stack(
        READER_TEMPLATE, stack_name="items-api-stack-reader", account="333333333333", region="us-east-1"
    )
    names = StackNames(stack, {"Project": "items-api", "PipelineAccount": "111111111111"})
    statements = list(role_permissions(names, "StackReaderRole").permissions)
    prod = "arn:aws:cloudformation:us-east-1:333333333333:stack/items-api-prod/1"

    assert evaluate_request(statements, Request("cloudformation:GetTemplate", prod)).allowed
    alarm = "arn:aws:cloudwatch:us-east-1:333333333333:alarm:*"  # what a filtered DescribeAlarms is authorized on
    assert evaluate_request(statements, Request("cloudwatch:DescribeAlarms", alarm)).allowed
    for action, resource in [
        ("dynamodb:Scan", "arn:aws:dynamodb:us-east-1:333333333333:table/items-api-prod-Items"),
        ("logs:GetLogEvents", "arn:aws:logs:us-east-1:333333333333:log-group:/aws/lambda/items-api-prod-x"),
        ("s3:GetObject", "arn:aws:s3:::items-api-prod-syntheticsartifacts/runs/x"),
        ("cloudformation:GetTemplate", "arn:aws:cloudformation:us-east-1:333333333333:stack/other-team/1"),
        ("cloudwatch:GetMetricData", "*"),
    ]:
        assert not evaluate_request(statements, Request(action, resource)).allowed, action
