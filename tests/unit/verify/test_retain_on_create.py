"""Retain on create: a resource with a fixed name is never kept by a failed create."""

from __future__ import annotations

from collections.abc import Callable

from verify.assembly import DeployedStack
from verify.checks.retain_on_create import check_templates

StackOf = Callable[..., DeployedStack]


def test_the_synthesized_stacks_keep_no_named_resource_on_a_failed_create(stacks: dict[str, DeployedStack]) -> None:
    result = check_templates(list(stacks.values()))
    assert result.findings == ()
    assert result.checked > 0


def test_a_named_log_group_retained_on_create_fails(stack_of: StackOf) -> None:
    group = {
        "Type": "AWS::Logs::LogGroup",
        "Properties": {"LogGroupName": "aws-waf-logs-x"},
        "DeletionPolicy": "Retain",
    }
    [finding] = check_templates([stack_of({"Logs": group})]).findings
    assert finding.where.endswith("/Logs") and "LogGroupName" in finding.problem
    assert "RetainExceptOnCreate" in finding.fix


def test_a_generated_name_or_retain_except_on_create_passes(stack_of: StackOf) -> None:
    unnamed = {"Type": "AWS::Logs::LogGroup", "Properties": {}, "DeletionPolicy": "Retain"}
    named = {
        "Type": "AWS::Logs::LogGroup",
        "Properties": {"LogGroupName": "x"},
        "DeletionPolicy": "RetainExceptOnCreate",
    }
    assert check_templates([stack_of({"Unnamed": unnamed, "Named": named})]).findings == ()


def test_a_name_property_that_refers_to_another_resource_fixes_nothing(stack_of: StackOf) -> None:
    code = {"Code": {"ZipFile": "x"}, "Role": "r", "Runtime": "python3.14", "Handler": "a.b"}
    function = {"Type": "AWS::Lambda::Function", "Properties": code}
    version = {
        "Type": "AWS::Lambda::Version",
        "Properties": {"FunctionName": {"Ref": "Fn"}},
        "DeletionPolicy": "Retain",
    }
    assert check_templates([stack_of({"Fn": function, "Version": version})]).findings == ()


def test_a_retained_named_role_in_a_bootstrap_template_fails(stack_of: StackOf) -> None:
    role = {
        "Type": "AWS::IAM::Role",
        "Properties": {"RoleName": "apigateway-logs", "AssumeRolePolicyDocument": {}},
        "DeletionPolicy": "Retain",
    }
    [finding] = check_templates([stack_of({"CloudWatchRole": role}, name="items-api-apigateway-logs")]).findings
    assert "RoleName" in finding.problem
