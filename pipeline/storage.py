"""Buckets the pipeline writes to: artifacts (KMS, shared with the target accounts), build caches, access logs."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

ACCESS_LOG_DAYS = 365
CACHE_DAYS = 30


def access_log_bucket(scope: Construct, construct_id: str) -> s3.Bucket:
    """The bucket S3 server access logs of the pipeline's buckets are written to."""
    return s3.Bucket(
        scope,
        construct_id,
        encryption=s3.BucketEncryption.S3_MANAGED,  # S3 server access logging cannot write to SSE-KMS buckets
        enforce_ssl=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(ACCESS_LOG_DAYS))],
        removal_policy=RemovalPolicy.RETAIN,
    )


def artifact_bucket(
    scope: Construct, construct_id: str, *, key: kms.IKey, logs: s3.IBucket, name: str | None = None
) -> s3.Bucket:
    """A bucket for pipeline artifacts: encrypted with `key` (the target accounts decrypt with it), access logged.

    Kept when its stack is deleted, but not by a failed create: a region's store has a generated, fixed name."""
    return s3.Bucket(
        scope,
        construct_id,
        bucket_name=name,
        encryption=s3.BucketEncryption.KMS,
        encryption_key=key,
        bucket_key_enabled=True,
        enforce_ssl=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        server_access_logs_bucket=logs,
        server_access_logs_prefix="artifacts/",
        removal_policy=RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    )


class PipelineStorage(Construct):
    """The artifact bucket with its own rotating key, a build-cache bucket, and the bucket both log their access to.

    The pipeline gets this artifact bucket instead of generating one, because the generated bucket has no access
    logging; the key is what makes cross-account deploys work (the target accounts decrypt artifacts with it).
    """

    def __init__(self, scope: Construct, construct_id: str, *, project: str) -> None:
        super().__init__(scope, construct_id)
        self.access_logs = access_log_bucket(self, "AccessLogs")
        self.artifact_key = kms.Key(
            self,
            "ArtifactKey",
            description=f"Encrypts the {project} pipeline's artifacts; the dev and prod accounts decrypt with it",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.artifacts = artifact_bucket(self, "Artifacts", key=self.artifact_key, logs=self.access_logs)
        self.build_cache = s3.Bucket(
            self,
            "BuildCache",
            encryption=s3.BucketEncryption.S3_MANAGED,  # pip and npm downloads of public packages, nothing secret
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="build-cache/",
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(CACHE_DAYS))],
            removal_policy=RemovalPolicy.RETAIN,
        )
