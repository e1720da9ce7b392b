"""The gates around each deployment: API tests after it; a permissions check and a human approval before a wave
that needs one.

The test steps run as fixed-name roles in the pipeline account whose only extra right is to assume the stage's
API test role (which itself may only invoke that stage's API); the stage trusts exactly these role names.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, CfnResource, Stack, pipelines
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from configuration import (
    AppConfig,
    EnvironmentConfig,
    LoadTestConfig,
    api_test_role_name,
    api_test_runner_role_name,
    stage_id,
)
from pipeline.change_check import CHANGES_VARIABLE, check_role, grant_reading
from stages.service_stage import ServiceStage

CODEBUILD_SERVICE = "codebuild.amazonaws.com"
TEST_INSTALL = ("python -m venv .venv", ".venv/bin/pip install -r requirements-tests.txt")
INTEGRATION_TESTS = ".venv/bin/python -m pytest tests/integration -q -p no:cacheprovider"
SMOKE_TESTS = f"{INTEGRATION_TESTS} -m smoke"
PERMISSIONS_VARIABLE = "PERMISSIONS"
LINK_VARIABLE = "LINK"
SECURITY_DIFF_HEADINGS = "IAM Statement Changes|IAM Policy Changes|Security Group Changes"


def _runner_role(scope: Construct, config: AppConfig, environment: EnvironmentConfig) -> iam.Role:
    """A CodeBuild role whose only cross-account right is assuming the stage's API test role."""
    stack = Stack.of(scope)
    role = iam.Role(
        scope,
        f"{stage_id(environment.name)}TestRunner",
        role_name=api_test_runner_role_name(config.project, environment.name),
        assumed_by=iam.ServicePrincipal(CODEBUILD_SERVICE).with_conditions(
            {"StringEquals": {"aws:SourceAccount": config.pipeline_account}}
        ),
        description=f"Runs the API tests against {environment.name}; may assume only that stage's API test role",
    )
    test_role = (
        f"arn:{stack.partition}:iam::{environment.account}:role/{api_test_role_name(config.project, environment.name)}"
    )
    role.add_to_policy(iam.PolicyStatement(actions=["sts:AssumeRole"], resources=[test_role]))
    return role


def api_tests(
    scope: Construct,
    step_id: str,
    *,
    source: pipelines.CodePipelineSource,
    stage: ServiceStage,
    config: AppConfig,
    environment: EnvironmentConfig,
    commands: list[str],
    reports: codebuild.BuildSpec | None = None,
) -> pipelines.CodeBuildStep:
    """Run test commands in order against the API the stage just deployed (the first failure fails the step);
    `reports` uploads their JUnit files to a report group."""
    return pipelines.CodeBuildStep(
        step_id,
        input=source,
        role=_runner_role(scope, config, environment),
        env_from_cfn_outputs=_stage_api(stage),
        install_commands=list(TEST_INSTALL),
        commands=commands,
        partial_build_spec=reports,
    )


def _stage_api(stage: ServiceStage) -> dict[str, CfnOutput]:
    """Where a test step finds the stage's API and the role that may invoke it."""
    return {"API_URL": stage.api_url_output, "API_ROLE_ARN": stage.api_test_role_arn_output}


def load_test(load: LoadTestConfig) -> str:
    """The load harness against the stage's API (API_URL, API_ROLE_ARN), as a test step's command: the
    thresholds from cdk.json fail it, and it deletes every item it created."""
    return (
        f".venv/bin/python -m reliability.load_gate --clients {load.clients} --seconds {load.seconds} "
        f"--pause-ms {load.pause_ms} --max-error-rate-percent {load.max_error_rate_percent} "
        f"--max-p99-ms {load.max_p99_ms}"
    )


