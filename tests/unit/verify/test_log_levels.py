"""Log-level filter: Lambda's JSON log filter keeps what the function is configured to log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from verify.assembly import DeployedStack
from verify.checks.log_levels import check_templates

StackOf = Callable[..., DeployedStack]


def _function(logging: dict[str, Any], level: str | None = "DEBUG") -> dict[str, Any]:
    variables = {"POWERTOOLS_LOG_LEVEL": level} if level else {}
    properties = {"Code": {"ZipFile": "x"}, "Role": "r", "Runtime": "python3.14", "Handler": "a.b"}
    return {
        "Type": "AWS::Lambda::Function",
        "Properties": {**properties, "LoggingConfig": logging, "Environment": {"Variables": variables}},
    }


def test_every_synthesized_function_logs_what_it_is_configured_to(stacks: dict[str, DeployedStack]) -> None:
    result = check_templates(list(stacks.values()))
    assert result.findings == ()
    assert result.checked >= 6


def test_debug_under_the_default_json_filter_fails(stack_of: StackOf) -> None:
    [finding] = check_templates([stack_of({"Handler": _function({"LogFormat": "JSON"})})]).findings
    assert "below INFO (the default)" in finding.problem
    assert "ApplicationLogLevel to DEBUG" in finding.fix


def test_debug_under_an_error_filter_fails(stack_of: StackOf) -> None:
    logging = {"LogFormat": "JSON", "ApplicationLogLevel": "ERROR"}
    [finding] = check_templates([stack_of({"Handler": _function(logging, "WARNING")})]).findings
    assert "below ERROR" in finding.problem and "ApplicationLogLevel to WARN" in finding.fix


@pytest.mark.parametrize(
    ("logging", "level"),
    [
        ({"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG"}, "DEBUG"),
        ({"LogFormat": "JSON"}, "WARNING"),
        ({"LogFormat": "Text"}, "DEBUG"),
        ({"LogFormat": "JSON"}, None),
    ],
)
def test_levels_the_filter_keeps_pass(stack_of: StackOf, logging: dict[str, Any], level: str | None) -> None:
    assert check_templates([stack_of({"Handler": _function(logging, level)})]).findings == ()


def test_a_level_with_the_text_format_fails(stack_of: StackOf) -> None:
    logging = {"LogFormat": "Text", "ApplicationLogLevel": "DEBUG"}
    [finding] = check_templates([stack_of({"Handler": _function(logging)})]).findings
    assert "needs LogFormat JSON" in finding.fix
