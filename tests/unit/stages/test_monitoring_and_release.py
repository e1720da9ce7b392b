"""Alarms, the alert topic, the dashboard, the live alias and its CodeDeploy release, and the outputs."""

from __future__ import annotations

import json

import pytest
from aws_cdk.assertions import Match, Template

from tests.unit.conftest import synthesize
from tests.unit.stages.conftest import project_context, settings


def _alarms(template: Template) -> dict[str, dict]:
    return {k: v["Properties"] for k, v in template.find_resources("AWS::CloudWatch::Alarm").items()}


def _alarm_named(template: Template, fragment: str) -> dict:
    matches = [a for a in _alarms(template).values() if fragment in a["AlarmName"]]
    assert len(matches) == 1, f"expected one alarm named *{fragment}*, got {[a['AlarmName'] for a in matches]}"
    return matches[0]


def test_alert_topic_is_kms_encrypted_and_refuses_non_ssl(templates, env_name):
    template = templates[env_name]
    template.has_resource_properties("AWS::SNS::Topic", {"KmsMasterKeyId": Match.any_value()})
    template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
    template.has_resource_properties(
        "AWS::SNS::TopicPolicy",
        {
            "PolicyDocument": Match.object_like(
                {
                    "Statement": Match.array_with(
                        [Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})]
                    )
                }
            )
        },
    )


def test_alert_topic_and_its_key_admit_cloudwatch_for_this_accounts_alarms_only(templates, config, env_name):
    # The topic policy replaces SNS's default one, so without its own statement no alarm could publish.
    account = config.environments[env_name].account
    this_account_alarms = {
        "StringEquals": {"aws:SourceAccount": account},
        "ArnLike": {"aws:SourceArn": f"arn:aws:cloudwatch:{config.region}:{account}:alarm:*"},
    }
    cloudwatch = {"Service": "cloudwatch.amazonaws.com"}
    templates[env_name].has_resource_properties(
        "AWS::SNS::TopicPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [Match.object_like({"Action": "sns:Publish", "Effect": "Allow", "Principal": cloudwatch,
                                        "Condition": this_account_alarms})]
                )
            }
        },
    )  # fmt: skip
    templates[env_name].has_resource_properties(
        "AWS::KMS::Key",
        {
            "KeyPolicy": {
                "Statement": Match.array_with(
                    [Match.object_like({"Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Principal": cloudwatch,
                                        "Condition": this_account_alarms})]
                )
            }
        },
    )  # fmt: skip


def test_every_alarm_notifies_the_topic_or_rolls_back_and_ignores_missing_data(templates, env_name):
    topics = list(templates[env_name].find_resources("AWS::SNS::Topic"))
    for alarm in _alarms(templates[env_name]).values():
        assert alarm["TreatMissingData"] == "notBreaching"
        if "-release-" not in alarm["AlarmName"]:
            assert alarm["AlarmActions"] == [{"Ref": topics[0]}]


def _rate_metrics(alarm: dict) -> tuple[str, dict[str, str]]:
    expression = next(m["Expression"] for m in alarm["Metrics"] if "Expression" in m)
    metrics = {m["Id"]: m["MetricStat"]["Metric"]["MetricName"] for m in alarm["Metrics"] if "MetricStat" in m}
    return expression, metrics


def test_lambda_error_rate_alarm_is_errors_over_invocations_above_5_percent(templates, env_name):
    alarm = _alarm_named(templates[env_name], "-lambda-error-rate")
    assert alarm["Threshold"] == 5
    expression, metrics = _rate_metrics(alarm)
    assert expression == "IF(denominator > 0, 100 * numerator / denominator, 0)"
    assert metrics == {"numerator": "Errors", "denominator": "Invocations"}


def test_api_5xx_rate_alarm_is_5xx_over_requests(templates, env_name):
    alarm = _alarm_named(templates[env_name], f"{env_name}-api-5xx-rate")
    expression, metrics = _rate_metrics(alarm)
    assert expression == "IF(denominator > 0, 100 * numerator / denominator, 0)"
    assert metrics == {"numerator": "5XXError", "denominator": "Count"}


