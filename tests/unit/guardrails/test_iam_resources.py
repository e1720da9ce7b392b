"""LP2: `Resource: "*"` only for the allow-listed actions AWS cannot scope."""

from __future__ import annotations

import re

import pytest
from aws_cdk import aws_iam as iam

from guardrails.allowlist import UNSCOPABLE_ACTIONS

LP2 = "LeastPrivilege-LP2"


@pytest.fixture(scope="module")
def report(nag_app, case_stack, role_with, table_arn, synth):
    for case, actions in {
        "AllowListedOnStar": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        "ScopableOnStar": ["dynamodb:GetItem"],
        "MixedOnStar": ["xray:PutTraceSegments", "s3:GetObject"],
        "PatternOnStar": ["xray:Put*"],
    }.items():
        role_with(case_stack(case), iam.PolicyStatement(actions=actions, resources=["*"]))

    stack = case_stack("ScopedResource")
    role_with(stack, iam.PolicyStatement(actions=["dynamodb:GetItem"], resources=[table_arn(stack)]))
    return synth(nag_app)


def test_allow_listed_actions_on_star_pass(report):
    assert report.rule_findings_under("AllowListedOnStar", "LP2") == set()


def test_scopable_action_on_star_is_reported(report):
    assert report.rule_findings_under("ScopableOnStar", "LP2") == {f"{LP2}[Action::dynamodb:GetItem]"}


def test_only_the_scopable_action_of_a_mixed_statement_is_reported(report):
    assert report.rule_findings_under("MixedOnStar", "LP2") == {f"{LP2}[Action::s3:GetObject]"}


def test_action_pattern_never_matches_the_allow_list(report):
    assert report.rule_findings_under("PatternOnStar", "LP2") == {f"{LP2}[Action::xray:Put*]"}


def test_action_on_a_named_resource_passes(report):
    assert report.rule_findings_under("ScopedResource", "LP2") == set()


def test_every_allow_listed_entry_is_one_exact_action_with_a_reason():
    for action, reason in UNSCOPABLE_ACTIONS.items():
        assert re.fullmatch(r"[a-z0-9-]+:[A-Za-z0-9]+", action), action
        assert len(reason) > 20, action
