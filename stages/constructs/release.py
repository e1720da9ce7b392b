"""Safe releases: CodeDeploy shifts the `live` alias to each new version and rolls back on alarms.

A canary share shifts first where the environment configures one (prod), else all at once (dev).
The alarms watch the alias, so they see only traffic served by the version being released,
plus the API's 5XX rate.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from stages.config import EnvironmentConfig
from stages.constructs.rate_alarm import api_server_errors, lambda_errors, percentage_alarm

ALARM_PERIOD = Duration.minutes(1)
TIMEOUT_ALARM_SHARE = 0.8


class ItemsRelease(Construct):
    """The deployment group of the `live` alias, its rollback alarms and a role without managed policies."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        project: str,
        environment: EnvironmentConfig,
        alias: lambda_.Alias,
        api: apigw.RestApi,
    ) -> None:
        super().__init__(scope, construct_id)
        prefix = f"{project}-{environment.name}-release"
        self.alarms = [
            self._error_rate_alarm(alias, prefix, environment.alarm_error_rate_percent),
            self._duration_alarm(alias, prefix, environment.lambda_timeout_seconds),
            self._api_5xx_alarm(api, prefix, environment),
        ]
        self.deployment_config = self._deployment_config(environment)
        self.role = self._role(alias)
        self.deployment_group = codedeploy.LambdaDeploymentGroup(
            self,
            "DeploymentGroup",
            alias=alias,
            deployment_config=self.deployment_config,
            alarms=self.alarms,
            # Immutable view: the group would otherwise attach AWSCodeDeployRoleForLambdaLimited; the role's
            # inline policy grants the same, narrowed to this alias and these alarms.
            role=self.role.without_policy_updates(),
            auto_rollback=codedeploy.AutoRollbackConfig(failed_deployment=True, deployment_in_alarm=True),
        )

    def _deployment_config(self, environment: EnvironmentConfig) -> codedeploy.ILambdaDeploymentConfig:
        if environment.canary_percent == 0:
            return codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE
        return codedeploy.LambdaDeploymentConfig(
            self,
            "Canary",
            traffic_routing=codedeploy.TimeBasedCanaryTrafficRouting(
                percentage=environment.canary_percent, interval=Duration.minutes(environment.canary_minutes)
            ),
        )

    def _error_rate_alarm(self, alias: lambda_.Alias, prefix: str, percent: float) -> cloudwatch.Alarm:
        return percentage_alarm(
            self,
            "ErrorRate",
            **lambda_errors(alias, ALARM_PERIOD),
            threshold_percent=percent,
            alarm_name=f"{prefix}-error-rate",
            description="Error rate of the released version",
            period=ALARM_PERIOD,
            evaluation_periods=2,
        )

    def _duration_alarm(self, alias: lambda_.Alias, prefix: str, timeout_seconds: int) -> cloudwatch.Alarm:
        return alias.metric_duration(period=ALARM_PERIOD, statistic="p99").create_alarm(
            self,
            "DurationP99",
            alarm_name=f"{prefix}-p99-duration",
            alarm_description="p99 duration of the released version near its timeout; rolls the release back",
            threshold=timeout_seconds * 1000 * TIMEOUT_ALARM_SHARE,
            evaluation_periods=2,
            datapoints_to_alarm=2,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )

    def _api_5xx_alarm(self, api: apigw.RestApi, prefix: str, environment: EnvironmentConfig) -> cloudwatch.Alarm:
        return percentage_alarm(
            self,
            "Api5xxRate",
            **api_server_errors(api, environment.name, ALARM_PERIOD),
            threshold_percent=environment.alarm_error_rate_percent,
            alarm_name=f"{prefix}-api-5xx-rate",
            description="API 5XX rate during a release",
            period=ALARM_PERIOD,
            evaluation_periods=2,
        )

    def _role(self, alias: lambda_.Alias) -> iam.Role:
        """What CodeDeploy needs to shift this alias and read its alarms (the managed policy, narrowed)."""
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("codedeploy.amazonaws.com"),
            description="Shifts the live alias of the Items API function and reads its rollback alarms",
        )
        function_arn = alias.version.lambda_.function_arn
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
                resources=[function_arn, alias.function_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["cloudwatch:DescribeAlarms"],
                resources=[alarm.alarm_arn for alarm in self.alarms],
            )
        )
        return role
