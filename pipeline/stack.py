"""The pipeline stack: push to the branch -> build and test -> dev -> API tests -> approval -> prod -> smoke tests."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack, pipelines
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from constructs import Construct

from pipeline.approvers import ProdApprovers
from pipeline.build import NODE_VERSION, cdk_assets_version, cdk_cli_version, codebuild_defaults, synth_step
from pipeline.change_check import change_check
from pipeline.nag_acknowledgements import acknowledge_pipeline_findings
from pipeline.names import SOURCE_ACTION, pipeline_name
from pipeline.notifications import PipelineNotifications
from pipeline.reports import (
    INTEGRATION_REPORT,
    SMOKE_REPORT,
    UNIT_REPORT,
    TestReports,
    junit_option,
    remove_report_group_creation,
)
from pipeline.storage import PipelineStorage
from pipeline.verification import (
    INTEGRATION_TESTS,
    SMOKE_TESTS,
    api_tests,
    load_test,
    permissions_check,
    pin_security_check,
    prod_approval,
)
from stages.cfn_lint import suppress
from stages.config import AppConfig
from stages.ordering import pipeline_after_role_policies
from stages.service_stage import ServiceStage


class PipelineStack(Stack):
    """The self-mutating CDK Pipeline in the tooling account and the resources it owns."""

    def __init__(self, scope: Construct, construct_id: str, *, config: AppConfig, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        storage = PipelineStorage(self, "Storage", project=config.project)
        notifications = PipelineNotifications(self, "Notifications", project=config.project)
        self.reports = TestReports(self, "TestReports", project=config.project)
        self.source = pipelines.CodePipelineSource.connection(
            config.source.repository,
            config.source.branch,
            connection_arn=config.source.connection_arn,
            action_name=SOURCE_ACTION,
            trigger_on_push=True,
        )
        cli = cdk_cli_version()
        self.pipeline = pipelines.CodePipeline(
            self,
            "Pipeline",
            pipeline_name=pipeline_name(config.project),
            pipeline_type=codepipeline.PipelineType.V2,
            synth=synth_step(self.source),
            artifact_bucket=storage.artifacts,
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
        self._add_stages(config, cli, notifications.topic)
        self.pipeline.build_pipeline()
        self._grant_reports()
        self.approvers = ProdApprovers(
            self,
            "ProdApprovers",
            project=config.project,
            pipeline=self.pipeline.pipeline,
            stage_name=self._prod_stage_name,
            human_approval=self._approval_name,
        )
        security_check = self.pipeline.node.try_find_child("PipelinesSecurityCheck")
        if security_check is not None:
            pin_security_check(security_check, cli=cli, node=NODE_VERSION)
            auto_approver = security_check.node.find_child("CDKPipelinesAutoApprove")
            self.approvers.deny_human_approval(auto_approver.node.find_child("ServiceRole"))
        self._add_push_trigger(config.source.branch)
        notifications.notify(self.pipeline.pipeline)
        self._grant_connection_use(config.source.connection_arn)
        pipeline_after_role_policies(self.pipeline.pipeline)
        CfnOutput(
            self, "NotificationTopicArn", value=notifications.topic.topic_arn, description="Subscribe here for alerts"
        ).override_logical_id("NotificationTopicArn")
        CfnOutput(
            self,
            "ProdApproversPolicyArn",
            value=self.approvers.policy.managed_policy_arn,
            description="Attach to the people who may approve prod deployments (README: Who approves prod)",
        ).override_logical_id("ProdApproversPolicyArn")
        acknowledge_pipeline_findings(self, self.pipeline, storage)

    def _add_stages(self, config: AppConfig, cli: str, alerts: sns.ITopic) -> None:
        """Dev, then prod behind the approval; IAM broadening is surfaced as `permissionsCheck` configures."""
        dev = ServiceStage(self, "Dev", config=config, environment=config.dev)
        prod = ServiceStage(self, "Prod", config=config, environment=config.prod)
        dev_tests = api_tests(
            self,
            "IntegrationTests",
            source=self.source,
            stage=dev,
            config=config,
            environment=config.dev,
            # The load test follows the integration tests in the same step: after them (both on dev's small
            # table, each verdict would depend on the other), without a step of its own on the critical path.
            commands=[f"{INTEGRATION_TESTS} {junit_option(INTEGRATION_REPORT)}", load_test(config.load_test)],
            reports=self.reports.build_spec(INTEGRATION_REPORT),
        )
        smoke = api_tests(
            self,
            "SmokeTests",
            source=self.source,
            stage=prod,
            config=config,
            environment=config.prod,
            commands=[f"{SMOKE_TESTS} {junit_option(SMOKE_REPORT)}"],
            reports=self.reports.build_spec(SMOKE_REPORT),
        )
        # What prod would destroy is judged beside the dev tests, so it adds no step; the approval shows it.
        changes = change_check(self, synth=self.pipeline.synth, source=self.source, stage=prod, environment=config.prod)
        self._report_writers = {INTEGRATION_REPORT: dev_tests, SMOKE_REPORT: smoke}
        self._prod_stage_name = prod.stage_name
        if config.permissions_check == "confirm":
            # CDK's own gate: a Check beside the approval, and a Confirm approval one run order later.
            self.pipeline.add_stage(dev, post=[dev_tests, changes])
            approval = prod_approval(pipeline=self.pipeline, source=self.source, dev=dev, changes=changes, check=None)
            self._approval_name = approval.id
            confirm = pipelines.ConfirmPermissionsBroadening(
                "ConfirmPermissions", stage=prod, notification_topic=alerts
            )
            self.pipeline.add_stage(prod, pre=[approval, confirm], post=[smoke])
            return
        # The security diff runs beside the dev tests, so it adds no step; its verdict is shown in the approval.
        check = permissions_check(self, synth=self.pipeline.synth, stage=prod, environment=config.prod, cli=cli)
        self.pipeline.add_stage(dev, post=[dev_tests, check, changes])
        approval = prod_approval(pipeline=self.pipeline, source=self.source, dev=dev, changes=changes, check=check)
        self._approval_name = approval.id
        self.pipeline.add_stage(prod, pre=[approval], post=[smoke])

    def _grant_reports(self) -> None:
        """Each suite's project may write its own report group only (CodeBuild's `<project>-*` grant removed)."""
        self.reports.grant_write(UNIT_REPORT, self.pipeline.synth_project)
        for suite, step in self._report_writers.items():
            self.reports.grant_write(suite, step.project)
        remove_report_group_creation(self)

    def _grant_connection_use(self, connection_arn: str) -> None:
        """The source action may use the connection under the action prefix that matches its ARN.

        CDK grants codestar-connections:UseConnection; AWS's guidance on the service rename is that a
        connection with an arn:aws:codeconnections: ARN is used through codeconnections:UseConnection.
        """
        source_stage = self.pipeline.pipeline.node.find_child("Source")
        role = source_stage.node.find_child(SOURCE_ACTION).node.find_child("CodePipelineActionRole")
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
