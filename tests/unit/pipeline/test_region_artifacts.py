"""The pipeline's artifact store in another region (pipeline/region_artifacts.py), as the three-wave example needs
for prod-eu: hardened like the main store, and used by the pipeline through its key's alias only."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.conftest import SynthesizedApp

Resources = dict[str, dict[str, Any]]
REGION = "eu-west-1"
ALIAS = "alias/items-api-pipeline-artifacts"


@pytest.fixture(scope="module")
def store(three_waves: SynthesizedApp) -> dict[str, Any]:
    return three_waves.template("DeliveryPipelineArtifactsEuWest1.template.json")


def _of_type(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [resource for resource in template["Resources"].values() if resource["Type"] == kind]


def _artifacts(store: dict[str, Any]) -> dict[str, Any]:
    return next(bucket for bucket in _of_type(store, "AWS::S3::Bucket") if "BucketName" in bucket["Properties"])


def test_the_default_configuration_needs_no_other_region(synthesized: SynthesizedApp) -> None:
    manifest = json.loads((synthesized.outdir / "manifest.json").read_text())

    assert not [name for name in manifest["artifacts"] if name.startswith("DeliveryPipelineArtifacts")]


def test_the_store_is_a_stack_of_the_pipeline_account_in_the_other_region(three_waves: SynthesizedApp) -> None:
    manifest = json.loads((three_waves.outdir / "manifest.json").read_text())
    artifact = manifest["artifacts"]["DeliveryPipelineArtifactsEuWest1"]

    assert artifact["environment"] == f"aws://{three_waves.config.pipeline_account}/{REGION}"
    assert artifact["properties"]["stackName"] == f"items-api-delivery-pipeline-{REGION}"
    assert "DeliveryPipelineArtifactsEuWest1" in manifest["artifacts"]["DeliveryPipeline"]["dependencies"]


def test_the_bucket_is_encrypted_with_the_rotated_retained_key_logged_and_retained(store: dict[str, Any]) -> None:
    bucket = _artifacts(store)
    (key,) = _of_type(store, "AWS::KMS::Key")
    (alias,) = _of_type(store, "AWS::KMS::Alias")
    encryption = bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]

    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert "LoggingConfiguration" in bucket["Properties"]
    # The bucket's generated name is fixed: a failed create must not keep it (verify/checks/retain_on_create.py).
    assert (bucket["DeletionPolicy"], key["DeletionPolicy"]) == ("RetainExceptOnCreate", "Retain")
    assert key["Properties"]["EnableKeyRotation"] is True
    assert alias["Properties"]["AliasName"] == ALIAS


def test_only_the_deploy_role_of_that_regions_environment_may_read_and_decrypt(
    store: dict[str, Any], three_waves: SynthesizedApp
) -> None:
    env = three_waves.config.environments["prod-eu"]
    deploy_role = f"arn:aws:iam::{env.account}:role/cdk-hnb659fds-deploy-role-{env.account}-{REGION}"
    (key,) = _of_type(store, "AWS::KMS::Key")
    grants = [
        s
        for s in key["Properties"]["KeyPolicy"]["Statement"]
        if s["Principal"]["AWS"] != "arn:aws:iam::111111111111:root"
    ]
    (artifacts_id,) = [i for i, r in store["Resources"].items() if r is _artifacts(store)]
    bucket_policies = [
        policy["Properties"]["PolicyDocument"]
        for policy in _of_type(store, "AWS::S3::BucketPolicy")
        if policy["Properties"]["Bucket"] == {"Ref": artifacts_id}
    ]
    readers = [s["Principal"]["AWS"] for d in bucket_policies for s in d["Statement"] if s["Effect"] == "Allow"]

    assert [json.dumps(g["Principal"]["AWS"]) for g in grants] == [json.dumps(deploy_role)]
    assert grants[0]["Action"] == ["kms:Decrypt", "kms:DescribeKey"]
    assert len(readers) == 1
    assert deploy_role.removeprefix("arn:aws") in json.dumps(readers)


def test_the_pipeline_stores_artifacts_for_that_region_there_under_the_alias(three_waves: SynthesizedApp) -> None:
    resources = three_waves.pipeline_template()["Resources"]
    (pipeline,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CodePipeline::Pipeline"]
    stores = {store["Region"]: store["ArtifactStore"] for store in pipeline["ArtifactStores"]}

    assert set(stores) == {"us-east-1", REGION}
    assert stores[REGION]["EncryptionKey"]["Id"] == f"arn:aws:kms:{REGION}:111111111111:{ALIAS}"


def test_the_pipeline_role_may_use_only_keys_with_that_alias_in_that_region(three_waves: SynthesizedApp) -> None:
    resources = three_waves.pipeline_template()["Resources"]
    statements = [
        statement
        for logical_id, resource in resources.items()
        if resource["Type"] == "AWS::IAM::Policy" and logical_id.startswith("PipelineRoleDefaultPolicy")
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
        if "kms:Decrypt" in statement["Action"]
    ]
    regional = [
        statement for statement in statements if statement["Resource"] == f"arn:aws:kms:{REGION}:111111111111:key/*"
    ]

    assert "*" not in json.dumps([statement["Resource"] for statement in statements]).replace("key/*", "")
    assert [statement["Condition"] for statement in regional] == [
        {"ForAnyValue:StringEquals": {"kms:ResourceAliases": ALIAS}}
    ]
