"""A wave's approvers' policy: approve or reject that wave's deployment (prod's by default), and read the pipeline.

Each wave that waits for an approval gets one, so the people who release to one wave need not release to another.
Nobody else in the pipeline account needs PutApprovalResult on the human approval: none of the pipeline's own roles
may give it (tests/unit/pipeline/test_approvers.py evaluates each of them), so whoever holds this policy is whoever
may release. With `permissionsCheck: confirm`, CDK's auto-approve function may approve every approval of a pipeline
tagged SECURITY_CHECK=ALLOW_APPROVE, the human one included; an explicit Deny keeps it to its own Confirm action.
With `permissionsCheck: diff` the approval links to the diff's CodeBuild build: the policy may open that project's
builds and read their log, and no other project's or log group's. With entry-gate or bake rules, it may also read the
rules' log streams (/aws/codepipeline/<pipeline>), which the console shows for a rule (CodePipeline's "Permissions
required to view compute logs in the console": logs:GetLogEvents on that group).
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, ArnFormat, Stack, Validations
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from constructs import Construct

from pipeline.names import pipeline_name
from stages.children import default_child

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
        review: codebuild.IProject | None = None,
        rule_logs: str | None = None,
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
                *(self._review_statements(review) if review is not None else []),
                *(self._rule_log_statements(rule_logs) if rule_logs is not None else []),
            ],
        )
        if rule_logs is not None:
            Validations.of(self.policy).acknowledge(
                Acknowledgment(
                    id=f"AwsSolutions::AwsSolutions-IAM5[Resource::{Stack.of(self).resolve(rule_logs)}]",
                    reason="The log streams of the pipeline's own Commands log group: CodePipeline names one per rule "
                    "run, and the console shows the one of the run looked at.",
                )
            )
        if review is not None:
            Validations.of(self.policy).acknowledge(
                Acknowledgment(
                    id=f"AwsSolutions::AwsSolutions-IAM5[Resource::{self._review_log_finding(review)}]",
                    reason="The log streams of the diff project's own log group: CodeBuild writes one per build, and "
                    "the approval links to the latest.",
                )
            )

    def _review_log(self, review: codebuild.IProject) -> str:
        """The log streams of the review project's log group (CodeBuild's default: /aws/codebuild/<project>)."""
        group = Stack.of(self).format_arn(
            service="logs",
            resource="log-group",
            resource_name=f"/aws/codebuild/{review.project_name}",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        return f"{group}:log-stream:*"

    def _review_log_finding(self, review: codebuild.IProject) -> str:
        """How cdk-nag prints the log ARN: tokens as <LogicalId>."""
        stack = Stack.of(self)
        project = stack.get_logical_id(default_child(review, codebuild.CfnProject))
        return f"arn:aws:logs:{stack.region}:{stack.account}:log-group:/aws/codebuild/<{project}>:log-stream:*"

    def _review_statements(self, review: codebuild.IProject) -> list[iam.PolicyStatement]:
        """What the approval's link opens: the diff project's builds (the console's build page) and their log."""
        return [
            iam.PolicyStatement(
                sid="OpenTheDiffBuild", actions=["codebuild:BatchGetBuilds"], resources=[review.project_arn]
            ),
            iam.PolicyStatement(
                sid="ReadTheDiffLog", actions=["logs:GetLogEvents"], resources=[self._review_log(review)]
            ),
        ]

    @staticmethod
    def _rule_log_statements(rule_logs: str) -> list[iam.PolicyStatement]:
        """What the console's rule log view reads: the log streams of the pipeline's Commands log group."""
        return [iam.PolicyStatement(sid="ReadTheRuleLogs", actions=["logs:GetLogEvents"], resources=[rule_logs])]

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
