"""Lambda's log-level filter keeps what the function logs.

With JSON log format Lambda filters application logs at `ApplicationLogLevel`, INFO when unset, and Powertools gives
Lambda's level priority over POWERTOOLS_LOG_LEVEL: a function configured to log DEBUG under the default filter logs
INFO, silently. Log-level filtering needs the JSON format (AWS Lambda Developer Guide, "Log-level filtering";
Powertools for AWS Lambda (Python), Logger, "AWS Lambda Advanced Logging Controls").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding

NAME = "log-level-filter"
SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html"
# Lambda's levels, most verbose first, and the Python names the function's own variables use for them.
LAMBDA_LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")
PYTHON_NAMES = {"WARNING": "WARN", "CRITICAL": "FATAL"}
DEFAULT_APPLICATION_LEVEL = "INFO"
LEVEL_VARIABLES = ("POWERTOOLS_LOG_LEVEL", "LOG_LEVEL")


def _rank(level: str) -> int | None:
    name = PYTHON_NAMES.get(level.upper(), level.upper())
    return LAMBDA_LEVELS.index(name) if name in LAMBDA_LEVELS else None


def _problems(properties: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    logging = properties.get("LoggingConfig", {})
    if logging.get("LogFormat") != "JSON":
        if "ApplicationLogLevel" in logging or "SystemLogLevel" in logging:
            yield "log levels are set with the Text log format", "log-level filtering needs LogFormat JSON"
        return
    filtered = logging.get("ApplicationLogLevel", DEFAULT_APPLICATION_LEVEL)
    floor = _rank(filtered) or 0
    variables = properties.get("Environment", {}).get("Variables", {})
    for variable in LEVEL_VARIABLES:
        wanted = variables.get(variable)
        rank = _rank(wanted) if isinstance(wanted, str) else None
        if rank is not None and rank < floor:
            yield (
                f"{variable}={wanted}, but Lambda filters application logs below {filtered}"
                f"{'' if 'ApplicationLogLevel' in logging else ' (the default)'}: the function's {wanted} never "
                "reaches its logs",
                f"set LoggingConfig.ApplicationLogLevel to {PYTHON_NAMES.get(wanted, wanted)} ({SOURCE})",
            )


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    findings, checked = [], 0
    for stack in stacks:
        for logical_id, resource in stack.resources.items():
            if resource.get("Type") != "AWS::Lambda::Function":
                continue
            checked += 1
            where = f"{stack.stack_name}/{logical_id}"
            findings += [Finding(NAME, where, problem, fix) for problem, fix in _problems(resource["Properties"])]
    return CheckResult(NAME, tuple(sorted(findings)), checked=checked)
