"""Metric math: every alarm's and dashboard's expressions typed against AWS's function table (verify/metric_math.py).

CloudFormation's schema types an expression as a string, so cfn-lint accepts what CloudWatch rejects at create
time: an array holding a scalar, a function on the wrong argument types, an alarm on SEARCH or on a result that is
not one time series. PutMetricAlarm also takes at most 20 queries, 10 of them metrics and 10 expressions, with
exactly one returning data (CloudWatch API Reference, PutMetricAlarm: Metrics).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding, per_stack
from verify.metric_math import (
    NOT_IN_ALARMS,
    NOT_RECOMMENDED_IN_ALARMS,
    TS,
    TS_ARRAY,
    MetricMathError,
    analyse,
    query_types,
)

NAME = "metric-math"
ALARM_QUERIES, ALARM_METRICS, ALARM_EXPRESSIONS = 20, 10, 10
SOURCE = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html"
PLACEHOLDER = "REF"  # stands for a reference inside a dashboard body; it only ever sits inside a JSON string


def _text(value: object) -> str | None:
    """A template string, or an Fn::Join of strings and references (the references stand in as PLACEHOLDER)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and "Fn::Join" in value:
        separator: str
        separator, parts = value["Fn::Join"]
        return separator.join(part if isinstance(part, str) else PLACEHOLDER for part in parts)
    return None


def _alarm_findings(where: str, queries: Sequence[Mapping[str, Any]]) -> Iterator[tuple[str, str]]:
    expressions = [q for q in queries if "Expression" in q]
    metrics = [q for q in queries if "MetricStat" in q]
    returning = [q for q in queries if q.get("ReturnData", True)]
    if len(queries) > ALARM_QUERIES or len(metrics) > ALARM_METRICS or len(expressions) > ALARM_EXPRESSIONS:
        yield (f"{len(queries)} queries ({len(metrics)} metrics, {len(expressions)} expressions)",
               f"an alarm takes at most {ALARM_QUERIES}, {ALARM_METRICS} and {ALARM_EXPRESSIONS}")  # fmt: skip
    if len(returning) != 1:
        yield f"{len(returning)} queries return data", "exactly one query of an alarm has ReturnData true"
    try:
        types = query_types([(q["Id"], q.get("Expression")) for q in queries])
    except MetricMathError as error:
        yield str(error), f"write the expressions as AWS's metric math table allows ({SOURCE})"
        return
    for query in expressions:
        functions = analyse(query["Expression"], types).functions
        for name in sorted(functions & NOT_IN_ALARMS):
            yield f"{query['Id']} calls {name}, which no alarm may use", "alarm on metrics or plain math instead"
        for name in sorted(functions & NOT_RECOMMENDED_IN_ALARMS):
            yield (f"{query['Id']} calls {name}, which AWS recommends against in alarms (it acts differently when "
                   "the alarm fetches extra data points)", "use arithmetic or IF instead")  # fmt: skip
    for query in returning:
        if types.get(query["Id"]) != TS:
            yield (f"{query['Id']} returns {types.get(query['Id'])}, not one time series",
                   "an alarm watches exactly one time series")  # fmt: skip


def _widget_queries(widget: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """(id, expression or None) of a graph widget's metrics; unnamed entries get ids no expression can name."""
    queries = []
    for index, entry in enumerate(widget.get("properties", {}).get("metrics", [])):
        options = next((item for item in entry if isinstance(item, Mapping)), {})
        identifier = options.get("id", f"#{index}")
        queries.append((identifier, options.get("expression")))
    return queries


def _dashboard_findings(body: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for number, widget in enumerate(body.get("widgets", [])):
        queries = _widget_queries(widget)
        if not any(expression for _, expression in queries):
            continue
        try:
            types = query_types(queries)
        except MetricMathError as error:
            yield f"widget {number}: {error}", f"write the expressions as AWS's metric math table allows ({SOURCE})"
            continue
        for identifier, expression in queries:
            if expression is not None and types[identifier] not in (TS, TS_ARRAY):
                yield (f"widget {number}: {expression!r} returns {types[identifier]}",
                       "a graphed expression must return a time series or an array of them")  # fmt: skip


def check_stack(stack: DeployedStack) -> tuple[list[Finding], int]:
    """Findings over one stack's alarms and dashboards, and how many expressions were judged."""
    findings, checked = [], 0
    for logical_id, resource in stack.resources.items():
        properties = resource.get("Properties", {})
        where = f"{stack.stack_name}/{logical_id}"
        problems: list[tuple[str, str]] = []
        if resource["Type"] == "AWS::CloudWatch::Alarm" and "Metrics" in properties:
            checked += sum("Expression" in q for q in properties["Metrics"])
            problems = list(_alarm_findings(where, properties["Metrics"]))
        elif resource["Type"] == "AWS::CloudWatch::Dashboard":
            text = _text(properties.get("DashboardBody"))
            if text is None:
                problems = [("the dashboard body is not a string or a join", "build it with aws_cloudwatch")]
            else:
                body = json.loads(text)
                checked += sum(e is not None for w in body.get("widgets", []) for _, e in _widget_queries(w))
                problems = list(_dashboard_findings(body))
        findings += [Finding(NAME, where, problem, fix) for problem, fix in problems]
    return findings, checked


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    return per_stack(NAME, stacks, check_stack)
