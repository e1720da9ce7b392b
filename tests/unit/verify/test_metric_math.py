"""Metric math: expressions typed against AWS's function table, in alarms and dashboards."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.verify.conftest import changed, logical_id_of
from verify.assembly import DeployedStack
from verify.checks.metric_math import check_stack
from verify.metric_math import TS, TS_ARRAY, MetricMathError, analyse

METRICS = {"errors": TS, "requests": TS}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("IF(requests > 0, 100 * errors / requests, 0)", TS),
        ("FILL(requests,0) / PERIOD(requests)", TS),
        ("SUM([errors, requests])", TS),
        ("100/[errors, requests]", TS_ARRAY),
        ("SORT(METRICS(), AVG, DESC, 10)", TS_ARRAY),
        ("-errors + TIME_SERIES(5 * AVG(errors))", TS),
        ("SEARCH('{AWS/Lambda,FunctionName} MetricName=\"Errors\"', 'Sum', 300)", TS_ARRAY),
    ],
)
def test_expressions_the_guide_allows_get_its_result_type(expression: str, expected: str) -> None:
    assert analyse(expression, METRICS).type == expected


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("100 * errors / MAX([requests, 1])", "[Array[TimeSeries, Scalar]]"),
        ("MAX(1, 2)", "unsupported operand type(s) for MAX"),
        ("FILL(1, 0)", "unsupported operand type(s) for FILL"),
        ("METRICS() + METRICS()", "unsupported operand type(s) for +"),
        ("IF(1, 2, 3)", "IF does not take"),
        ("GREATEST(errors)", "not a metric math function"),
        ("errors / unknown", "'unknown' names no metric"),
        ("errors +", "ends too early"),
    ],
)
def test_expressions_cloudwatch_rejects_are_errors_with_the_reason(expression: str, reason: str) -> None:
    with pytest.raises(MetricMathError) as raised:
        analyse(expression, METRICS)
    assert reason in str(raised.value)


def _set_expression(alarm_id: str, expression: str):
    def edit(template: dict[str, Any]) -> None:
        queries = template["Resources"][alarm_id]["Properties"]["Metrics"]
        next(q for q in queries if "Expression" in q)["Expression"] = expression

    return edit


def test_the_synthesized_alarms_and_dashboards_pass(dev: DeployedStack, prod: DeployedStack) -> None:
    for stack in (dev, prod):
        findings, checked = check_stack(stack)
        assert findings == []
        assert checked >= 3  # the rate alarms' expressions at least


def test_an_alarm_on_max_of_a_metric_and_a_scalar_fails(dev: DeployedStack) -> None:
    alarm = logical_id_of(dev, "AWS::CloudWatch::Alarm", "MonitoringLambdaErrorRate")
    broken = changed(dev, _set_expression(alarm, "100 * numerator / MAX([denominator, 1])"))
    [finding] = check_stack(broken)[0]
    assert alarm in finding.where and "[Array[TimeSeries, Scalar]]" in finding.problem


def test_an_alarm_on_a_function_not_allowed_in_alarms_fails(dev: DeployedStack) -> None:
    alarm = logical_id_of(dev, "AWS::CloudWatch::Alarm", "MonitoringLambdaErrorRate")
    search = "FIRST(SEARCH('{AWS/Lambda,FunctionName} MetricName=\"Errors\"', 'Sum', 60))"
    findings = check_stack(changed(dev, _set_expression(alarm, search)))[0]
    assert any("calls SEARCH, which no alarm may use" in f.problem for f in findings)


def test_an_alarm_on_a_function_aws_recommends_against_fails(dev: DeployedStack) -> None:
    alarm = logical_id_of(dev, "AWS::CloudWatch::Alarm", "MonitoringLambdaErrorRate")
    [finding] = check_stack(changed(dev, _set_expression(alarm, "numerator - AVG(numerator)")))[0]
    assert "calls AVG, which AWS recommends against in alarms" in finding.problem


def test_an_alarm_on_a_scalar_result_fails(dev: DeployedStack) -> None:
    alarm = logical_id_of(dev, "AWS::CloudWatch::Alarm", "MonitoringLambdaErrorRate")
    findings = check_stack(changed(dev, _set_expression(alarm, "PERIOD(numerator)")))[0]
    assert any("returns S, not one time series" in f.problem for f in findings)


def test_a_dashboard_expression_with_a_scalar_in_an_array_fails(dev: DeployedStack) -> None:
    dashboard = logical_id_of(dev, "AWS::CloudWatch::Dashboard")

    def edit(template: dict[str, Any]) -> None:
        body = {"widgets": [{"type": "metric", "properties": {"metrics": [
            ["AWS/Lambda", "Errors", {"id": "errors"}],
            [{"expression": "MIN([errors, 0])", "label": "broken"}],
        ]}}]}  # fmt: skip
        template["Resources"][dashboard]["Properties"]["DashboardBody"] = json.dumps(body)

    [finding] = check_stack(changed(dev, edit))[0]
    assert "widget 0" in finding.problem and "[Array[TimeSeries, Scalar]]" in finding.problem
