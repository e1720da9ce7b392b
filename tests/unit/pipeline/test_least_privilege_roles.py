"""The pipeline's roles are no path to admin: no build may start another project, and the checks before an approval
read the deployed stacks through roles that trust exactly them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stages.role_names import stack_check_role_names

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
    names = {r["Properties"].get("RoleName") for r in resources.values() if r["Type"] == "AWS::IAM::Role"} & set(
        stack_check_role_names(project)
    )
    trust = json.loads(READER_TEMPLATE.read_text())["Resources"]["StackReaderRole"]["Properties"]
    (statement,) = trust["AssumeRolePolicyDocument"]["Statement"]

    trusted = [arn["Fn::Sub"].rsplit("/", 1)[1] for arn in statement["Condition"]["ArnEquals"]["aws:PrincipalArn"]]

    assert names == set(stack_check_role_names(project))
    assert [name.replace("${Project}", project) for name in trusted] == list(stack_check_role_names(project))


def test_the_stack_reader_role_reads_only_the_project_stacks_templates() -> None:
    role = json.loads(READER_TEMPLATE.read_text())["Resources"]["StackReaderRole"]["Properties"]
    statements = [s for policy in role["Policies"] for s in policy["PolicyDocument"]["Statement"]]

    actions = sorted(action for s in statements for action in _listed(s["Action"]))

    assert actions == ["cloudformation:DescribeStacks", "cloudformation:GetTemplate", "ssm:GetParameter"]
    assert role["RoleName"] == {"Fn::Sub": "stack-reader-${Project}-${AWS::Region}"}
