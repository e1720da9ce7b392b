"""Termination protection for the stacks that ask for it, applied right after their stage deploys.

CodePipeline's CloudFormation action creates and updates stacks but never applies a stack's termination protection
(aws/aws-cdk#17871): `cdk deploy` applies it with a separate UpdateTerminationProtection call, made with the target
environment's CDK deploy role, whose CliPermissions statement allows exactly that. This step makes the same call
with the same role and checks that it holds. It is a post step beside the stage's tests, so it adds no step to the
critical path; it runs no third-party code (the image's AWS CLI only).
"""

from __future__ import annotations

import shlex

from aws_cdk import Stack, pipelines
from aws_cdk import aws_iam as iam

from configuration.aws_names import bootstrap_role_name
from stages.service_stage import ServiceStage

STEP_ID = "TerminationProtection"
PROFILE = "target"


def protected_stacks(stage: ServiceStage) -> list[Stack]:
    """The stage's stacks whose termination protection is on."""
    return [stack for stack in stage.node.find_all() if isinstance(stack, Stack) and stack.termination_protection]


def termination_protection(stage: ServiceStage) -> pipelines.CodeBuildStep | None:
    """A step that turns termination protection on for the stage's protected stacks, or None when it has none."""
    stacks = protected_stacks(stage)
    if not stacks:
        return None
    env = stage.environment
    role = f"arn:aws:iam::{env.account}:role/{bootstrap_role_name('deploy', env.account, env.region)}"
    cli = f"aws --profile {PROFILE} --region {env.region} cloudformation"
    commands = [
        # CodeBuild's own credentials come from its container; the profile assumes the target's deploy role.
        f"aws configure set profile.{PROFILE}.role_arn {role}",
        f"aws configure set profile.{PROFILE}.credential_source EcsContainer",
    ]
    for stack in stacks:
        name = shlex.quote(stack.stack_name)
        commands += [
            f"{cli} update-termination-protection --enable-termination-protection --stack-name {name}",
            f'test "$({cli} describe-stacks --stack-name {name} --query "Stacks[0].EnableTerminationProtection" '
            f'--output text)" = True',
        ]
    return pipelines.CodeBuildStep(
        STEP_ID,
        commands=commands,
        role_policy_statements=[iam.PolicyStatement(actions=["sts:AssumeRole"], resources=[role])],
    )
