"""Before an approval: what deploying the wave would destroy (verify/change_check.py), shown in the approval.

For each environment of the wave, the step reads the deployed template with that account's read-only bootstrap
lookup role, compares it with the synthesized one, and exports one verdict line for the wave. It fails the run
when an items table would be replaced or deleted, unless that environment sets allowDataReplacement.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Stack, pipelines
from aws_cdk import aws_iam as iam
from constructs import Construct

from configuration import EnvironmentConfig
from pipeline.names import bootstrap_role_name
from stages.service_stage import ServiceStage

CHANGES_VARIABLE = "DESTRUCTIVE"
SOURCE_DIR = "src"  # the source checkout beside the cloud assembly (the step's primary input)
CHECK_INSTALL = (
    "python -m venv .venv-check",
    f".venv-check/bin/pip install --quiet -r {SOURCE_DIR}/requirements-checks.txt",
)


def lookup_role(stack: Stack, environment: EnvironmentConfig) -> str:
    """The read-only bootstrap lookup role of an environment (ReadOnlyAccess; it can read, never deploy)."""
    name = bootstrap_role_name("lookup", environment.account, environment.region)
    return f"arn:{stack.partition}:iam::{environment.account}:role/{name}"


def change_check(
    scope: Construct,
    step_id: str,
    *,
    synth: pipelines.IFileSetProducer,
    source: pipelines.CodePipelineSource,
    stages: list[ServiceStage],
) -> pipelines.CodeBuildStep:
    stack = Stack.of(scope)
    if len(stages) == 1:
        commands, verdict = [_check_command(stack, stages[0], "verdict.txt")], "$(cat verdict.txt)"
    else:
        files = {stage.environment.name: f"verdict-{stage.environment.name}.txt" for stage in stages}
        commands = [_check_command(stack, stage, files[stage.environment.name]) for stage in stages]
        verdict = "; ".join(f"{name}: $(cat {file})" for name, file in files.items())
    return pipelines.CodeBuildStep(
        step_id,
        input=synth,
        additional_inputs={SOURCE_DIR: source},
        install_commands=list(CHECK_INSTALL),
        commands=[*commands, f'export {CHANGES_VARIABLE}="{verdict}"'],
        role_policy_statements=[
            iam.PolicyStatement(
                actions=["sts:AssumeRole"], resources=[lookup_role(stack, stage.environment) for stage in stages]
            )
        ],
    )


def _check_command(stack: Stack, stage: ServiceStage, verdict_file: str) -> str:
    environment = stage.environment
    template = f"{Path(stage.outdir).name}/{stage.stack.template_file}"
    allow = " --allow-data-replacement" if environment.allow_data_replacement else ""
    return (
        f"PYTHONPATH={SOURCE_DIR} .venv-check/bin/python -m verify.change_check --template {template}"
        f" --stack-name {stage.stack.stack_name} --region {environment.region}"
        f" --role-arn {lookup_role(stack, environment)} --verdict-file {verdict_file}{allow}"
    )
