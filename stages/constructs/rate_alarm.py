"""Alarms on a percentage computed with metric math (numerator / denominator), the one shape both
the service alarms and the release alarms need."""

from __future__ import annotations

from typing import TypedDict

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


class Ratio(TypedDict):
    """The two metrics of a percentage, as `percentage_alarm` takes them."""

    numerator: cloudwatch.IMetric
    denominator: cloudwatch.IMetric


def lambda_errors(function: lambda_.IFunction, period: Duration) -> Ratio:
    """Errors over invocations of a function, or of one alias of it."""
    return {
        "numerator": function.metric_errors(period=period, statistic="Sum"),
        "denominator": function.metric_invocations(period=period, statistic="Sum"),
    }


def api_server_errors(api: apigw.RestApi, stage_name: str, period: Duration) -> Ratio:
    """5XX responses over requests of one stage of a REST API."""
    stage = {"ApiName": api.rest_api_name, "Stage": stage_name}
    return {
        "numerator": api.metric_server_error(period=period, statistic="Sum", dimensions_map=stage),
        "denominator": api.metric_count(period=period, statistic="Sum", dimensions_map=stage),
    }


def percentage_alarm(
    scope: Construct,
    construct_id: str,
    *,
    numerator: cloudwatch.IMetric,
    denominator: cloudwatch.IMetric,
    threshold_percent: float,
    alarm_name: str,
    description: str,
    period: Duration,
    evaluation_periods: int,
) -> cloudwatch.Alarm:
    """Fires when 100 * numerator / denominator exceeds the threshold; no traffic is not breaching.

    The IF guard is the form CloudWatch accepts for "0 when there is no traffic": an array of a metric and a scalar
    (`MAX([denominator, 1])`) is rejected at alarm creation (verify/metric_math.py)."""
    rate = cloudwatch.MathExpression(
        expression="IF(denominator > 0, 100 * numerator / denominator, 0)",
        using_metrics={"numerator": numerator, "denominator": denominator},
        label=f"{description} (%)",
        period=period,
    )
    return rate.create_alarm(
        scope,
        construct_id,
        alarm_name=alarm_name,
        alarm_description=description,
        threshold=threshold_percent,
        evaluation_periods=evaluation_periods,
        datapoints_to_alarm=evaluation_periods,
        comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
    )
