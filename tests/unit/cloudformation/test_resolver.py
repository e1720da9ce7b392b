"""Resolving intrinsics to local values, and failing with the template key when that is impossible."""

from __future__ import annotations

import pytest

from cloudformation import Resolver, StackEnvironment, TemplateError

TEMPLATE = {
    "Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
        "NamedTable": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "explicit-name"}},
        "Handler": {"Type": "AWS::Lambda::Function", "Properties": {}},
        "Live": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Handler"}, "Name": "live"}},
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}},
    },
    "Parameters": {"Level": {"Type": "String", "Default": "INFO"}},
}


@pytest.fixture
def resolver() -> Resolver:
    return Resolver(TEMPLATE, StackEnvironment(stack_name="svc-dev", account="123456789012", region="eu-west-1"))


def test_table_ref_is_the_stack_prefixed_logical_id(resolver: Resolver) -> None:
    assert resolver.resolve({"Ref": "Table"}, "x") == "svc-dev-Table"


def test_explicit_table_name_wins(resolver: Resolver) -> None:
    assert resolver.resolve({"Ref": "NamedTable"}, "x") == "explicit-name"


def test_table_arn_uses_stack_account_and_region(resolver: Resolver) -> None:
    arn = resolver.resolve({"Fn::GetAtt": ["Table", "Arn"]}, "x")

    assert arn == "arn:aws:dynamodb:eu-west-1:123456789012:table/svc-dev-Table"


def test_alias_ref_is_the_qualified_function_arn(resolver: Resolver) -> None:
    arn = resolver.resolve({"Ref": "Live"}, "x")

    assert arn == "arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-Handler:live"


def test_join_and_pseudo_parameters(resolver: Resolver) -> None:
    value = {"Fn::Join": ["-", [{"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}, "x"]]}

    assert resolver.resolve(value, "x") == "eu-west-1-123456789012-x"


def test_sub_resolves_refs_attributes_and_escapes(resolver: Resolver) -> None:
    value = {"Fn::Sub": "${Table}|${Handler.Arn}|${!literal}|${AWS::Partition}"}

    assert resolver.resolve(value, "x") == (
        "svc-dev-Table|arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-Handler|${literal}|aws"
    )


def test_parameter_ref_uses_its_default(resolver: Resolver) -> None:
    assert resolver.resolve({"Ref": "Level"}, "x") == "INFO"


def test_unsupported_resource_ref_names_the_key(resolver: Resolver) -> None:
    with pytest.raises(TemplateError, match=r"^Resources.Handler.Properties.Environment.Variables.QUEUE: .*'Queue'"):
        resolver.resolve({"Ref": "Queue"}, "Resources.Handler.Properties.Environment.Variables.QUEUE")


def test_unsupported_function_names_the_key(resolver: Resolver) -> None:
    with pytest.raises(TemplateError, match=r"^Outputs.X: cannot resolve \{'Fn::ImportValue'"):
        resolver.resolve({"Fn::ImportValue": "shared-name"}, "Outputs.X")


def test_ref_to_missing_resource_names_the_key(resolver: Resolver) -> None:
    with pytest.raises(TemplateError, match=r"^where: refers to 'Nope'"):
        resolver.resolve({"Ref": "Nope"}, "where")
