"""One deployable copy of the Items API: the unit the pipeline deploys to each configured environment."""

from __future__ import annotations

from aws_cdk import CfnOutput, Environment, Stage
from constructs import Construct

from configuration import AppConfig, EnvironmentConfig
from stages.service_stack import ServiceStack


class ServiceStage(Stage):
    """The service stack of one environment, in that environment's account and region."""

    def __init__(
        self, scope: Construct, construct_id: str, *, config: AppConfig, environment: EnvironmentConfig
    ) -> None:
        super().__init__(scope, construct_id, env=Environment(account=environment.account, region=environment.region))
        self.environment = environment
        self.stack = ServiceStack(
            self,
            "Service",
            stack_name=f"{config.project}-{environment.name}",
            description=f"Items API service ({environment.name})",
            config=config,
            environment=environment,
            termination_protection=environment.deletion_protection,
        )

    @property
    def api_url_output(self) -> CfnOutput:
        return self.stack.outputs["ApiUrl"]

    @property
    def api_test_role_arn_output(self) -> CfnOutput:
        return self.stack.outputs["ApiTestRoleArn"]
