"""CodeDeploy lifecycle hooks (code in runtime/release_hooks/): every route of the new version is called before
it gets traffic, and the release alarms' history is read after the traffic shifted.

Each hook has its own role and log group. The before-traffic hook may invoke only the version being released;
the after-traffic hook may read only the release alarms and the deployment group's deployments. CodeDeploy
lets a hook report only for its own deployment group (CDK grants that when the group is given the hooks).
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from configuration import EnvironmentConfig
from stages.bundling import package_code
from stages.cfn_lint import suppress_role_dependency_warning
from stages.constructs.function import ARCHITECTURE, RUNTIME
from stages.constructs.log_groups import service_log_group

HOOKS_PACKAGE = "release_hooks"
# Six sequential calls of the new version, each bounded by its own timeout, plus CodeDeploy's report.
HOOK_TIMEOUT = Duration.minutes(2)


class ReleaseHooks(Construct):
    """The BeforeAllowTraffic and AfterAllowTraffic functions of the items function's deployment group."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        environment: EnvironmentConfig,
        version: lambda_.IVersion,
        alarms: list[cloudwatch.Alarm],
    ) -> None:
        super().__init__(scope, construct_id)
        self.before_traffic = self._hook(
            "BeforeTraffic",
            environment,
            handler=f"{HOOKS_PACKAGE}.before_traffic.handler",
            variables={"TARGET_VERSION_ARN": version.function_arn, "STAGE_NAME": environment.name},
            description="Calls every route of the version being released before CodeDeploy shifts traffic to it",
        )
        self.before_traffic.add_to_role_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[version.function_arn])
        )
        self.after_traffic = self._hook(
            "AfterTraffic",
            environment,
            handler=f"{HOOKS_PACKAGE}.after_traffic.handler",
            variables={"RELEASE_ALARMS": ",".join(alarm.alarm_name for alarm in alarms)},
            description="Fails the release if a release alarm was in ALARM during the bake",
        )
        self.after_traffic.add_to_role_policy(
            iam.PolicyStatement(
                actions=["cloudwatch:DescribeAlarmHistory"], resources=[alarm.alarm_arn for alarm in alarms]
            )
        )

    def grant_read_deployments(self, deployment_group_arn: str) -> None:
        """The after-traffic hook reads when its deployment started (codedeploy:GetDeployment)."""
        self.after_traffic.add_to_role_policy(
            iam.PolicyStatement(actions=["codedeploy:GetDeployment"], resources=[deployment_group_arn])
        )

    @property
    def functions(self) -> list[lambda_.Function]:
        return [self.before_traffic, self.after_traffic]

    def _hook(
        self, construct_id: str, environment: EnvironmentConfig, *, handler: str, variables: dict[str, str],
        description: str,
    ) -> lambda_.Function:  # fmt: skip
        scope = Construct(self, construct_id)
        role = iam.Role(scope, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"), description=description)
        log_group = service_log_group(scope, "Logs", environment)
        function = lambda_.Function(
            scope,
            "Handler",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=handler,
            code=package_code(HOOKS_PACKAGE),
            memory_size=256,
            timeout=HOOK_TIMEOUT,
            role=role,
            log_group=log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            environment=variables,
            description=description,
        )
        log_group.grant_write(role)
        suppress_role_dependency_warning(function)
        return function
