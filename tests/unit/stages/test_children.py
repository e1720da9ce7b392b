"""Typed reads of CDK's children: the class asked for is returned, another one fails naming where."""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs

from stages.children import default_child, find_child, present

pytestmark = pytest.mark.component  # builds constructs in CDK's jsii kernel


@pytest.fixture
def role() -> iam.Role:
    stack = Stack(App(), "Children")
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    role.add_to_policy(iam.PolicyStatement(actions=["sqs:SendMessage"], resources=["*"]))
    return role


def test_the_default_child_of_the_class_cdk_builds_is_returned(role: iam.Role) -> None:
    assert isinstance(default_child(role, iam.CfnRole), iam.CfnRole)


def test_a_default_child_of_another_class_fails_naming_the_construct(role: iam.Role) -> None:
    with pytest.raises(TypeError, match="the default child of Children/Role is CfnRole, not CfnQueue"):
        default_child(role, sqs.CfnQueue)


def test_a_grandchild_is_found_by_its_path(role: iam.Role) -> None:
    policy = find_child(role, "DefaultPolicy/Resource", iam.CfnPolicy)

    assert policy.node.path == "Children/Role/DefaultPolicy/Resource"


def test_a_child_of_another_class_fails_naming_its_path(role: iam.Role) -> None:
    with pytest.raises(TypeError, match="Children/Role/DefaultPolicy is Policy, not Role"):
        find_child(role, "DefaultPolicy", iam.Role)


def test_an_unset_optional_property_fails_naming_it() -> None:
    with pytest.raises(TypeError, match="the project's role is not set"):
        present(None, "the project's role")
