"""cdk-nag is a gate: an unacknowledged finding makes synthesis fail, which stops the pipeline's build step."""

from __future__ import annotations

import pytest
from aws_cdk import Acknowledgment, App, Environment, Stack, Validations
from aws_cdk import aws_iam as iam
from cdk_nag import AwsSolutionsChecks

from stages.children import default_child, find_child

pytestmark = pytest.mark.component  # synthesizes

WILDCARD_FINDING = "AwsSolutions::AwsSolutions-IAM5[Resource::*]"


def _app_with_wildcard_role() -> tuple[App, iam.Role]:
    """An app registered like app.py, holding one role whose policy allows s3:GetObject on every resource."""
    app = App()
    stack = Stack(app, "Gate", env=Environment(account="111111111111", region="us-east-1"))
    role = iam.Role(stack, "Wildcard", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"]))
    Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app, role


def test_unacknowledged_wildcard_policy_fails_synthesis_naming_the_rule() -> None:
    app, _ = _app_with_wildcard_role()

    with pytest.raises(RuntimeError, match=r"AwsSolutions-IAM5\[Resource::\*\]"):
        app.synth()


def test_acknowledged_wildcard_policy_synthesizes() -> None:
    app, role = _app_with_wildcard_role()
    policy = default_child(find_child(role, "DefaultPolicy", iam.Policy), iam.CfnPolicy)
    Validations.of(policy).acknowledge(Acknowledgment(id=WILDCARD_FINDING, reason="test: acknowledged on purpose"))

    assembly = app.synth()

    assert assembly.get_stack_by_name("Gate").template["Resources"]
