"""The asset role without CDK Pipelines' CodeBuild grant on `*`.

CDK Pipelines gives the assets file role codebuild:StartBuild/StopBuild/BatchGetBuilds on every project, for the
pipeline action that starts the asset build. That action runs as the pipeline's CodeBuild action role, which
names the project already; the asset build itself (third-party npm code) never starts builds, and with the grant
it could start any project, self-mutation (admin in this account) and the prod smoke tests included.
"""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import IResolvable, IResolveContext, pipelines
from aws_cdk import aws_iam as iam

BUILD_CONTROL = frozenset({"codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"})


@jsii.implements(IResolvable)
class _WithoutBuildControl:
    """A policy document without statements that control CodeBuild builds on `*`, resolved after every statement
    has been added."""

    def __init__(self, document: Any) -> None:
        self._document = document

    @property
    def creation_stack(self) -> list[str]:
        return []

    def resolve(self, context: IResolveContext) -> Any:
        rendered = context.resolve(self._document)
        kept = [statement for statement in rendered["Statement"] if not _controls_any_build(statement)]
        return {**rendered, "Statement": kept}

    def to_string(self) -> str:
        return "PolicyDocumentWithoutBuildControl"


def _controls_any_build(statement: dict[str, Any]) -> bool:
    actions = statement.get("Action", [])
    actions = set(actions if isinstance(actions, list) else [actions])
    return statement.get("Resource") == "*" and bool(actions & BUILD_CONTROL)


def remove_asset_build_control(pipeline: pipelines.CodePipeline) -> None:
    """Drop the CodeBuild grant on `*` from the assets file role's policy (call after build_pipeline)."""
    role = pipeline.node.find_child("Assets").node.find_child("FileRole")
    policy = role.node.find_child("DefaultPolicy")
    assert isinstance(policy, iam.Policy)
    cfn = policy.node.default_child
    cfn.policy_document = _WithoutBuildControl(cfn.policy_document)
