"""The alarms that roll a release back: error rate and p99 duration of the version being released, only.

Lambda publishes alias metrics per executed version (dimensions FunctionName, Resource = <function>:<alias>,
ExecutedVersion), so during a canary the new version's failures are not averaged with the traffic the old
version still serves: at a 10% canary, a version failing 40% of its requests shows 40%, not 4%.
Each deploy points the alarms at the new version before CodeDeploy starts shifting (the alias waits for the
deployment group, which names these alarms).
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from constructs import Construct

from stages.constructs.rate_alarm import percentage_alarm

ALARM_PERIOD = Duration.minutes(1)
EVALUATION_PERIODS = 2
TIMEOUT_ALARM_SHARE = 0.8


def version_metric(
    function: lambda_.IFunction, alias: lambda_.Alias, version: lambda_.IVersion, name: str, statistic: str
) -> cloudwatch.Metric:
    """A metric of the invocations through `alias` that `version` executed."""
    return cloudwatch.Metric(
        namespace="AWS/Lambda",
        metric_name=name,
        dimensions_map={
            "FunctionName": function.function_name,
            "Resource": f"{function.function_name}:{alias.alias_name}",
            "ExecutedVersion": version.version,
        },
        statistic=statistic,
        period=ALARM_PERIOD,
    )


class ReleaseAlarms(Construct):
    """Version-scoped rollback alarms, notifying the alert topic when they fire and when they clear."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        prefix: str,
        function: lambda_.IFunction,
        alias: lambda_.Alias,
        error_rate_percent: float,
        timeout_seconds: int,
        topic: sns.ITopic,
    ) -> None:
        super().__init__(scope, construct_id)
        version = alias.version
        self.error_rate = percentage_alarm(
            self,
            "ErrorRate",
            numerator=version_metric(function, alias, version, "Errors", "Sum"),
            denominator=version_metric(function, alias, version, "Invocations", "Sum"),
            threshold_percent=error_rate_percent,
            alarm_name=f"{prefix}-error-rate",
            description="Error rate of the version being released (its own invocations only); rolls it back",
            period=ALARM_PERIOD,
            evaluation_periods=EVALUATION_PERIODS,
        )
        self.duration = version_metric(function, alias, version, "Duration", "p99").create_alarm(
            self,
            "DurationP99",
            alarm_name=f"{prefix}-p99-duration",
            alarm_description="p99 duration of the version being released near its timeout; rolls it back",
            threshold=timeout_seconds * 1000 * TIMEOUT_ALARM_SHARE,
            evaluation_periods=EVALUATION_PERIODS,
            datapoints_to_alarm=EVALUATION_PERIODS,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        self.alarms = [self.error_rate, self.duration]
        for alarm in self.alarms:
            alarm.add_alarm_action(cw_actions.SnsAction(topic))
            alarm.add_ok_action(cw_actions.SnsAction(topic))
