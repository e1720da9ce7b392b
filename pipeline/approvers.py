"""A wave's approvers' policy: approve or reject that wave's deployment (prod's by default), and read the pipeline.

Each wave that waits for an approval gets one, so the people who release to one wave need not release to another.
Nobody else in the pipeline account needs PutApprovalResult on the human approval: none of the pipeline's own roles
may give it (tests/unit/pipeline/test_approvers.py evaluates each of them), so whoever holds this policy is whoever
may release. With `permissionsCheck: confirm`, CDK's auto-approve function may approve every approval of a pipeline
tagged SECURITY_CHECK=ALLOW_APPROVE, the human one included; an explicit Deny keeps it to its own Confirm action.
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from constructs import Construct

from pipeline.names import pipeline_name

READ_PIPELINE = (
    "codepipeline:GetPipeline",
    "codepipeline:GetPipelineState",  # also hands out the approval token PutApprovalResult needs
    "codepipeline:GetPipelineExecution",
    "codepipeline:ListPipelineExecutions",
)


def manual_approvals(pipeline: codepipeline.Pipeline, stage_name: str) -> list[str]:
    """The names of the manual approval actions of one stage of the built pipeline."""
    (stage,) = [found for found in pipeline.stages if found.stage_name == stage_name]
    return [
        action.action_properties.action_name
        for action in stage.actions
        if action.action_properties.category == codepipeline.ActionCategory.APPROVAL
    ]


class WaveApprovers(Construct):
    """A customer managed policy to attach to the people who release a wave (a permission set or a role)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        project: str,
        wave: str,
        pipeline: codepipeline.Pipeline,
        stage_name: str,
        human_approval: str,
    ) -> None:
        super().__init__(scope, construct_id)
        name = pipeline_name(project)
        pipeline_arn = Stack.of(self).format_arn(service="codepipeline", resource=name)
        approvals = manual_approvals(pipeline, stage_name)
        if human_approval not in approvals:
            raise ValueError(f"stage {stage_name} has no manual approval {human_approval!r} (it has {approvals})")
        self.approval_arns = [f"{pipeline_arn}/{stage_name}/{action}" for action in approvals]
        self.human_approval_arn = f"{pipeline_arn}/{stage_name}/{human_approval}"
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            managed_policy_name=f"{project}-{wave}-approvers",
            description=f"Approve or reject the {stage_name} deployment of {name}, and read that pipeline",
            statements=[
                iam.PolicyStatement(
                    sid=f"Approve{stage_name}Deployments",
                    actions=["codepipeline:PutApprovalResult"],
                    resources=self.approval_arns,
                ),
                iam.PolicyStatement(sid="ReadThePipeline", actions=list(READ_PIPELINE), resources=[pipeline_arn]),
            ],
        )

    def deny_human_approval(self, role: iam.IRole) -> None:
        """An explicit Deny on the human approval, for a role whose Allow reaches every approval of the pipeline."""
        role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="NeverTheHumanApproval",
                effect=iam.Effect.DENY,
                actions=["codepipeline:PutApprovalResult"],
                resources=[self.human_approval_arn],
            )
        )
