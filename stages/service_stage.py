"""One deployable copy of the Items API: the unit the pipeline deploys to each configured environment."""

from __future__ import annotations

from aws_cdk import CfnOutput, DefaultStackSynthesizer, Environment, Stage
from constructs import Construct

from configuration import AppConfig, EnvironmentConfig, stack_reader_role_name
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
            synthesizer=DefaultStackSynthesizer(lookup_role_arn=_reader_role_arn(config.project, environment)),
        )

    @property
    def api_url_output(self) -> CfnOutput:
        return self.stack.outputs["ApiUrl"]

    @property
    def api_test_role_arn_output(self) -> CfnOutput:
        return self.stack.outputs["ApiTestRoleArn"]


def _reader_role_arn(project: str, environment: EnvironmentConfig) -> str:
    """The role `cdk diff` reads the deployed stack with (the lookup role the stack names): the stack reader role
    `make bootstrap` creates, which reads this project's stacks only, instead of CDK's ReadOnlyAccess lookup role.
    The synth needs no lookups, so nothing else uses it."""
    name = stack_reader_role_name(project, environment.region)
    return f"arn:${{AWS::Partition}}:iam::{environment.account}:role/{name}"
