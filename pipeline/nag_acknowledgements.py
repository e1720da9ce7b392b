"""cdk-nag findings on the pipeline stack that code cannot narrow, each acknowledged on its policy with its reason.

All are AwsSolutions-IAM5 (wildcards) in policies CDK Pipelines and CodeBuild generate. Ids are exactly as the synth
report prints them; those that embed a logical id are built from the construct, never written out.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Acknowledgment, Stack, Validations, pipelines
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import IConstruct

from pipeline.names import SOURCE_ACTION
from pipeline.storage import PipelineStorage

AWS_SOLUTIONS = "AwsSolutions::AwsSolutions-IAM5"
LEAST_PRIVILEGE_UNSCOPED = "LeastPrivilege::LeastPrivilege-LP2"

BOTH_BUCKETS = "the artifact and build-cache buckets"
CACHE_BUCKET = "the build-cache bucket"
ARTIFACT_BUCKET = "the artifact bucket"


def _s3(read_from: str, write_to: str) -> dict[str, str]:
    """The wildcard actions of CDK's bucket grants, with the buckets this role holds them on."""
    return {
        "Action::s3:GetObject*": f"CDK's bucket grant, on {read_from} only: the wildcard adds version and ACL reads "
        "of the same objects.",
        "Action::s3:GetBucket*": f"CDK's bucket grant, on {read_from} only: location and versioning reads made "
        "before an object is fetched.",
        "Action::s3:List*": f"CDK's bucket grant: listing {read_from} only.",
        "Action::s3:DeleteObject*": f"CDK's read-write bucket grant, on {write_to} only: replacing the objects this "
        "role writes there (CodeBuild replaces its cache archive after each build).",
        "Action::s3:Abort*": f"CDK's read-write bucket grant, on {write_to} only: aborting an interrupted multipart "
        "upload.",
    }


KMS_WRITE = {
    "Action::kms:GenerateDataKey*": "Only on the pipeline's artifact key (CDK's encrypt/decrypt grant): writing an "
    "encrypted artifact needs a data key.",
    "Action::kms:ReEncrypt*": "Only on the pipeline's artifact key (CDK's encrypt/decrypt grant), never on other keys.",
}


def _acknowledge(construct: IConstruct, findings: dict[str, str]) -> None:
    for finding, reason in findings.items():
        Validations.of(construct).acknowledge(Acknowledgment(id=f"{AWS_SOLUTIONS}[{finding}]", reason=reason))


def _acknowledge_unscoped(construct: IConstruct, reasons: dict[str, str]) -> None:
    """LeastPrivilege-LP2: an action on Resource '*' that IAM's catalog lets name a resource."""
    for action, reason in reasons.items():
        Validations.of(construct).acknowledge(
            Acknowledgment(id=f"{LEAST_PRIVILEGE_UNSCOPED}[Action::{action}]", reason=reason)
        )


def _ref(construct: IConstruct) -> str:
    return Stack.of(construct).get_logical_id(construct.node.default_child)


def _objects(storage: PipelineStorage, *, cache: bool = True) -> dict[str, str]:
    found = {
        f"Resource::<{_ref(storage.artifacts)}.Arn>/*": "Objects of the pipeline's own artifact bucket: CodePipeline "
        "names artifacts per execution, so no narrower path exists.",
    }
    if cache:
        found[f"Resource::<{_ref(storage.build_cache)}.Arn>/*"] = (
            "Objects of the dedicated build-cache bucket, whose archive names CodeBuild chooses."
        )
    return found


def _project_logs(stack: Stack, project: codebuild.IProject) -> dict[str, str]:
    """CodeBuild's log grant. (Its `<project>-*` report-group grant is removed: pipeline/reports.py.)"""
    prefix = f"arn:aws:logs:{stack.region}:{stack.account}:log-group:/aws/codebuild"
    return {
        f"Resource::{prefix}/<{_ref(project)}>:*": "This CodeBuild project's own log group; ':*' covers its log "
        "streams, one per build.",
    }


def _policy(role: iam.IRole) -> IConstruct:
    return role.node.find_child("DefaultPolicy").node.default_child


def _replication(stack: Stack, replication: Mapping[str, s3.IBucket]) -> dict[str, str]:
    """The pipeline role's grants on the artifact stores of other regions (pipeline/region_artifacts.py)."""
    found = {}
    for region, bucket in replication.items():
        objects = stack.resolve(bucket.arn_for_objects("*"))
        found[f"Resource::{objects}"] = (
            f"Objects of the pipeline's own artifact store in {region}: CodePipeline copies each execution's "
            "artifacts there under names it chooses."
        )
        found[f"Resource::arn:aws:kms:{region}:{stack.account}:key/*"] = (
            f"The artifact key in {region}, used through its alias: the statement's kms:ResourceAliases condition "
            "admits only keys with that alias (a key id of another region is unknown at synth)."
        )
    return found


