"""IAM policy evaluation as IAM documents it: explicit deny wins, wildcards, NotAction, conditions, principals."""

from __future__ import annotations

from typing import Any

import pytest

from verify.policy import Decision, Principal, Request, evaluate_request

TABLE = "arn:aws:dynamodb:us-east-1:111111111111:table/items-api-dev-Items"
ALARMS_OF_1 = "arn:aws:cloudwatch:*:1:alarm:*"
ALARM_X_OF_1 = "arn:aws:cloudwatch:us-east-1:1:alarm:x"
ALARM_X_OF_2 = "arn:aws:cloudwatch:us-east-1:2:alarm:x"


def _allow(**statement: object) -> dict[str, object]:
    return {"Effect": "Allow", **statement}


def test_an_allow_on_a_matching_action_and_resource_allows() -> None:
    policy = [_allow(Action="dynamodb:Get*", Resource="arn:aws:dynamodb:*:*:table/items-api-*")]

    assert evaluate_request(policy, Request("dynamodb:GetItem", TABLE)).decision is Decision.ALLOWED


def test_actions_match_case_insensitively_and_resources_case_sensitively() -> None:
    policy = [_allow(Action="DynamoDB:getitem", Resource=TABLE.upper())]

    assert evaluate_request(policy, Request("dynamodb:GetItem", TABLE)).decision is Decision.IMPLICIT_DENY
    assert evaluate_request(
        [_allow(Action="DynamoDB:getitem", Resource=TABLE)], Request("dynamodb:GetItem", TABLE)
    ).allowed


def test_an_explicit_deny_wins_over_any_allow() -> None:
    policy: list[dict[str, Any]] = [
        _allow(Action="*", Resource="*"),
        {"Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "*"},
    ]

    assert evaluate_request(policy, Request("dynamodb:DeleteItem", TABLE)).decision is Decision.EXPLICIT_DENY


def test_not_action_allows_everything_but_the_listed_actions() -> None:
    policy = [_allow(NotAction="iam:*", Resource="*")]

    assert evaluate_request(policy, Request("dynamodb:GetItem", TABLE)).allowed
    assert not evaluate_request(policy, Request("iam:CreateRole", "*")).allowed


def test_not_resource_allows_everything_but_the_listed_resources() -> None:
    policy = [_allow(Action="dynamodb:*", NotResource=TABLE)]

    assert not evaluate_request(policy, Request("dynamodb:GetItem", TABLE)).allowed
    assert evaluate_request(policy, Request("dynamodb:GetItem", f"{TABLE}2")).allowed


@pytest.mark.parametrize(
    ("condition", "context", "allowed"),
    [
        ({"StringEquals": {"aws:RequestTag/Project": "items-api"}}, {"aws:RequestTag/Project": ("items-api",)}, True),
        ({"StringEquals": {"aws:RequestTag/Project": "items-api"}}, {}, False),
        ({"StringNotEquals": {"aws:RequestTag/Project": "other"}}, {}, True),  # a missing key matches no value
        ({"StringLike": {"iam:PassedToService": "lambda.*"}}, {"iam:PassedToService": ("lambda.amazonaws.com",)}, True),
        ({"StringEqualsIfExists": {"aws:SourceAccount": "1"}}, {}, True),
        ({"Null": {"aws:SourceArn": "true"}}, {}, True),
        ({"Null": {"aws:SourceArn": "false"}}, {}, False),
        ({"ArnLike": {"aws:SourceArn": ALARMS_OF_1}}, {"aws:SourceArn": (ALARM_X_OF_1,)}, True),
        ({"ArnLike": {"aws:SourceArn": ALARMS_OF_1}}, {"aws:SourceArn": (ALARM_X_OF_2,)}, False),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["Project", "Owner"]}}, {"aws:TagKeys": ("Project",)}, True),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["Project"]}}, {"aws:TagKeys": ("Project", "Other")}, False),
        ({"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": ("true",)}, False),
    ],
)  # fmt: skip
def test_conditions_follow_iams_operators(condition, context, allowed) -> None:
    policy = [_allow(Action="kms:CreateKey", Resource="*", Condition=condition)]

    assert evaluate_request(policy, Request("kms:CreateKey", "*", context)).allowed is allowed


def test_a_condition_key_the_verifier_cannot_model_is_undecidable_not_a_pass() -> None:
    policy = [_allow(Action="s3:GetObject", Resource="*", Condition={"StringEquals": {"aws:CalledVia": "x"}})]

    evaluation = evaluate_request(policy, Request("s3:GetObject", "arn:aws:s3:::b/k"))

    assert evaluation.decision is Decision.UNKNOWN
    assert evaluation.unknown_keys == {"aws:CalledVia"}


def test_resource_policies_apply_only_to_the_principals_they_name() -> None:
    policy = [_allow(Action="sns:Publish", Resource="*", Principal={"Service": "cloudwatch.amazonaws.com"})]

    cloudwatch = Request(
        "sns:Publish", "arn:aws:sns:us-east-1:1:t", principal=Principal("Service", "cloudwatch.amazonaws.com")
    )
    events = Request("sns:Publish", "arn:aws:sns:us-east-1:1:t", principal=Principal("Service", "events.amazonaws.com"))

    assert evaluate_request(policy, cloudwatch).allowed
    assert not evaluate_request(policy, events).allowed


def test_a_trust_policy_statement_without_resource_applies_to_its_role() -> None:
    trust = [_allow(Action="sts:AssumeRole", Principal={"Service": "apigateway.amazonaws.com"})]

    request = Request(
        "sts:AssumeRole", "arn:aws:iam::1:role/r", principal=Principal("Service", "apigateway.amazonaws.com")
    )

    assert evaluate_request(trust, request).allowed
