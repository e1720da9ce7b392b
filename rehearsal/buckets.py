"""The asset manifests' file destinations, and the stand-in's buckets for them, reached as cdk-assets reaches them:
through the destination's publishing role."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import boto3

from rehearsal.standin import CREDENTIALS

PARTITION = "aws"


@dataclass(frozen=True)
class Destination:
    """Where one file asset goes: a bucket and key in a region, written with a role of the target account."""

    bucket: str
    key: str
    region: str
    role_arn: str


def artifact_files(assembly: Path, artifact_type: str, key: str) -> list[Path]:
    """The files of one artifact type that the assembly's manifest lists, nested assemblies included (a folder
    reused for another synth can hold files no manifest names any more)."""
    found = []
    for artifact in json.loads((assembly / "manifest.json").read_text()).get("artifacts", {}).values():
        properties = artifact.get("properties", {})
        if artifact.get("type") == "cdk:cloud-assembly":
            found += artifact_files(assembly / properties["directoryName"], artifact_type, key)
        elif artifact.get("type") == artifact_type:
            found.append(assembly / properties[key])
    return sorted(found)


def asset_manifests(assembly: Path) -> list[Path]:
    return artifact_files(assembly, "cdk:asset-manifest", "file")


def stack_templates(assembly: Path) -> list[Path]:
    return artifact_files(assembly, "aws:cloudformation:stack", "templateFile")


def destinations(assembly: Path) -> list[Destination]:
    """Every file destination of every asset manifest in the assembly (nested assemblies included)."""
    found = []
    for manifest in asset_manifests(assembly):
        for asset in json.loads(manifest.read_text()).get("files", {}).values():
            for target in asset["destinations"].values():
                role = target.get("assumeRoleArn", "").replace("${AWS::Partition}", PARTITION)
                found.append(Destination(target["bucketName"], target["objectKey"], target["region"], role))
    return found


def _s3(endpoint: str, destination: Destination) -> Any:
    """An S3 client with the destination role's credentials, as cdk-assets gets them (sts:AssumeRole)."""
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=destination.region, **_keys())
    credentials = sts.assume_role(RoleArn=destination.role_arn, RoleSessionName="assets-rehearsal")["Credentials"]
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=destination.region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


class _Keys(TypedDict):
    aws_access_key_id: str
    aws_secret_access_key: str


def _keys() -> _Keys:
    return {
        "aws_access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    }


def _per_bucket(found: Iterable[Destination]) -> list[Destination]:
    return list({(d.role_arn, d.bucket): d for d in found}.values())


def prepare_buckets(endpoint: str, found: Sequence[Destination]) -> None:
    """Create each destination bucket in its role's account, as `cdk bootstrap` does before any publish."""
    for destination in _per_bucket(found):
        s3 = _s3(endpoint, destination)
        if destination.region == "us-east-1":
            s3.create_bucket(Bucket=destination.bucket)
        else:
            configuration = {"LocationConstraint": destination.region}
            s3.create_bucket(Bucket=destination.bucket, CreateBucketConfiguration=configuration)


def published_keys(endpoint: str, found: Sequence[Destination]) -> set[tuple[str, str]]:
    """(bucket, key) of every object the destination buckets hold."""
    keys = set()
    for destination in _per_bucket(found):
        s3 = _s3(endpoint, destination)
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=destination.bucket)
        keys |= {(destination.bucket, item["Key"]) for page in pages for item in page.get("Contents", [])}
    return keys
