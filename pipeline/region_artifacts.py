"""The pipeline's artifact store in each other region it deploys to: CodePipeline copies artifacts there for the
deploy actions of that region.

CDK would generate a support stack per region, with a bucket that logs no access, a key it deletes with the stack
and a pipeline role allowed to use every key of the account (it cannot name a key of another region, so it grants
`kms:*` actions on `*`). This stack is the same store, hardened like the main one (pipeline/storage.py): access
logged, key rotated and retained, tagged. The pipeline uses the key through its alias, so the pipeline role's grant
is scoped to keys carrying that alias in that region.
"""

from __future__ import annotations

from aws_cdk import Environment, PhysicalName, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from configuration import AppConfig
from configuration.aws_names import bootstrap_role_name
from pipeline.storage import access_log_bucket, artifact_bucket

READ_ARTIFACTS = ("s3:GetBucket*", "s3:GetObject*", "s3:List*")
DECRYPT_ARTIFACTS = ("kms:Decrypt", "kms:DescribeKey")


def artifact_key_alias(project: str) -> str:
    return f"alias/{project}-pipeline-artifacts"


class RegionArtifactsStack(Stack):
    """In the pipeline account, in one region: the replication bucket, its key and the bucket its access logs go to."""

    def __init__(self, scope: Construct, construct_id: str, *, config: AppConfig, region: str) -> None:
        super().__init__(
            scope,
            construct_id,
            stack_name=f"{config.project}-delivery-pipeline-{region}",
            description=f"{config.project}: the delivery pipeline's artifact store in {region}",
            env=Environment(account=config.pipeline_account, region=region),
            tags=config.tags("delivery"),
        )
        key = kms.Key(
            self,
            "ArtifactKey",
            description=f"Encrypts the {config.project} pipeline's artifacts in {region}; its deploy roles decrypt",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        alias = kms.Alias(self, "ArtifactKeyAlias", alias_name=artifact_key_alias(config.project), target_key=key)
        by_alias = kms.Alias.from_alias_name(self, "ArtifactKeyByAlias", alias.alias_name)
        self.artifacts = artifact_bucket(
            self,
            "Artifacts",
            key=by_alias,
            logs=access_log_bucket(self, "AccessLogs"),
            name=PhysicalName.GENERATE_IF_NEEDED,
        )
        deploy_roles = [
            f"arn:{self.partition}:iam::{env.account}:role/{bootstrap_role_name('deploy', env.account, region)}"
            for env in config.environments.values()
            if env.region == region
        ]
        # The deploy roles of this region's environments read what they deploy (an imported key gets no grants).
        key.add_to_resource_policy(
            iam.PolicyStatement(
                actions=list(DECRYPT_ARTIFACTS),
                principals=[iam.ArnPrincipal(role) for role in deploy_roles],
                resources=["*"],
            )
        )