def permissions_check(
    scope: Construct,
    step_id: str,
    *,
    synth: pipelines.IFileSetProducer,
    stages: list[ServiceStage],
    cli: str,
    project: str,
) -> pipelines.CodeBuildStep:
    """Diff the wave's stages against what is deployed, in full, into the build's log (the approval links to it);
    export whether the diff holds IAM or security-group changes.

    The log shows every resource added, changed, replaced or removed, after the security tables `cdk diff` prints
    first. It fails only when the diff itself cannot run; a broadening change is reported in PERMISSIONS, which the
    wave's approval shows, so the person who approves the wave is the one who accepts the broadening.
    """
    stack = Stack.of(scope)
    role = check_role(scope, project, permissions=True)
    grant_reading(role, stack, project, stages)
    selectors = " ".join(f"'{stage.node.path}/*'" for stage in stages)
    return pipelines.CodeBuildStep(
        step_id,
        input=synth,
        commands=[
            f'export {LINK_VARIABLE}="$CODEBUILD_BUILD_URL"',
            f"npx --yes aws-cdk@{cli} diff -a . --no-change-set {selectors} > diff.txt 2>&1 && status=0 || status=$?",
            "cat diff.txt",
            'if [ "$status" -ne 0 ]; then exit "$status"; fi',
            f'if grep -Eq "{SECURITY_DIFF_HEADINGS}" diff.txt;'
            f' then export {PERMISSIONS_VARIABLE}="YES, review the diff";'
            f' else export {PERMISSIONS_VARIABLE}="none"; fi',
        ],
        # `cdk diff` reads the deployed templates with the lookup role the service stacks name: each environment's
        # stack reader role (stages/service_stage.py); it never needs a deploy role, which could change the stacks.
        role=role,
    )


def wave_approval(
    *,
    pipeline: pipelines.CodePipeline,
    source: pipelines.CodePipelineSource,
    wave: str,
    tested: list[ServiceStage],
    changes: pipelines.CodeBuildStep,
    check: pipelines.CodeBuildStep | None,
) -> pipelines.ManualApprovalStep:
    """The human gate before a wave: the comment names the commit and the APIs it was tested on, what the wave's
    update would destroy and, with the diff check, whether it broadens IAM (its link opens the check's log).
    """
    apis = ", ".join(
        pipelines.StackOutputsMap(pipeline).to_code_pipeline(
            pipelines.StackOutputReference.from_cfn_output(stage.api_url_output)
        )
        for stage in tested
    )
    commit = source.source_attribute("CommitId")
    suite = "smoke" if tested and tested[0].environment.production else "integration"
    comment = (
        f"Commit {commit} passed the {suite} tests on {apis}. " if tested else f"Commit {commit} is ready for {wave}. "
    ) + f"Stateful resources {wave} would replace or delete: {changes.exported_variable(CHANGES_VARIABLE)}."
    if check is None:
        return pipelines.ManualApprovalStep("Approve", comment=comment)
    diff_link = check.exported_variable(LINK_VARIABLE)
    # CDK Pipelines wires a step's variables only where a comment references them, so the link appears there too.
    return pipelines.ManualApprovalStep(
        "Approve",
        comment=(
            f"{comment} IAM/security-group changes for {wave}: {check.exported_variable(PERMISSIONS_VARIABLE)}. "
            f"Diff: {diff_link}"
        ),
        review_url=diff_link,
    )


def pin_security_check(check: IConstruct, *, cli: str, node: str) -> None:
    """Pin what CDK's ConfirmPermissionsBroadening project installs: it runs `npm install -g aws-cdk` (whatever is
    latest) on the image's default Node. Its buildspec is rewritten to install the pinned CLI on the pinned Node."""
    project = check.node.find_child("CDKSecurityCheck").node.default_child
    assert isinstance(project, CfnResource)
    parts = Stack.of(project).resolve(project.source)["buildSpec"]["Fn::Join"][1]
    unpinned, phases = '"npm install -g aws-cdk"', '"phases": {\n'
    if unpinned not in parts[0] or phases not in parts[0]:
        raise ValueError("CDK's security check buildspec changed: update pin_security_check for it")
    head = (
        parts[0]
        .replace(unpinned, f'"npm install -g aws-cdk@{cli}"')
        .replace(phases, f'{phases}    "install": {{"runtime-versions": {{"nodejs": "{node}"}}}},\n', 1)
    )
    project.add_property_override("Source.BuildSpec", {"Fn::Join": ["", [head, *parts[1:]]]})
