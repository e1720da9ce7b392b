"""The synthetic check of each stage: its schedule from config, its script, its alarm, its role and its buckets."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from stages.constructs.canary import SCRIPT_DIR
from tests.tiers import component
from tests.unit.conftest import SynthesizedApp, synthesize
from tests.unit.stages.conftest import settings

CANARY = "AWS::Synthetics::Canary"


def _one(template: Template, kind: str, containing: str = "") -> tuple[str, Mapping[str, Any]]:
    (found,) = [(key, r) for key, r in template.find_resources(kind).items() if containing in key]
    return found


def _canary_statements(template: Template) -> list[dict]:
    _, policy = _one(template, "AWS::IAM::Policy", "SyntheticsRole")
    return policy["Properties"]["PolicyDocument"]["Statement"]


def _invoked_routes(template: Template) -> set[str]:
    (invoke,) = [s for s in _canary_statements(template) if s["Action"] == "execute-api:Invoke"]
    resources = invoke["Resource"] if isinstance(invoke["Resource"], list) else [invoke["Resource"]]
    return {resource["Fn::Join"][1][-1] for resource in resources}


def test_each_stage_runs_its_canary_on_the_schedule_its_config_gives(templates, config, env_name) -> None:
    settings = config.environments[env_name].synthetics

    templates[env_name].has_resource_properties(
        CANARY,
        {
            "Name": f"items-api-{env_name}",
            "RuntimeVersion": "syn-python-selenium-7.0",
            "Code": Match.object_like({"Handler": "items_canary.handler"}),
            "Schedule": {"Expression": f"rate({settings.every_minutes} minutes)", "DurationInSeconds": "0"},
            "StartCanaryAfterCreation": True,
            "ProvisionedResourceCleanup": "AUTOMATIC",
            "RunConfig": Match.object_like(
                {
                    "TimeoutInSeconds": 60,
                    "EnvironmentVariables": {"API_URL": Match.any_value(), "SYNTHETIC_WRITES": "true"},
                }
            ),
        },
    )


def test_the_canary_calls_the_url_of_its_own_stage(templates, env_name) -> None:
    api_id, _ = _one(templates[env_name], "AWS::ApiGateway::RestApi")
    _, canary = _one(templates[env_name], CANARY)

    url = canary["Properties"]["RunConfig"]["EnvironmentVariables"]["API_URL"]["Fn::Join"][1]

    assert url[:2] == ["https://", {"Ref": api_id}]


def test_two_failed_runs_in_a_row_alarm_to_the_service_alert_topic(templates, config, env_name) -> None:
    template = templates[env_name]
    topic, _ = _one(template, "AWS::SNS::Topic")
    canary, _ = _one(template, CANARY)

    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "AlarmName": f"items-api-{env_name}-synthetics",
            "Namespace": "CloudWatchSynthetics",
            "MetricName": "SuccessPercent",
            "Dimensions": [{"Name": "CanaryName", "Value": {"Ref": canary}}],
            "Period": config.environments[env_name].synthetics.every_minutes * 60,
            "ComparisonOperator": "LessThanThreshold",
            "Threshold": 100,
            "EvaluationPeriods": 2,
            "DatapointsToAlarm": 2,
            "AlarmActions": [{"Ref": topic}],
        },
    )


def test_the_canary_role_invokes_only_the_routes_the_check_uses(templates, env_name) -> None:
    assert _invoked_routes(templates[env_name]) == {
        f"/{env_name}/GET/items",
        f"/{env_name}/POST/items",
        f"/{env_name}/GET/items/*",
        f"/{env_name}/DELETE/items/*",
    }


def test_the_canary_role_is_for_lambda_and_may_do_only_what_synthetics_needs(templates, env_name) -> None:
    _, role = _one(templates[env_name], "AWS::IAM::Role", "SyntheticsRole")
    actions = {
        action
        for statement in _canary_statements(templates[env_name])
        for action in (statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]])
    }

    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}
    ]
    assert "ManagedPolicyArns" not in role["Properties"]
    assert actions == {
        "execute-api:Invoke",
        "s3:PutObject",
        "s3:GetObject",
        "s3:GetBucketLocation",
        "s3:ListAllMyBuckets",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "cloudwatch:PutMetricData",
    }


def test_canary_metrics_stay_in_the_synthetics_namespace(templates, env_name) -> None:
    (metrics,) = [s for s in _canary_statements(templates[env_name]) if s["Action"] == "cloudwatch:PutMetricData"]

    assert metrics["Condition"] == {"StringEquals": {"cloudwatch:namespace": "CloudWatchSynthetics"}}


def test_canary_artifacts_are_private_encrypted_ssl_only_expiring_and_access_logged(templates, env_name) -> None:
    template = templates[env_name]
    logs, _ = _one(template, "AWS::S3::Bucket", "ArtifactAccessLogs")
    artifacts, bucket = _one(template, "AWS::S3::Bucket", "SyntheticsArtifacts")

    properties = bucket["Properties"]
    assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "AES256"
    }
    assert properties["LifecycleConfiguration"] == {"Rules": [{"ExpirationInDays": 31, "Status": "Enabled"}]}
    assert properties["LoggingConfiguration"]["DestinationBucketName"] == {"Ref": logs}
    assert all(properties["PublicAccessBlockConfiguration"].values())
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": artifacts},
            "PolicyDocument": Match.object_like(
                {
                    "Statement": Match.array_with(
                        [Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})]
                    )
                }
            ),
        },
    )


def test_the_canary_stores_its_runs_under_its_own_prefix_of_its_bucket(templates, env_name) -> None:
    artifacts, _ = _one(templates[env_name], "AWS::S3::Bucket", "SyntheticsArtifacts")
    _, canary = _one(templates[env_name], CANARY)

    assert canary["Properties"]["ArtifactS3Location"] == {"Fn::Join": ["", ["s3://", {"Ref": artifacts}, "/runs"]]}


def test_the_script_asset_holds_the_canary_script_only(synthesized) -> None:
    staged = [p for p in Path(synthesized.outdir).glob("asset.*") if (p / "python" / "items_canary.py").is_file()]

    assert [sorted(str(f.relative_to(path)) for f in path.rglob("*") if f.is_file()) for path in staged] == [
        ["python/items_canary.py"]
    ]
    assert not list(Path(synthesized.outdir).glob("asset.*/items_canary.py"))  # never in the function's asset
    assert (SCRIPT_DIR / "python" / "items_canary.py").is_file()


@pytest.fixture(scope="module")
@component("synthesizes the app")
def read_only_prod(tmp_path_factory: pytest.TempPathFactory, project_context_values: dict) -> SynthesizedApp:
    context = json.loads(json.dumps(project_context_values))
    settings(context, "prod")["synthetics"]["writes"] = False
    return synthesize(tmp_path_factory.mktemp("cdk.out.read-only"), waves=context["waves"])


def test_a_read_only_check_may_only_list_and_stays_nag_clean(read_only_prod: SynthesizedApp) -> None:
    prod = Template.from_json(read_only_prod.stage_templates()["prod"])
    report = json.loads((read_only_prod.outdir / "validation-report.json").read_text())

    assert _invoked_routes(prod) == {"/prod/GET/items"}
    writes = Match.object_like({"EnvironmentVariables": Match.object_like({"SYNTHETIC_WRITES": "false"})})
    prod.has_resource_properties(CANARY, {"RunConfig": writes})
    assert [plugin["violations"] for plugin in report["pluginReports"]] == [[], []]
