"""The service stack: composes the data, function, API, release and monitoring constructs."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack, Tags
from aws_cdk import aws_iam as iam
from constructs import Construct

from configuration import AppConfig, EnvironmentConfig, api_test_role_name, api_test_runner_role_name
from stages.constructs.api import ItemsApi
from stages.constructs.canary import ItemsCanary
from stages.constructs.data import ItemsData
from stages.constructs.firewall import ApiFirewall
from stages.constructs.function import ItemsFunction
from stages.constructs.monitoring import ServiceMonitoring
from stages.constructs.release import ItemsRelease
from stages.least_privilege import administered_by_deployments, apply_role_boundary
from stages.nag_acknowledgements import acknowledge_service_findings

KEY = "AWS::KMS::Key"


class ServiceStack(Stack):
    """Everything one environment of the Items API needs, tagged, with stable output names."""

    def __init__(
        self, scope: Construct, construct_id: str, *, config: AppConfig, environment: EnvironmentConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        data = ItemsData(self, "Data", environment=environment)
        compute = ItemsFunction(
            self,
            "Function",
            project=config.project,
            environment=environment,
            items_table=data.items_table,
            idempotency_table=data.idempotency_table,
        )
        api = ItemsApi(
            self, "Api", project=config.project, environment=environment, function=compute.function, alias=compute.alias
        )
        watch = ServiceMonitoring(
            self,
            "Monitoring",
            project=config.project,
            environment=environment,
            function=compute.function,
            api=api.api,
            table=data.items_table,
        )
        release = ItemsRelease(
            self,
            "Release",
            project=config.project,
            environment=environment,
            function=compute.function,
            alias=compute.alias,
            topic=watch.topic,
            topic_key=watch.topic_key,
        )
        if environment.waf_enabled:
            ApiFirewall(
                self,
                "Firewall",
                project=config.project,
                environment=environment,
                stage_arn=api.api.deployment_stage.stage_arn,
            )
        ItemsCanary(self, "Synthetics", project=config.project, environment=environment, api=api, alerts=watch.topic)
        self.api_test_role = self._api_test_role(api, config, environment)
        administered_by_deployments(watch.topic_key)
        apply_role_boundary(self, project=config.project)
        for key, value in config.tags(environment.name).items():
            # Keys stay untagged: tagging a key needs kms:TagResource on keys not yet created, which would let a
            # template tag any key in the account as the project's.
            Tags.of(self).add(key, value, exclude_resource_types=[KEY])

        self.outputs = self._add_outputs(data, compute, api, watch, release)
        acknowledge_service_findings(self, compute=compute, api=api, environment=environment)

    def _add_outputs(
        self, data: ItemsData, compute: ItemsFunction, api: ItemsApi, watch: ServiceMonitoring, release: ItemsRelease
    ) -> dict[str, CfnOutput]:
        """Outputs under stable names: the pipeline's test steps and the release tools read them by these."""
        outputs = {
            "ApiUrl": CfnOutput(self, "ApiUrl", value=api.api.url, description="Base URL of the Items API"),
            "TableName": CfnOutput(self, "TableName", value=data.items_table.table_name),
            "FunctionName": CfnOutput(self, "FunctionName", value=compute.function.function_name),
            "AlertTopicArn": CfnOutput(self, "AlertTopicArn", value=watch.topic.topic_arn),
            "DashboardName": CfnOutput(self, "DashboardName", value=watch.dashboard_name),
            "ApiTestRoleArn": CfnOutput(
                self, "ApiTestRoleArn", value=self.api_test_role.role_arn, description="Role the API tests assume"
            ),
            "DeploymentGroupName": CfnOutput(
                self, "DeploymentGroupName", value=release.deployment_group.deployment_group_name
            ),
        }
        for logical_id, output in outputs.items():
            output.override_logical_id(logical_id)
        return outputs

    def _api_test_role(self, api: ItemsApi, config: AppConfig, environment: EnvironmentConfig) -> iam.Role:
        """A role that may only invoke this API, assumable only by the pipeline's test runner of this stage."""
        runner_name = api_test_runner_role_name(config.project, environment.name)
        runner = f"arn:{self.partition}:iam::{config.pipeline_account}:role/{runner_name}"
        role = iam.Role(
            self,
            "ApiTestRole",
            role_name=api_test_role_name(config.project, environment.name),
            assumed_by=iam.AccountPrincipal(config.pipeline_account).with_conditions(
                {"ArnEquals": {"aws:PrincipalArn": runner}}
            ),
            description="Invokes this stage's Items API from the pipeline's test step, nothing else",
        )
        api.grant_invoke(role)
        return role
