"""LP2: `Resource: "*"` only for the actions AWS cannot scope (IAM's catalog lists no resource type for them)."""

from __future__ import annotations

import pytest
from aws_cdk import aws_iam as iam

from guardrails.unscopable import is_unscopable

LP2 = "LeastPrivilege-LP2"


@pytest.fixture(scope="module")
def report(nag_app, case_stack, role_with, table_arn, synth):
    for case, actions in {
        "UnscopableOnStar": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        "ScopableOnStar": ["dynamodb:GetItem"],
        "MixedOnStar": ["xray:PutTraceSegments", "s3:GetObject"],
        "PatternOnStar": ["xray:Put*"],
    }.items():
        role_with(case_stack(case), iam.PolicyStatement(actions=actions, resources=["*"]))

    stack = case_stack("ScopedResource")
    role_with(stack, iam.PolicyStatement(actions=["dynamodb:GetItem"], resources=[table_arn(stack)]))
    return synth(nag_app)


def test_unscopable_actions_on_star_pass(report):
    assert report.rule_findings_under("UnscopableOnStar", "LP2") == set()


def test_scopable_action_on_star_is_reported(report):
    assert report.rule_findings_under("ScopableOnStar", "LP2") == {f"{LP2}[Action::dynamodb:GetItem]"}


def test_only_the_scopable_action_of_a_mixed_statement_is_reported(report):
    assert report.rule_findings_under("MixedOnStar", "LP2") == {f"{LP2}[Action::s3:GetObject]"}


def test_action_pattern_never_matches_the_allow_list(report):
    assert report.rule_findings_under("PatternOnStar", "LP2") == {f"{LP2}[Action::xray:Put*]"}


def test_action_on_a_named_resource_passes(report):
    assert report.rule_findings_under("ScopedResource", "LP2") == set()


@pytest.mark.parametrize("action", ["xray:PutTraceSegments", "XRAY:puttelemetryrecords", "cloudwatch:PutMetricData"])
def test_an_action_without_a_resource_type_in_the_catalog_is_unscopable(action):
    assert is_unscopable(action)


@pytest.mark.parametrize("action", ["logs:CreateLogGroup", "dynamodb:GetItem", "xray:Put*", "xray:PutNoSuchThing", "*"])
def test_a_scopable_action_a_pattern_or_an_unknown_name_is_not_unscopable(action):
    assert not is_unscopable(action)
