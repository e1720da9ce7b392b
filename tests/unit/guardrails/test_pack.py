"""The pack as a CDK validation plugin: it gates synth, and findings are acknowledged one id at a time."""

from __future__ import annotations

import pytest
from aws_cdk import Acknowledgment, App, Stack, Validations
from aws_cdk import aws_iam as iam

from guardrails import PACK_NAME
from stages.children import find_child

REASON = "Open on purpose: the fixture needs exactly one finding."


@pytest.fixture
def app(fresh_nag_app) -> App:
    return fresh_nag_app


def _wildcard_role(app: App, *actions: str) -> iam.Role:
    stack = Stack(app, "Service")
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("states.amazonaws.com"))
    table = stack.format_arn(service="dynamodb", resource="table", resource_name="items")
    role.add_to_policy(iam.PolicyStatement(actions=list(actions), resources=[table]))
    return role


def _policy(role: iam.Role) -> iam.Policy:
    return find_child(role, "DefaultPolicy", iam.Policy)


def test_finding_fails_synth_naming_the_prefixed_rule_id(app):
    _wildcard_role(app, "dynamodb:*")

    with pytest.raises(RuntimeError, match=r"LeastPrivilege::LeastPrivilege-LP1\[Action::dynamodb:\*\]"):
        app.synth()


def test_compliant_app_synthesizes(app, synth):
    _wildcard_role(app, "dynamodb:GetItem")

    assert synth(app).synth_error is None


def test_resource_a_rule_cannot_read_is_reported_not_skipped(app, synth):
    stack = Stack(app, "Service")
    iam.CfnPolicy(stack, "Policy", policy_name="unreadable", policy_document={"Statement": "not a statement"})

    assert f"{PACK_NAME}-LP1" in synth(app).findings_under("Service")


def test_acknowledged_finding_lets_synth_pass(app, synth):
    role = _wildcard_role(app, "dynamodb:*")
    Validations.of(_policy(role)).acknowledge(
        Acknowledgment(id=f"{PACK_NAME}::{PACK_NAME}-LP1[Action::dynamodb:*]", reason=REASON)
    )

    assert synth(app).synth_error is None


def test_acknowledgement_is_kept_in_the_report_with_its_reason(app, synth):
    role = _wildcard_role(app, "dynamodb:*")
    Validations.of(_policy(role)).acknowledge(
        Acknowledgment(id=f"{PACK_NAME}::{PACK_NAME}-LP1[Action::dynamodb:*]", reason=REASON)
    )

    suppressed = synth(app).suppressed

    assert [(entry["ruleName"], entry["reason"]) for entry in suppressed] == [
        (f"{PACK_NAME}-LP1[Action::dynamodb:*]", REASON)
    ]


def test_acknowledging_one_finding_leaves_the_others_reported(app, synth):
    role = _wildcard_role(app, "dynamodb:*", "s3:*")
    Validations.of(_policy(role)).acknowledge(
        Acknowledgment(id=f"{PACK_NAME}::{PACK_NAME}-LP1[Action::dynamodb:*]", reason=REASON)
    )

    assert synth(app).findings_under("Service") == {f"{PACK_NAME}-LP1[Action::s3:*]"}
