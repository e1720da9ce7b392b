"""The pipeline's own resources: artifact storage and its keys, notifications, and a nag-clean synth."""

from __future__ import annotations

import json
from typing import Any

Resources = dict[str, dict[str, Any]]


def _of_type(resources: Resources, kind: str) -> dict[str, dict[str, Any]]:
    return {key: r["Properties"] for key, r in resources.items() if r["Type"] == kind}


def _artifact_bucket_id(pipeline_properties: dict[str, Any]) -> str:
    return pipeline_properties["ArtifactStore"]["Location"]["Ref"]


def _bucket_policy(resources: Resources, bucket_id: str) -> list[dict[str, Any]]:
    (policy,) = [p for p in _of_type(resources, "AWS::S3::BucketPolicy").values() if p["Bucket"] == {"Ref": bucket_id}]
    return policy["PolicyDocument"]["Statement"]


def _denies_plain_http(statements: list[dict[str, Any]]) -> bool:
    return any(
        s["Effect"] == "Deny" and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}} for s in statements
    )


def test_artifacts_are_encrypted_with_a_rotating_key(resources: Resources, pipeline_properties: dict) -> None:
    key_id = pipeline_properties["ArtifactStore"]["EncryptionKey"]["Id"]["Fn::GetAtt"][0]
    (rule,) = resources[_artifact_bucket_id(pipeline_properties)]["Properties"]["BucketEncryption"][
        "ServerSideEncryptionConfiguration"
    ]

    assert rule["ServerSideEncryptionByDefault"] == {
        "KMSMasterKeyID": {"Fn::GetAtt": [key_id, "Arn"]},
        "SSEAlgorithm": "aws:kms",
    }
    assert resources[key_id]["Properties"]["EnableKeyRotation"] is True


def test_artifact_key_lets_only_the_target_deploy_roles_decrypt(
    resources: Resources, pipeline_properties: dict, synthesized
) -> None:
    key_id = pipeline_properties["ArtifactStore"]["EncryptionKey"]["Id"]["Fn::GetAtt"][0]
    statements = resources[key_id]["Properties"]["KeyPolicy"]["Statement"]
    cross_account = [s for s in statements if s["Action"] == ["kms:Decrypt", "kms:DescribeKey"]]

    principals = json.dumps(cross_account)

    for env in (synthesized.config.environments["dev"], synthesized.config.environments["prod"]):
        assert f":iam::{env.account}:role/cdk-hnb659fds-deploy-role-{env.account}-{env.region}" in principals


def test_artifact_bucket_refuses_plain_http(resources: Resources, pipeline_properties: dict) -> None:
    assert _denies_plain_http(_bucket_policy(resources, _artifact_bucket_id(pipeline_properties)))


def test_artifact_bucket_logs_access_to_the_log_bucket(resources: Resources, pipeline_properties: dict) -> None:
    logging = resources[_artifact_bucket_id(pipeline_properties)]["Properties"]["LoggingConfiguration"]
    log_bucket = logging["DestinationBucketName"]["Ref"]

    assert resources[log_bucket]["Type"] == "AWS::S3::Bucket"
    assert _denies_plain_http(_bucket_policy(resources, log_bucket))


def test_notification_topic_is_encrypted_with_a_rotating_key(resources: Resources) -> None:
    (topic,) = _of_type(resources, "AWS::SNS::Topic").values()
    key_id = topic["KmsMasterKeyId"]["Fn::GetAtt"][0]

    assert resources[key_id]["Properties"]["EnableKeyRotation"] is True


def test_notification_topic_accepts_only_tls_publishers(resources: Resources) -> None:
    (policy,) = _of_type(resources, "AWS::SNS::TopicPolicy").values()

    assert _denies_plain_http(policy["PolicyDocument"]["Statement"])


def test_notification_rule_sends_failures_and_pending_approvals_to_the_topic(resources: Resources) -> None:
    (rule,) = _of_type(resources, "AWS::CodeStarNotifications::NotificationRule").values()
    (topic_id,) = _of_type(resources, "AWS::SNS::Topic")

    assert rule["EventTypeIds"] == [
        "codepipeline-pipeline-pipeline-execution-failed",
        "codepipeline-pipeline-manual-approval-needed",
    ]
    assert rule["Targets"] == [{"TargetAddress": {"Ref": topic_id}, "TargetType": "SNS"}]


def test_whole_app_synthesizes_with_no_unacknowledged_nag_finding(synthesized) -> None:
    report = json.loads((synthesized.outdir / "validation-report.json").read_text())

    assert [
        (plugin["pluginName"], plugin["conclusion"], plugin["violations"]) for plugin in report["pluginReports"]
    ] == [("AwsSolutions", "success", []), ("LeastPrivilege", "success", [])]