def acknowledge_pipeline_findings(
    stack: Stack,
    pipeline: pipelines.CodePipeline,
    storage: PipelineStorage,
    replication: Mapping[str, s3.IBucket],
) -> None:
    """Acknowledge every IAM5 finding of the built pipeline, policy by policy."""
    synth = pipeline.synth_project
    _acknowledge(
        _policy(synth.role),
        {**_s3(BOTH_BUCKETS, BOTH_BUCKETS), **KMS_WRITE, **_objects(storage), **_project_logs(stack, synth)},
    )
    builds = {**_s3(BOTH_BUCKETS, CACHE_BUCKET), **_objects(storage)}
    for project in _step_projects(pipeline):
        _acknowledge(_policy(project.role), {**builds, **KMS_WRITE, **_project_logs(stack, project)})
    artifacts_only = {**_s3(ARTIFACT_BUCKET, ARTIFACT_BUCKET), **KMS_WRITE, **_objects(storage, cache=False)}
    _acknowledge(_policy(pipeline.pipeline.role), {**artifacts_only, **_replication(stack, replication)})
    source_stage = pipeline.pipeline.node.find_child("Source")
    source_role = source_stage.node.find_child(SOURCE_ACTION).node.find_child("CodePipelineActionRole")
    _acknowledge(_policy(source_role), artifacts_only)
    _acknowledge_self_mutation(stack, pipeline, builds)
    _acknowledge_assets(stack, pipeline, builds)
    security_check = pipeline.node.try_find_child("PipelinesSecurityCheck")
    if security_check is not None:
        _acknowledge_permissions_confirmation(stack, security_check, storage)


def _step_projects(pipeline: pipelines.CodePipeline) -> list[codebuild.IProject]:
    """The CodeBuild projects of the pipeline's own CodeBuildSteps (tests and the checks before an approval)."""
    steps = [
        step
        for wave in pipeline.waves
        for step in (*wave.pre, *wave.post, *(s for stage in wave.stages for s in (*stage.pre, *stage.post)))
    ]
    return [step.project for step in steps if isinstance(step, pipelines.CodeBuildStep)]


def _acknowledge_self_mutation(stack: Stack, pipeline: pipelines.CodePipeline, builds: dict[str, str]) -> None:
    project = pipeline.self_mutation_project
    _acknowledge(
        _policy(project.role),
        {
            **builds,
            **KMS_WRITE,
            **_project_logs(stack, project),
            "Resource::*": "cloudformation:DescribeStacks and s3:ListBucket, which `cdk deploy` calls before it "
            "assumes the bootstrap deploy role; every change is made by that role, not this one.",
            f"Resource::arn:*:iam::{stack.account}:role/*": "sts:AssumeRole only on roles tagged "
            "aws-cdk:bootstrap-role = deploy, file-publishing or image-publishing: the CDK bootstrap roles.",
        },
    )
    _acknowledge_unscoped(
        _policy(project.role),
        {
            "cloudformation:DescribeStacks": "CDK Pipelines' self-mutation: `cdk deploy` reads stacks before it "
            "assumes the bootstrap deploy role, which makes every change.",
            "s3:ListBucket": "CDK Pipelines' self-mutation: `cdk deploy` lists the bootstrap staging bucket before "
            "it assumes the bootstrap roles.",
        },
    )


def _acknowledge_assets(stack: Stack, pipeline: pipelines.CodePipeline, builds: dict[str, str]) -> None:
    role = pipeline.node.find_child("Assets").node.find_child("FileRole")
    shared = "CDK Pipelines creates the asset role before the asset projects it serves, so it cannot name them"
    logs = f"arn:aws:logs:{stack.region}:{stack.account}:log-group:/aws/codebuild/*"
    _acknowledge(
        _policy(role),
        {
            **builds,
            f"Resource::{logs}": f"Build logs of the asset projects. {shared}.",
        },
    )


def _acknowledge_permissions_confirmation(stack: Stack, check: IConstruct, storage: PipelineStorage) -> None:
    """CDK's ConfirmPermissionsBroadening (permissionsCheck = confirm): its check project and auto-approve Lambda."""
    project = check.node.find_child("CDKSecurityCheck")
    approver = check.node.find_child("CDKPipelinesAutoApprove")
    own = "CDK Pipelines' ConfirmPermissionsBroadening"
    _acknowledge(
        _policy(project.role),
        {
            "Action::s3:GetObject*": f"{own}: reads the synthesized assembly from the artifact bucket only.",
            "Action::s3:GetBucket*": f"{own}: bucket location/versioning reads on the artifact bucket only.",
            "Action::s3:List*": f"{own}: listing the artifact bucket only.",
            **KMS_WRITE,
            **_objects(storage, cache=False),
            **_project_logs(stack, project),
            "Resource::*": f"{own}: sts:AssumeRole only on roles tagged aws-cdk:bootstrap-role = deploy, to diff "
            "the deployed prod stacks.",
            f"Resource::<{_ref(approver)}.Arn>:*": f"{own}: invokes its own auto-approve function's versions only.",
        },
    )
    _acknowledge_unscoped(
        _policy(project.role),
        {
            "sts:AssumeRole": f"{own}: limited by the aws-cdk:bootstrap-role = deploy tag condition to CDK's "
            "deploy roles."
        },
    )
    role = approver.node.find_child("ServiceRole")
    _acknowledge(
        _policy(role),
        {
            "Resource::*": f"{own}: codepipeline:GetPipelineState/PutApprovalResult only on pipelines tagged "
            "SECURITY_CHECK = ALLOW_APPROVE (this one).",
        },
    )
    _acknowledge_unscoped(
        _policy(role),
        {
            action: f"{own}: limited to pipelines tagged SECURITY_CHECK = ALLOW_APPROVE."
            for action in ("codepipeline:GetPipelineState", "codepipeline:PutApprovalResult")
        },
    )
    managed = "service-role/AWSLambdaBasicExecutionRole"
    reason = f"{own} creates its Lambda with CDK's default role; the policy only lets it write its own logs."
    Validations.of(role.node.default_child).acknowledge(
        Acknowledgment(
            id=f"AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/{managed}]", reason=reason
        )
    )
    Validations.of(role.node.default_child).acknowledge(
        Acknowledgment(id=f"LeastPrivilege::LeastPrivilege-LP3[Policy::{managed}]", reason=reason)
    )