def test_the_service_alarms_cover_lambda_api_and_dynamodb(templates, env_name):
    names = " ".join(a["AlarmName"] for a in _alarms(templates[env_name]).values())
    for fragment in (
        "Handler-Latency-P99",
        "Handler-Running-Tasks",
        "Handler-Throttled",
        "Latency-P99-Warning",
        "Read-Throttled-Events",
        "Write-Throttled-Events",
        "SystemError-Count",
    ):
        assert fragment in names


def test_lambda_p99_alarm_fires_near_the_timeout(templates, config, env_name):
    alarm = _alarm_named(templates[env_name], "Handler-Latency-P99")
    assert alarm["Threshold"] == config.environments[env_name].lambda_timeout_seconds * 1000 * 0.8


def test_dashboard_exists_with_lambda_api_and_dynamodb_widgets(templates, env_name):
    dashboards = templates[env_name].find_resources("AWS::CloudWatch::Dashboard")
    assert len(dashboards) == 1
    body = json.dumps(next(iter(dashboards.values()))["Properties"]["DashboardBody"])
    for namespace in ("AWS/Lambda", "AWS/ApiGateway", "AWS/DynamoDB"):
        assert namespace in body


def test_function_publishes_a_version_behind_the_live_alias(templates, env_name):
    templates[env_name].resource_count_is("AWS::Lambda::Version", 1)
    templates[env_name].has_resource_properties("AWS::Lambda::Alias", {"Name": "live"})


def test_api_invoke_permissions_are_granted_on_the_alias_only(templates, env_name):
    permissions = templates[env_name].find_resources("AWS::Lambda::Permission")
    aliases = list(templates[env_name].find_resources("AWS::Lambda::Alias"))
    assert len(permissions) == 5
    for permission in permissions.values():
        assert permission["Properties"]["FunctionName"] == {"Ref": aliases[0]}
        assert f"/{env_name}/" in json.dumps(permission["Properties"]["SourceArn"])


def test_prod_shifts_traffic_by_canary_from_config(templates, config):
    prod = config.environments["prod"]
    templates["prod"].has_resource_properties(
        "AWS::CodeDeploy::DeploymentConfig",
        {
            "TrafficRoutingConfig": {
                "Type": "TimeBasedCanary",
                "TimeBasedCanary": {
                    "CanaryPercentage": prod.canary_percent,
                    "CanaryInterval": prod.canary_minutes,
                },
            }
        },
    )


def test_dev_shifts_all_traffic_at_once(templates):
    templates["dev"].resource_count_is("AWS::CodeDeploy::DeploymentConfig", 0)
    templates["dev"].has_resource_properties(
        "AWS::CodeDeploy::DeploymentGroup",
        {"DeploymentConfigName": "CodeDeployDefault.LambdaAllAtOnce"},
    )


def test_outputs_have_stable_names(templates, env_name):
    outputs = templates[env_name].to_json()["Outputs"]
    assert set(outputs) == {
        "ApiUrl",
        "TableName",
        "FunctionName",
        "AlertTopicArn",
        "DashboardName",
        "ApiTestRoleArn",
        "DeploymentGroupName",
    }


@pytest.mark.component  # synthesizes
def test_each_configured_alert_email_is_subscribed_to_the_alert_topic(tmp_path):
    context = project_context()
    settings(context, "prod")["alertEmails"] = ["oncall@example.com", "lead@example.com"]

    app = synthesize(tmp_path, waves=context["waves"])

    for name, expected in (("dev", []), ("prod", ["lead@example.com", "oncall@example.com"])):
        resources = app.stage_templates()[name]["Resources"]
        subscriptions = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::SNS::Subscription"]
        (topic,) = [logical_id for logical_id, r in resources.items() if r["Type"] == "AWS::SNS::Topic"]
        assert sorted(s["Endpoint"] for s in subscriptions) == expected
        assert all(s["Protocol"] == "email" and s["TopicArn"] == {"Ref": topic} for s in subscriptions)
