"""The pipeline stack: push to the branch -> build and test -> each configured wave in order, with its gates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import CfnOutput, Stack, pipelines
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

from configuration import AppConfig, pipeline_role_name
from pipeline.approvers import WaveApprovers
from pipeline.asset_role import remove_asset_build_control
from pipeline.build import NODE_VERSION, cdk_assets_version, cdk_cli_version, codebuild_defaults, synth_step
from pipeline.nag_acknowledgements import acknowledge_pipeline_findings
from pipeline.names import SOURCE_ACTION, pipeline_name
from pipeline.notifications import PipelineNotifications
from pipeline.release_controls import ReleaseControls, rule_log_streams
from pipeline.reports import UNIT_REPORT, TestReports, remove_report_group_creation
from pipeline.storage import PipelineStorage
from pipeline.verification import pin_security_check
from pipeline.waves import DeliveryWaves
from stages.cfn_lint import suppress
from stages.children import find_child
from stages.ordering import pipeline_after_role_policies


class PipelineStack(Stack):
    """The self-mutating CDK Pipeline in the tooling account and the resources it owns."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: AppConfig,
        replication_buckets: Mapping[str, s3.IBucket],
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        storage = PipelineStorage(self, "Storage", project=config.project)
        notifications = PipelineNotifications(self, "Notifications", project=config.project)
        self.reports = TestReports(self, "TestReports", project=config.project, suites=DeliveryWaves.suites(config))
        self.source = pipelines.CodePipelineSource.connection(
            config.source.repository,
            config.source.branch,
            connection_arn=config.source.connection_arn,
            action_name=SOURCE_ACTION,
            trigger_on_push=True,
        )
        cli = cdk_cli_version()
        self.pipeline = self._code_pipeline(config, storage, replication_buckets, cli)
        self.waves = DeliveryWaves(self, self.pipeline, self.source, config, cli, notifications.topic, self.reports)
        self.waves.add_all()
        self.pipeline.build_pipeline()
        self.release_controls = ReleaseControls(self, "ReleaseControls", config=config, pipeline=self.pipeline)
        self._grant_reports()
        self.approvers = self._restrict_approvals(config.project, cli)
        self._add_push_trigger(config.source.branch)
        notifications.notify(self.pipeline.pipeline)
        self._grant_connection_use(config.source.connection_arn)
        pipeline_after_role_policies(self.pipeline.pipeline)
        self._add_outputs(notifications.topic)
        acknowledge_pipeline_findings(self, self.pipeline, storage, replication_buckets)

    def _code_pipeline(
        self, config: AppConfig, storage: PipelineStorage, replication_buckets: Mapping[str, s3.IBucket], cli: str
    ) -> pipelines.CodePipeline:
        return pipelines.CodePipeline(
            self,
            "Pipeline",
            pipeline_name=pipeline_name(config.project),
            pipeline_type=codepipeline.PipelineType.V2,
            role=self._pipeline_role(config.project),
            synth=synth_step(self.source),
            # One artifact store per region (CodePipeline wants them all in one map once there is more than one).
            artifact_bucket=None if replication_buckets else storage.artifacts,
            cross_region_replication_buckets=(
                {config.region: storage.artifacts, **replication_buckets} if replication_buckets else None
            ),
            cross_account_keys=True,
            enable_key_rotation=True,
            self_mutation=True,
            cli_version=cli,
            cdk_assets_cli_version=cdk_assets_version(),
            use_change_sets=False,  # one Deploy action per stack, and no failed change set left to clean up
            publish_assets_in_parallel=False,  # one assets action, not one CodeBuild project per asset
            code_build_defaults=codebuild_defaults(storage.build_cache),
            synth_code_build_defaults=pipelines.CodeBuildOptions(
                partial_build_spec=self.reports.build_spec(UNIT_REPORT)
            ),
        )

    def _pipeline_role(self, project: str) -> iam.Role:
        """The pipeline's service role, as CDK would make it but with a fixed name: the Commands rules run as it
        (CodePipeline's rule reference), and the stack reader roles in the targets trust it by that name."""
        return iam.Role(
            self,
            "PipelineRole",
            role_name=pipeline_role_name(project),
            assumed_by=iam.ServicePrincipal("codepipeline.amazonaws.com"),
            description="The delivery pipeline's service role; also runs the entry-gate and bake rules",
        )

    def _restrict_approvals(self, project: str, cli: str) -> dict[str, WaveApprovers]:
        """Per approved wave, the approvers' policy; the security check's auto-approver may never approve by hand."""
        approvers = {
            gates.wave.name: WaveApprovers(
                self,
                f"{gates.stage_name}Approvers",
                project=project,
                wave=gates.wave.name,
                pipeline=self.pipeline.pipeline,
                stage_name=gates.stage_name,
                human_approval=gates.approval,
                review=gates.review.project if gates.review is not None else None,
                rule_logs=(rule_log_streams(self, project) if self.release_controls.writes_logs else None),
            )
            for gates in self.waves.approvals
        }
        security_check = self.pipeline.node.try_find_child("PipelinesSecurityCheck")
        if security_check is not None:
            pin_security_check(security_check, cli=cli, node=NODE_VERSION)
            auto_approver = find_child(security_check, "CDKPipelinesAutoApprove/ServiceRole", iam.Role)
            for wave_approvers in approvers.values():
                wave_approvers.deny_human_approval(auto_approver)
        return approvers

    def _add_outputs(self, topic: sns.ITopic) -> None:
        CfnOutput(
            self, "NotificationTopicArn", value=topic.topic_arn, description="Subscribe here for alerts"
        ).override_logical_id("NotificationTopicArn")
        for gates in self.waves.approvals:
            who = f"Attach to the people who may approve {gates.wave.name} deployments (README: Who approves prod)"
            CfnOutput(
                self,
                f"{gates.stage_name}ApproversPolicyArn",
                value=self.approvers[gates.wave.name].policy.managed_policy_arn,
                description=who,
            ).override_logical_id(f"{gates.stage_name}ApproversPolicyArn")

    def _grant_reports(self) -> None:
        """Each suite's project may write its own report group only (CodeBuild's `<project>-*` grant removed)."""
        self.reports.grant_write(UNIT_REPORT, self.pipeline.synth_project)
        for suite, step in self.waves.test_steps.items():
            self.reports.grant_write(suite, step.project)
        remove_report_group_creation(self)
        remove_asset_build_control(self.pipeline)

    def _grant_connection_use(self, connection_arn: str) -> None:
        """The source action may use the connection under the action prefix that matches its ARN.

        CDK grants codestar-connections:UseConnection; AWS's guidance on the service rename is that a
        connection with an arn:aws:codeconnections: ARN is used through codeconnections:UseConnection.
        """
        role = find_child(self.pipeline.pipeline, f"Source/{SOURCE_ACTION}/CodePipelineActionRole", iam.Role)
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=["codeconnections:UseConnection"], resources=[connection_arn])
        )
        suppress(
            role.node.find_child("DefaultPolicy"),
            "I3510",
            "CDK's connection source action grants codestar-connections:UseConnection on the connection; the "
            "codeconnections:UseConnection statement beside it is the one that matches a codeconnections ARN.",
        )
        suppress(
            self.pipeline.pipeline,
            "W3005",
            "CDK's Pipeline depends on its role and the role's policy; the role dependency is redundant with the "
            "GetAtt, the policy dependencies are what matter (a new pipeline starts a run at once).",
        )

    def _add_push_trigger(self, branch: str) -> None:
        """A V2 trigger: only pushes to the configured branch start a run."""
        underlying = self.pipeline.pipeline
        source_action = underlying.stages[0].actions[0]
        underlying.add_trigger(
            provider_type=codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION,
            git_configuration=codepipeline.GitConfiguration(
                source_action=source_action,
                push_filter=[codepipeline.GitPushFilter(branches_includes=[branch])],
            ),
        )
