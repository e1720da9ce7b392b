"""Before a production wave deploys: drift on its environments' deployed stacks (tools/drift_check.sh).

CloudFormation's drift detection reads every resource of a stack with the caller's permissions, so the step
assumes each environment's drift reader role (bootstrap/drift-reader-role.json: the read-handler permissions of the
service stacks' resource types, on the project's resources; `make verify` checks them against the provider
schemas). It runs beside the wave's approval, so it adds no step to the critical path; with `drift: stop` a drifted
stack fails it and the deploys after it do not run, with the drifted resources listed in its log. It runs the
image's AWS CLI only, no third-party code.
"""

from __future__ import annotations

import shlex

from aws_cdk import CfnResource, Stack, pipelines
from aws_cdk import aws_applicationautoscaling as autoscaling
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from constructs import Construct

from configuration import EnvironmentConfig, drift_check_role_name, drift_reader_role_name, stage_id
from pipeline.change_check import CODEBUILD_SERVICE
from pipeline.scaling_drift import SCALABLE_TARGET, TABLE, owned_paths, reported
from stages.service_stage import ServiceStage

SCRIPT = "tools/drift_check.sh"


def drift_reader(stack: Stack, project: str, environment: EnvironmentConfig) -> str:
    name = drift_reader_role_name(project, environment.region)
    return f"arn:{stack.partition}:iam::{environment.account}:role/{name}"


def drift_role(scope: Construct, project: str) -> iam.Role:
    """The fixed-name role every drift check shares (the drift reader roles trust exactly this name)."""
    stack = Stack.of(scope)
    existing = stack.node.try_find_child("DriftCheckRole")
    if isinstance(existing, iam.Role):
        return existing
    return iam.Role(
        stack,
        "DriftCheckRole",
        role_name=drift_check_role_name(project),
        assumed_by=iam.ServicePrincipal(CODEBUILD_SERVICE).with_conditions(
            {"StringEquals": {"aws:SourceAccount": stack.account}}
        ),
        description="Detects drift on the service stacks before a production deploy, through each drift reader role",
    )


def _stacks(stage: ServiceStage) -> list[Stack]:
    return [found for found in stage.node.find_all() if isinstance(found, Stack)]


def _scaling_resources(stack: Stack) -> dict[str, dict[str, object]]:
    """The stack's tables and scalable targets as its template writes them (the parts scaling_drift reads)."""
    resources: dict[str, dict[str, object]] = {}
    for found in stack.node.find_all():
        if not isinstance(found, CfnResource) or Stack.of(found) is not stack:
            continue
        if isinstance(found, autoscaling.CfnScalableTarget):
            properties = {"ResourceId": stack.resolve(found.resource_id), "ScalableDimension": found.scalable_dimension}
            resources[stack.resolve(found.logical_id)] = {"Type": SCALABLE_TARGET, "Properties": properties}
        elif isinstance(found, dynamodb.CfnTable):
            indexes = stack.resolve(found.global_secondary_indexes) or []
            names = [{"IndexName": index.get("IndexName", index.get("indexName"))} for index in indexes]
            resources[stack.resolve(found.logical_id)] = {
                "Type": TABLE,
                "Properties": {"GlobalSecondaryIndexes": names},
            }
    return resources


def stack_arguments(stage: ServiceStage) -> list[str]:
    """STACK REPORTED pairs for tools/drift_check.sh: each stack, and the drifts of it that are reported."""
    return [
        part
        for stack in _stacks(stage)
        for part in (stack.stack_name, reported(owned_paths(_scaling_resources(stack))))
    ]


def drift_check(
    scope: Construct,
    step_id: str,
    *,
    source: pipelines.CodePipelineSource,
    stages: list[ServiceStage],
    project: str,
    mode: str,
) -> pipelines.CodeBuildStep:
    """One step for the wave: each environment's stacks, through that environment's drift reader role."""
    stack = Stack.of(scope)
    role = drift_role(scope, project)
    readers = [drift_reader(stack, project, stage.environment) for stage in stages]
    role.add_to_policy(iam.PolicyStatement(actions=["sts:AssumeRole"], resources=readers))
    commands: list[str] = []
    for stage, reader in zip(stages, readers, strict=True):
        profile = f"drift-{stage.environment.name}"
        # CodeBuild's own credentials come from its container; the profile assumes the drift reader role.
        commands += [
            f"aws configure set profile.{profile}.role_arn {reader}",
            f"aws configure set profile.{profile}.credential_source EcsContainer",
            shlex.join(["bash", SCRIPT, mode, profile, stage.environment.region, *stack_arguments(stage)]),
        ]
    return pipelines.CodeBuildStep(step_id, input=source, commands=commands, role=role)


def drift_step_id(wave: str) -> str:
    return f"{stage_id(wave)}DriftCheck"
