"""Log groups of the service: retention and removal from the environment's settings."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_logs as logs
from constructs import Construct

from configuration import EnvironmentConfig

RETENTION_BY_DAYS = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    5: logs.RetentionDays.FIVE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    120: logs.RetentionDays.FOUR_MONTHS,
    150: logs.RetentionDays.FIVE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
    400: logs.RetentionDays.THIRTEEN_MONTHS,
    545: logs.RetentionDays.EIGHTEEN_MONTHS,
    731: logs.RetentionDays.TWO_YEARS,
    1827: logs.RetentionDays.FIVE_YEARS,
    3653: logs.RetentionDays.TEN_YEARS,
}


def retention(days: int) -> logs.RetentionDays:
    """The shortest CloudWatch Logs retention that keeps logs at least `days` days."""
    return RETENTION_BY_DAYS[min(d for d in RETENTION_BY_DAYS if d >= days)]


def service_log_group(scope: Construct, construct_id: str, environment: EnvironmentConfig) -> logs.LogGroup:
    """A log group kept as long as the environment says, and kept on stack deletion where data is retained."""
    return logs.LogGroup(
        scope,
        construct_id,
        retention=retention(environment.log_retention_days),
        removal_policy=RemovalPolicy.RETAIN if environment.retain_data else RemovalPolicy.DESTROY,
    )
