"""Alarms to an encrypted, SSL-only SNS topic, and one dashboard for the function, the API and the table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import cdk_monitoring_constructs as monitoring
from aws_cdk import ArnFormat, Duration, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from configuration import EnvironmentConfig
from stages.children import present
from stages.constructs.rate_alarm import api_server_errors, lambda_errors, percentage_alarm

# p99 duration alarms fire at this share of the function's timeout.
TIMEOUT_ALARM_PERCENT = 80
NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING
Threshold = TypeVar("Threshold")
RATE_PERIOD = Duration.minutes(5)


class ServiceMonitoring(Construct):
    """Alert topic, alarms (missing data is not breaching) and the service dashboard."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        project: str,
        environment: EnvironmentConfig,
        function: lambda_.IFunction,
        api: apigw.RestApi,
        table: dynamodb.ITable,
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = self._alert_topic()
        # Whoever the environment names hears its alarms, canary failures and release rollbacks (each address
        # confirms its subscription from the email SNS sends it; docs/deploy.md, "Alerts").
        for address in environment.alert_emails:
            self.topic.add_subscription(subscriptions.EmailSubscription(address))
        self.dashboards = monitoring.DefaultDashboardFactory(
            self,
            "Dashboards",
            dashboard_name_prefix=f"{project}-{environment.name}",
            create_dashboard=True,
            create_summary_dashboard=False,
            create_alarm_dashboard=False,
        )
        facade = monitoring.MonitoringFacade(
            self,
            "Facade",
            alarm_factory_defaults=monitoring.AlarmFactoryDefaults(
                action=monitoring.SnsAlarmActionStrategy(on_alarm_topic=self.topic),
                actions_enabled=True,
                alarm_name_prefix=f"{project}-{environment.name}",
                datapoints_to_alarm=3,
                evaluation_periods=5,
            ),
            dashboard_factory=self.dashboards,
        )
        self._monitor_services(facade, environment, function, api, table)
        self.alarms = [created.alarm for created in facade.created_alarms()]
        for alarm in self._rate_alarms(project, environment, function, api):
            alarm.add_alarm_action(cw_actions.SnsAction(self.topic))
            self.alarms.append(alarm)

    @staticmethod
    def _monitor_services(
        facade: monitoring.MonitoringFacade,
        environment: EnvironmentConfig,
        function: lambda_.IFunction,
        api: apigw.RestApi,
        table: dynamodb.ITable,
    ) -> None:
        """The library's dashboards and alarms for the function, the API stage and the table."""
        facade.monitor_lambda_function(
            lambda_function=function,
            add_latency_p99_alarm={
                "Critical": _threshold(
                    monitoring.LatencyTimeoutPercentageThreshold,
                    max_latency_percentage_of_timeout=TIMEOUT_ALARM_PERCENT,
                )
            },
            add_concurrent_executions_count_alarm={
                "Warning": _threshold(
                    monitoring.RunningTaskCountThreshold, max_running_tasks=environment.alarm_concurrency
                )
            },
            add_throttles_count_alarm={"Warning": _threshold(monitoring.ErrorCountThreshold, max_error_count=0)},
        )
        facade.monitor_api_gateway(
            api=api,
            api_stage=environment.name,
            add_latency_p99_alarm={
                "Warning": _threshold(
                    monitoring.LatencyThreshold, max_latency=Duration.millis(environment.alarm_p99_latency_ms)
                )
            },
        )
        facade.monitor_dynamo_table(
            table=table,
            add_read_throttled_events_count_alarm={
                "Warning": _threshold(monitoring.ThrottledEventsThreshold, max_throttled_events_threshold=0)
            },
            add_write_throttled_events_count_alarm={
                "Warning": _threshold(monitoring.ThrottledEventsThreshold, max_throttled_events_threshold=0)
            },
            add_system_error_count_alarm={"Critical": _threshold(monitoring.ErrorCountThreshold, max_error_count=0)},
        )

    def _rate_alarms(
        self, project: str, environment: EnvironmentConfig, function: lambda_.IFunction, api: apigw.RestApi
    ) -> list[cloudwatch.Alarm]:
        """Error rates as metric math (errors / requests), which the library's average-based rates are not."""
        common: dict[str, Any] = {
            "period": RATE_PERIOD,
            "evaluation_periods": 3,
            "threshold_percent": environment.alarm_error_rate_percent,
        }
        return [
            percentage_alarm(
                self,
                "LambdaErrorRate",
                **lambda_errors(function, RATE_PERIOD),
                alarm_name=f"{project}-{environment.name}-lambda-error-rate",
                description="Lambda error rate",
                **common,
            ),
            percentage_alarm(
                self,
                "Api5xxRate",
                **api_server_errors(api, environment.name, RATE_PERIOD),
                alarm_name=f"{project}-{environment.name}-api-5xx-rate",
                description="API 5XX rate",
                **common,
            ),
        ]

    @property
    def dashboard_name(self) -> str:
        return present(self.dashboards.dashboard, "the service dashboard").dashboard_name

    def _alert_topic(self) -> sns.Topic:
        """The topic the alarms publish to. Its policy replaces SNS's default one, so it must admit CloudWatch
        itself; both the topic and its key admit CloudWatch only for this account's alarms (no confused deputy)."""
        stack = Stack.of(self)
        key = kms.Key(self, "AlertsKey", enable_key_rotation=True, description="Encrypts the service alert topic")
        self.topic_key = key
        topic = sns.Topic(self, "Alerts", master_key=key, enforce_ssl=True, display_name="Items API alerts")
        cloudwatch_principal = iam.ServicePrincipal("cloudwatch.amazonaws.com")
        this_account_alarms = {
            "StringEquals": {"aws:SourceAccount": stack.account},
            "ArnLike": {"aws:SourceArn": stack.format_arn(service="cloudwatch", resource="alarm", resource_name="*",
                                                          arn_format=ArnFormat.COLON_RESOURCE_NAME)},
        }  # fmt: skip
        key.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[cloudwatch_principal],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
                conditions=this_account_alarms,
            )
        )
        topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowThisAccountsAlarmsToPublish",
                principals=[cloudwatch_principal],
                actions=["sns:Publish"],
                resources=[topic.topic_arn],
                conditions=this_account_alarms,
            )
        )
        return topic


def _threshold(kind: Callable[..., Threshold], **values: Any) -> Threshold:
    """An alarm threshold that treats missing data as not breaching (no traffic is not an outage)."""
    return kind(**values, treat_missing_data_override=NOT_BREACHING)
