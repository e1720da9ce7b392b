"""Before the prod approval: what deploying prod would destroy (verify/change_check.py), shown in the approval.

The step reads the deployed prod template with the prod account's read-only bootstrap lookup role, compares it
with the synthesized one, and exports a one-line verdict. It fails the run when the items table would be replaced
or deleted, unless the prod environment sets allowDataReplacement.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Stack, pipelines
from aws_cdk import aws_iam as iam
from constructs import Construct

from stages.config import EnvironmentConfig
from stages.service_stage import ServiceStage

BOOTSTRAP_QUALIFIER = "hnb659fds"
CHANGES_VARIABLE = "DESTRUCTIVE"
SOURCE_DIR = "src"  # the source checkout beside the cloud assembly (the step's primary input)
CHECK_INSTALL = (
    "python -m venv .venv-check",
    f".venv-check/bin/pip install --quiet -r {SOURCE_DIR}/requirements-checks.txt",
)


def lookup_role(stack: Stack, environment: EnvironmentConfig) -> str:
    """The read-only bootstrap lookup role of an environment (ReadOnlyAccess; it can read, never deploy)."""
    name = f"cdk-{BOOTSTRAP_QUALIFIER}-lookup-role-{environment.account}-{environment.region}"
    return f"arn:{stack.partition}:iam::{environment.account}:role/{name}"


def change_check(
    scope: Construct,
    *,
    synth: pipelines.IFileSetProducer,
    source: pipelines.CodePipelineSource,
    stage: ServiceStage,
    environment: EnvironmentConfig,
) -> pipelines.CodeBuildStep:
    stack = Stack.of(scope)
    template = f"{Path(stage.outdir).name}/{stage.stack.template_file}"
    allow = " --allow-data-replacement" if environment.allow_data_replacement else ""
    return pipelines.CodeBuildStep(
        "ProdChangeCheck",
        input=synth,
        additional_inputs={SOURCE_DIR: source},
        install_commands=list(CHECK_INSTALL),
        commands=[
            f"PYTHONPATH={SOURCE_DIR} .venv-check/bin/python -m verify.change_check --template {template}"
            f" --stack-name {stage.stack.stack_name} --region {environment.region}"
            f" --role-arn {lookup_role(stack, environment)} --verdict-file verdict.txt{allow}",
            f'export {CHANGES_VARIABLE}="$(cat verdict.txt)"',
        ],
        role_policy_statements=[
            iam.PolicyStatement(actions=["sts:AssumeRole"], resources=[lookup_role(stack, environment)])
        ],
    )
