"""Releases: version-scoped rollback alarms, hooks before and after traffic, retained versions, notifications."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aws_cdk.assertions import Match, Template

Resources = dict[str, dict]


def _one(template: Template, kind: str) -> tuple[str, Mapping[str, Any]]:
    (found,) = template.find_resources(kind).items()
    return found


def _statements_of_role(template: Template, role_id: str) -> list[dict]:
    return [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def _actions(statements: list[dict]) -> set[str]:
    return {a for s in statements for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}


def _release_alarms(template: Template) -> dict[str, dict]:
    return {
        key: alarm["Properties"]
        for key, alarm in template.find_resources("AWS::CloudWatch::Alarm").items()
        if "-release-" in alarm["Properties"]["AlarmName"]
    }


def _version_id(template: Template) -> str:
    return _one(template, "AWS::Lambda::Version")[0]


def test_rollback_alarms_watch_only_the_version_being_released(templates, env_name):
    template = templates[env_name]
    version = _version_id(template)
    alarms = _release_alarms(template)

    assert {a["AlarmName"].split("-release-")[1] for a in alarms.values()} == {"error-rate", "p99-duration"}
    for alarm in alarms.values():
        dimension_sets = [
            m["MetricStat"]["Metric"]["Dimensions"] for m in alarm.get("Metrics", []) if "MetricStat" in m
        ]
        for dimensions in dimension_sets or [alarm["Dimensions"]]:
            named = {d["Name"]: d["Value"] for d in dimensions}
            assert named["ExecutedVersion"] == {"Fn::GetAtt": [version, "Version"]}
            assert ":live" in json.dumps(named["Resource"])


def test_the_deployment_group_rolls_back_on_the_version_alarms_only(templates, env_name):
    template = templates[env_name]
    group = _one(template, "AWS::CodeDeploy::DeploymentGroup")[1]["Properties"]

    assert group["AutoRollbackConfiguration"] == {
        "Enabled": True,
        "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
    }
    assert sorted(a["Name"]["Ref"] for a in group["AlarmConfiguration"]["Alarms"]) == sorted(_release_alarms(template))


def test_the_api_5xx_rate_stays_a_service_alarm_and_no_rollback_trigger(templates, env_name):
    template = templates[env_name]
    (api_5xx,) = [
        k
        for k, a in template.find_resources("AWS::CloudWatch::Alarm").items()
        if "api-5xx" in a["Properties"]["AlarmName"]
    ]

    group = _one(template, "AWS::CodeDeploy::DeploymentGroup")[1]["Properties"]
    assert {"Name": {"Ref": api_5xx}} not in group["AlarmConfiguration"]["Alarms"]


def test_release_alarms_tell_the_alert_topic_when_they_fire_and_clear(templates, env_name):
    template = templates[env_name]
    topic = _one(template, "AWS::SNS::Topic")[0]

    for alarm in _release_alarms(template).values():
        assert alarm["AlarmActions"] == [{"Ref": topic}]
        assert alarm["OKActions"] == [{"Ref": topic}]


def test_failed_rolled_back_or_stopped_releases_are_published_to_the_alert_topic(templates, env_name):
    template = templates[env_name]
    topic = _one(template, "AWS::SNS::Topic")[0]
    group = _one(template, "AWS::CodeDeploy::DeploymentGroup")[1]["Properties"]

    (trigger,) = group["TriggerConfigurations"]
    assert trigger["TriggerTargetArn"] == {"Ref": topic}
    assert set(trigger["TriggerEvents"]) == {"DeploymentFailure", "DeploymentRollback", "DeploymentStop"}


def test_versions_are_retained_so_a_rollback_has_a_version_to_return_to(templates, env_name):
    templates[env_name].has_resource(
        "AWS::Lambda::Version", {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}
    )


def test_the_alias_update_runs_the_hooks_before_and_after_traffic(templates, env_name):
    template = templates[env_name]
    update = _one(template, "AWS::Lambda::Alias")[1]["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]
    functions = template.find_resources("AWS::Lambda::Function")

    before, after = update["BeforeAllowTrafficHook"]["Ref"], update["AfterAllowTrafficHook"]["Ref"]
    assert functions[before]["Properties"]["Handler"] == "release_hooks.before_traffic.handler"
    assert functions[after]["Properties"]["Handler"] == "release_hooks.after_traffic.handler"


def test_the_before_traffic_hook_may_invoke_only_the_version_being_released(templates, env_name):
    template = templates[env_name]
    update = _one(template, "AWS::Lambda::Alias")[1]["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]
    hook = template.find_resources("AWS::Lambda::Function")[update["BeforeAllowTrafficHook"]["Ref"]]["Properties"]
    role = hook["Role"]["Fn::GetAtt"][0]
    statements = _statements_of_role(template, role)

    assert hook["Environment"]["Variables"]["TARGET_VERSION_ARN"] == {"Ref": _version_id(template)}
    assert hook["Environment"]["Variables"]["STAGE_NAME"] == env_name
    invoke = [s for s in statements if s["Action"] == "lambda:InvokeFunction"]
    assert [s["Resource"] for s in invoke] == [{"Ref": _version_id(template)}]
    assert _actions(statements) == {
        "lambda:InvokeFunction",
        "codedeploy:PutLifecycleEventHookExecutionStatus",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    }


def test_the_after_traffic_hook_reads_only_the_release_alarms_and_its_deployments(templates, env_name):
    template = templates[env_name]
    update = _one(template, "AWS::Lambda::Alias")[1]["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]
    hook = template.find_resources("AWS::Lambda::Function")[update["AfterAllowTrafficHook"]["Ref"]]["Properties"]
    statements = _statements_of_role(template, hook["Role"]["Fn::GetAtt"][0])
    alarms = _release_alarms(template)

    separator, parts = hook["Environment"]["Variables"]["RELEASE_ALARMS"]["Fn::Join"]
    assert separator + "".join(part for part in parts if isinstance(part, str)) == ","
    assert sorted(part["Ref"] for part in parts if isinstance(part, dict)) == sorted(alarms)
    (history,) = [s for s in statements if s["Action"] == "cloudwatch:DescribeAlarmHistory"]
    assert sorted(r["Fn::GetAtt"][0] for r in history["Resource"]) == sorted(alarms)
    assert _actions(statements) >= {"codedeploy:GetDeployment", "codedeploy:PutLifecycleEventHookExecutionStatus"}
    assert all(s["Resource"] != "*" for s in statements)


def test_the_hooks_run_their_own_package_and_the_items_function_not_theirs(stages, templates, env_name):
    assets = Path(stages[env_name].outdir).parent
    functions = templates[env_name].find_resources("AWS::Lambda::Function").values()

    for function in functions:
        key = function["Properties"]["Code"]["S3Key"].removesuffix(".zip")
        packages = {p.name for p in (assets / f"asset.{key}").iterdir() if (p / "__init__.py").exists()}
        if function["Properties"]["Handler"].startswith("release_hooks."):
            assert packages == {"release_hooks"}
        else:
            assert "items_api" in packages and "release_hooks" not in packages


def test_codedeploy_role_is_narrowed_to_the_alias_alarms_hooks_and_topic(templates, env_name):
    template = templates[env_name]
    trust = Match.object_like(
        {"Statement": [Match.object_like({"Principal": {"Service": "codedeploy.amazonaws.com"}})]}
    )
    ((role_id, role),) = template.find_resources(
        "AWS::IAM::Role", {"Properties": {"AssumeRolePolicyDocument": trust}}
    ).items()
    statements = _statements_of_role(template, role_id)

    assert "ManagedPolicyArns" not in role["Properties"]
    assert all(s["Resource"] != "*" for s in statements)
    assert _actions(statements) == {
        "lambda:GetAlias",
        "lambda:UpdateAlias",
        "lambda:GetProvisionedConcurrencyConfig",
        "lambda:InvokeFunction",
        "cloudwatch:DescribeAlarms",
        "sns:Publish",
        "kms:GenerateDataKey",
        "kms:Decrypt",
    }


def test_the_live_alias_waits_for_the_release_role_and_hook_policies(templates, env_name):
    """Its update starts the CodeDeploy release, which must run with this release's permissions."""
    template = templates[env_name]
    (alias,) = template.find_resources("AWS::Lambda::Alias").values()
    policies = {
        logical_id
        for logical_id, policy in template.find_resources("AWS::IAM::Policy").items()
        if any(part in logical_id for part in ("ReleaseRole", "ReleaseHooksBefore", "ReleaseHooksAfter"))
    }
    assert len(policies) == 3
    assert policies <= set(alias["DependsOn"])
