"""What the first real pipeline run depends on: the connection grant, creation order and a notification topic
only this account's rules may publish to."""

from __future__ import annotations

from typing import Any

Resources = dict[str, dict[str, Any]]


def _of_type(resources: Resources, kind: str) -> Resources:
    return {key: r for key, r in resources.items() if r["Type"] == kind}


def test_the_source_action_may_use_the_connection_with_the_prefix_of_its_arn(resources: Resources, synthesized) -> None:
    arn = synthesized.config.source.connection_arn
    grants = [
        statement
        for policy in _of_type(resources, "AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement.get("Resource") == arn
    ]

    assert arn.startswith("arn:aws:codeconnections:")
    actions = {
        action
        for grant in grants
        for action in (grant["Action"] if isinstance(grant["Action"], list) else [grant["Action"]])
    }
    assert {"codeconnections:UseConnection", "codestar-connections:UseConnection"} <= actions


def test_the_pipeline_waits_for_the_policy_of_every_role_in_its_stack(resources: Resources) -> None:
    ((pipeline_id, pipeline),) = _of_type(resources, "AWS::CodePipeline::Pipeline").items()
    policies = set(_of_type(resources, "AWS::IAM::Policy"))

    assert policies - set(pipeline["DependsOn"]) == set()
    assert pipeline_id


def test_only_notification_rules_of_this_account_may_publish_to_the_pipeline_topic(
    resources: Resources, synthesized
) -> None:
    (policy,) = _of_type(resources, "AWS::SNS::TopicPolicy").values()
    allows = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]

    assert allows == [
        {
            "Action": "sns:Publish",
            "Condition": {"StringEquals": {"aws:SourceAccount": synthesized.config.pipeline_account}},
            "Effect": "Allow",
            "Principal": {"Service": "codestar-notifications.amazonaws.com"},
            "Resource": allows[0]["Resource"],
            "Sid": "AllowThisAccountsNotificationRules",
        }
    ]
