"""The asset role without CDK Pipelines' CodeBuild grant on `*`.

CDK Pipelines gives the assets file role codebuild:StartBuild/StopBuild/BatchGetBuilds on every project, for the
pipeline action that starts the asset build. That action runs as the pipeline's CodeBuild action role, which
names the project already; the asset build itself (third-party npm code) never starts builds, and with the grant
it could start any project, self-mutation (admin in this account) and the prod smoke tests included.
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import pipelines

from pipeline.policy_filter import Statement, WithoutStatements, statement_actions
from stages.children import default_child, find_child

BUILD_CONTROL = frozenset({"codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"})


def _controls_any_build(statement: Statement) -> bool:
    return statement.get("Resource") == "*" and bool(set(statement_actions(statement)) & BUILD_CONTROL)


def remove_asset_build_control(pipeline: pipelines.CodePipeline) -> None:
    """Drop the CodeBuild grant on `*` from the assets file role's policy (call after build_pipeline)."""
    cfn = default_child(find_child(pipeline, "Assets/FileRole/DefaultPolicy", iam.Policy), iam.CfnPolicy)
    cfn.policy_document = WithoutStatements(
        cfn.policy_document, _controls_any_build, "PolicyDocumentWithoutBuildControl"
    )
