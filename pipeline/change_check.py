"""Before an approval: what deploying the wave would destroy (verify/change_check/), shown in the approval.

For each environment of the wave, the step reads the deployed template with that account's stack reader role
(bootstrap/stack-reader-role.json: the service stacks' templates, nothing else), compares it with the synthesized
one, and exports one verdict line for the wave. It fails the run when an items table would be replaced or deleted,
unless that environment sets allowDataReplacement.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Stack, pipelines
from aws_cdk import aws_iam as iam
from constructs import Construct

from configuration import EnvironmentConfig, stack_check_role_names, stack_reader_role_name
from stages.service_stage import ServiceStage

CHANGES_VARIABLE = "DESTRUCTIVE"
SOURCE_DIR = "src"  # the source checkout beside the cloud assembly (the step's primary input)
CHECK_INSTALL = (
    "python -m venv .venv-check",
    f".venv-check/bin/pip install --quiet -r {SOURCE_DIR}/requirements-checks.txt",
)


CODEBUILD_SERVICE = "codebuild.amazonaws.com"


def reader_role(stack: Stack, project: str, environment: EnvironmentConfig) -> str:
    """The stack reader role `make bootstrap` creates in an environment: it reads the service stacks' templates and
    nothing else (CDK's lookup role has ReadOnlyAccess: log events, canary artifacts, table items)."""
    name = stack_reader_role_name(project, environment.region)
    return f"arn:{stack.partition}:iam::{environment.account}:role/{name}"


def check_role(scope: Construct, project: str, *, permissions: bool) -> iam.Role:
    """The fixed-name role of the change check or the permissions check, shared by every wave: the stack reader
    roles trust exactly these two names. Each step adds the reader roles of its own environments."""
    stack = Stack.of(scope)
    construct_id = "PermissionsCheckRole" if permissions else "ChangeCheckRole"
    existing = stack.node.try_find_child(construct_id)
    if isinstance(existing, iam.Role):
        return existing
    change, diff = stack_check_role_names(project)
    return iam.Role(
        stack,
        construct_id,
        role_name=diff if permissions else change,
        assumed_by=iam.ServicePrincipal(CODEBUILD_SERVICE).with_conditions(
            {"StringEquals": {"aws:SourceAccount": stack.account}}
        ),
        description="Reads the deployed service stacks before an approval, through each target's stack reader role",
    )


def grant_reading(role: iam.Role, stack: Stack, project: str, stages: list[ServiceStage]) -> None:
    role.add_to_policy(
        iam.PolicyStatement(
            actions=["sts:AssumeRole"],
            resources=[reader_role(stack, project, stage.environment) for stage in stages],
        )
    )


def change_check(
    scope: Construct,
    step_id: str,
    *,
    synth: pipelines.IFileSetProducer,
    source: pipelines.CodePipelineSource,
    stages: list[ServiceStage],
    project: str,
) -> pipelines.CodeBuildStep:
    stack = Stack.of(scope)
    role = check_role(scope, project, permissions=False)
    grant_reading(role, stack, project, stages)
    if len(stages) == 1:
        commands, verdict = [_check_command(stack, project, stages[0], "verdict.txt")], "$(cat verdict.txt)"
    else:
        files = {stage.environment.name: f"verdict-{stage.environment.name}.txt" for stage in stages}
        commands = [_check_command(stack, project, stage, files[stage.environment.name]) for stage in stages]
        verdict = "; ".join(f"{name}: $(cat {file})" for name, file in files.items())
    return pipelines.CodeBuildStep(
        step_id,
        input=synth,
        additional_inputs={SOURCE_DIR: source},
        install_commands=list(CHECK_INSTALL),
        commands=[*commands, f'export {CHANGES_VARIABLE}="{verdict}"'],
        role=role,
    )


def _check_command(stack: Stack, project: str, stage: ServiceStage, verdict_file: str) -> str:
    environment = stage.environment
    template = f"{Path(stage.outdir).name}/{stage.stack.template_file}"
    allow = " --allow-data-replacement" if environment.allow_data_replacement else ""
    return (
        f"PYTHONPATH={SOURCE_DIR} .venv-check/bin/python -m verify.change_check --template {template}"
        f" --stack-name {stage.stack.stack_name} --region {environment.region}"
        f" --role-arn {reader_role(stack, project, environment)} --verdict-file {verdict_file}{allow}"
    )
