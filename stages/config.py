"""Typed configuration for the whole app, read once from cdk.json context (overridable with `-c`).

Every value is checked here, so a missing or malformed setting stops synth with a message that
names the key and shows an example, instead of failing later inside a construct.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from aws_cdk import region_info

ACCOUNT_PATTERN = re.compile(r"^\d{12}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,30}$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
ENVIRONMENT_NAMES = ("dev", "prod")
# How the pipeline surfaces IAM broadening before prod: "diff" (a security diff beside the dev tests, shown in
# the prod approval; 10 steps) or "confirm" (CDK's ConfirmPermissionsBroadening beside the approval; 11 steps).
PERMISSIONS_CHECKS = ("diff", "confirm")
MAX_SYNTHETICS_MINUTES = 60  # CloudWatch Synthetics schedules rate(1 minute) to rate(1 hour)


class ConfigError(ValueError):
    """A context value is missing or malformed; the message names the key and an example."""

    def __init__(self, key: str, problem: str, example: str) -> None:
        super().__init__(f"cdk.json context '{key}' {problem}. Example: {example}")


class ContextSource(Protocol):
    """What `App.node` offers: context lookup by key."""

    def try_get_context(self, key: str) -> Any: ...


@dataclass(frozen=True)
class EnvironmentConfig:
    """Settings that differ between dev and prod."""

    name: str
    account: str
    region: str
    api_rate_limit: int
    api_burst_limit: int
    log_level: str
    lambda_memory_mb: int
    snap_start: bool  # SnapStart on the function's published versions (docs/performance.md: why and what it costs)
    lambda_timeout_seconds: int
    log_retention_days: int
    table_read_capacity: int
    table_write_capacity: int
    table_max_capacity: int
    autoscaling: bool
    retain_data: bool
    deletion_protection: bool
    api_execution_log_level: str
    api_data_trace: bool
    alarm_error_rate_percent: float
    alarm_p99_latency_ms: int
    alarm_concurrency: int
    canary_percent: int  # 0: shift all traffic at once
    canary_minutes: int
    reserved_concurrency: int
    waf_enabled: bool
    waf_rate_limit: int  # requests per client IP in 5 minutes
    allow_data_replacement: bool  # a change that replaces the items table may deploy
    synthetics: SyntheticsConfig


@dataclass(frozen=True)
class SyntheticsConfig:
    """The environment's synthetic check: how often it runs, and whether it also creates and deletes a marked item."""

    every_minutes: int
    writes: bool


@dataclass(frozen=True)
class LoadTestConfig:
    """The pipeline's load test against dev and the thresholds that fail it."""

    clients: int
    seconds: int
    pause_ms: int  # each client's pause between requests, which keeps the load within dev's table capacity
    max_error_rate_percent: float
    max_p99_ms: int


@dataclass(frozen=True)
class SourceConfig:
    """Where the pipeline takes its source from."""

    repository: str
    branch: str
    connection_arn: str


@dataclass(frozen=True)
class AppConfig:
    """Everything the app needs, validated."""

    project: str
    owner: str
    cost_center: str
    region: str
    pipeline_account: str
    source: SourceConfig
    permissions_check: str
    environments: dict[str, EnvironmentConfig]
    load_test: LoadTestConfig

    @property
    def dev(self) -> EnvironmentConfig:
        return self.environments["dev"]

    @property
    def prod(self) -> EnvironmentConfig:
        return self.environments["prod"]

    def tags(self, environment: str) -> dict[str, str]:
        """Tags every resource of an environment carries."""
        return {
            "Project": self.project,
            "Environment": environment,
            "Owner": self.owner,
            "ManagedBy": "aws-cdk",
            "CostCenter": self.cost_center,
        }


def _require(ctx: ContextSource, key: str, example: str) -> Any:
    value = ctx.try_get_context(key)
    if value is None or value == "":
        raise ConfigError(key, "is missing", example)
    return value


def _string(ctx: ContextSource, key: str, example: str, pattern: re.Pattern[str] | None = None) -> str:
    value = _require(ctx, key, example)
    if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
        raise ConfigError(key, f"is malformed ({value!r})", example)
    return value


def _account(ctx: ContextSource, key: str) -> str:
    value = str(_require(ctx, key, '"123456789012" (12 digits)'))
    if not ACCOUNT_PATTERN.match(value):
        raise ConfigError(key, f"must be a 12-digit AWS account id, got {value!r}", '"123456789012"')
    return value


def _region(ctx: ContextSource) -> str:
    """A region that aws-cdk-lib knows (its region facts), so a typo fails here, not at deploy."""
    value = _string(ctx, "region", '"us-east-1"')
    if value not in {region.name for region in region_info.RegionInfo.regions}:
        raise ConfigError("region", f"is not a known AWS region ({value!r})", '"us-east-1"')
    return value


def _object(ctx: ContextSource, key: str, example: str) -> dict[str, Any]:
    value = _require(ctx, key, example)
    if isinstance(value, str):  # `-c key='{"...": ...}'` arrives as a string
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise ConfigError(key, f"is not valid JSON ({error.msg})", example) from None
    if not isinstance(value, dict):
        raise ConfigError(key, "must be an object", example)
    return value


def _number(settings: dict[str, Any], key: str, path: str, low: float, high: float, *, kind: type = int) -> Any:
    example = f'"{key}": {int(low) if kind is int else low}'
    if key not in settings:
        raise ConfigError(f"{path}.{key}", "is missing", example)
    value = settings[key]
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (kind is int and not float(value).is_integer())
    ):
        raise ConfigError(f"{path}.{key}", f"must be a number, got {value!r}", example)
    if not low <= value <= high:
        raise ConfigError(f"{path}.{key}", f"must be between {low} and {high}, got {value}", example)
    return kind(value)


def _flag(settings: dict[str, Any], key: str, path: str) -> bool:
    value = settings.get(key)
    if not isinstance(value, bool):
        raise ConfigError(f"{path}.{key}", f"must be true or false, got {value!r}", f'"{key}": true')
    return value


def _choice(settings: dict[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str:
    value = settings.get(key)
    if value not in choices:
        raise ConfigError(
            f"{path}.{key}", f"must be one of {', '.join(choices)}, got {value!r}", f'"{key}": "{choices[1]}"'
        )
    return value


def _environment(ctx: ContextSource, name: str, region: str) -> EnvironmentConfig:
    path = f"environments.{name}"
    settings = _object(ctx, "environments", '{"dev": {"apiRateLimit": 1000, ...}, "prod": {...}}').get(name)
    if not isinstance(settings, dict):
        raise ConfigError(path, "is missing", '"dev": {"apiRateLimit": 1000, ...}')
    return EnvironmentConfig(
        name=name,
        account=_account(ctx, f"{name}Account"),
        region=region,
        api_rate_limit=_number(settings, "apiRateLimit", path, 1, 10_000),
        api_burst_limit=_number(settings, "apiBurstLimit", path, 1, 20_000),
        log_level=_choice(settings, "logLevel", path, LOG_LEVELS),
        lambda_memory_mb=_number(settings, "lambdaMemoryMb", path, 128, 10_240),
        snap_start=_flag(settings, "snapStart", path),
        lambda_timeout_seconds=_number(settings, "lambdaTimeoutSeconds", path, 1, 29),
        log_retention_days=_number(settings, "logRetentionDays", path, 1, 3653),
        table_read_capacity=_number(settings, "tableReadCapacity", path, 1, 40_000),
        table_write_capacity=_number(settings, "tableWriteCapacity", path, 1, 40_000),
        table_max_capacity=_number(settings, "tableMaxCapacity", path, 1, 40_000),
        autoscaling=_flag(settings, "autoscaling", path),
        retain_data=_flag(settings, "retainData", path),
        deletion_protection=_flag(settings, "deletionProtection", path),
        api_execution_log_level=_choice(settings, "apiExecutionLogLevel", path, ("ERROR", "INFO")),
        api_data_trace=_flag(settings, "apiDataTrace", path),
        alarm_error_rate_percent=_number(settings, "alarmErrorRatePercent", path, 0.1, 100, kind=float),
        alarm_p99_latency_ms=_number(settings, "alarmP99LatencyMs", path, 10, 29_000),
        alarm_concurrency=_number(settings, "alarmConcurrency", path, 1, 10_000),
        canary_percent=_number(settings, "canaryPercent", path, 0, 99),
        canary_minutes=_number(settings, "canaryMinutes", path, 1, 60),
        reserved_concurrency=_number(settings, "reservedConcurrency", path, 1, 10_000),
        waf_enabled=_flag(settings, "wafEnabled", path),
        waf_rate_limit=_number(settings, "wafRateLimit", path, 10, 2_000_000_000),
        allow_data_replacement=_flag(settings, "allowDataReplacement", path),
        synthetics=_synthetics(settings, path),
    )


def _nested(settings: dict[str, Any], key: str, path: str, example: str) -> dict[str, Any]:
    value = settings.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"{path}.{key}", "must be an object" if key in settings else "is missing", example)
    return value


def _synthetics(settings: dict[str, Any], path: str) -> SyntheticsConfig:
    values = _nested(settings, "synthetics", path, '"synthetics": {"everyMinutes": 5, "writes": true}')
    return SyntheticsConfig(
        every_minutes=_number(values, "everyMinutes", f"{path}.synthetics", 1, MAX_SYNTHETICS_MINUTES),
        writes=_flag(values, "writes", f"{path}.synthetics"),
    )


def _load_test(ctx: ContextSource) -> LoadTestConfig:
    values = _object(ctx, "loadTest", '{"clients": 4, "seconds": 60, "maxErrorRatePercent": 1, "maxP99Ms": 2000}')
    return LoadTestConfig(
        clients=_number(values, "clients", "loadTest", 1, 64),
        seconds=_number(values, "seconds", "loadTest", 5, 600),
        pause_ms=_number(values, "pauseMs", "loadTest", 0, 10_000),
        max_error_rate_percent=_number(values, "maxErrorRatePercent", "loadTest", 0, 100, kind=float),
        max_p99_ms=_number(values, "maxP99Ms", "loadTest", 1, 29_000),
    )


def load_config(ctx: ContextSource) -> AppConfig:
    """Read and validate the app's configuration from CDK context."""
    region = _region(ctx)
    config = AppConfig(
        project=_string(ctx, "project", '"items-api" (lowercase, digits, dashes)', NAME_PATTERN),
        owner=_string(ctx, "owner", '"platform-team"'),
        cost_center=_string(ctx, "costCenter", '"CC-1234"'),
        region=region,
        pipeline_account=_account(ctx, "pipelineAccount"),
        source=SourceConfig(
            repository=_string(
                ctx, "repository", '"my-org/items-api" (GitHub owner/name)', re.compile(r"^[\w.-]+/[\w.-]+$")
            ),
            branch=_string(ctx, "branch", '"main"'),
            connection_arn=_string(
                ctx,
                "connectionArn",
                '"arn:aws:codeconnections:us-east-1:123456789012:connection/<uuid>"',
                re.compile(r"^arn:aws[\w-]*:(codeconnections|codestar-connections):[\w-]+:\d{12}:connection/[\w-]+$"),
            ),
        ),
        permissions_check=_string(
            ctx, "permissionsCheck", '"diff" (or "confirm")', re.compile(f"^({'|'.join(PERMISSIONS_CHECKS)})$")
        ),
        environments={name: _environment(ctx, name, region) for name in ENVIRONMENT_NAMES},
        load_test=_load_test(ctx),
    )
    for env in config.environments.values():
        _check_consistency(env)
    return config


# Each request reads or writes at most about one capacity unit (items up to 1 KB; docs/capacity.md), and
# table autoscaling keeps utilization near this share of the provisioned capacity.
AUTOSCALING_TARGET_UTILIZATION = 0.7


def _check_consistency(env: EnvironmentConfig) -> None:
    """Settings that must agree: the API's rate, the function's concurrency cap, the table's capacity."""
    path = f"environments.{env.name}"
    if env.api_burst_limit < env.api_rate_limit:
        raise ConfigError(f"{path}.apiBurstLimit", "must be at least apiRateLimit", '"apiBurstLimit": 2000')
    if env.table_max_capacity < max(env.table_read_capacity, env.table_write_capacity):
        raise ConfigError(f"{path}.tableMaxCapacity", "must be at least the table's capacity", '"tableMaxCapacity": 50')
    needed = env.api_rate_limit / AUTOSCALING_TARGET_UTILIZATION
    capacity = env.table_max_capacity if env.autoscaling else min(env.table_read_capacity, env.table_write_capacity)
    if capacity < needed:
        raise ConfigError(
            f"{path}.{'tableMaxCapacity' if env.autoscaling else 'tableReadCapacity'}",
            f"must be at least apiRateLimit / {AUTOSCALING_TARGET_UTILIZATION} = {needed:.0f} (see docs/capacity.md)",
            f'"tableMaxCapacity": {int(needed) + 1}',
        )
    if env.alarm_concurrency > env.reserved_concurrency:
        raise ConfigError(f"{path}.alarmConcurrency", "must not exceed reservedConcurrency (it could never fire)",
                          f'"alarmConcurrency": {env.reserved_concurrency}')  # fmt: skip


def api_test_runner_role_name(project: str, environment: str) -> str:
    """Name of the pipeline-account role that runs the API tests of one environment.

    The stage's API test role trusts exactly this principal, so the name is part of the contract
    between the pipeline stack and the service stage.
    """
    return f"{project}-{environment}-api-test-runner"


def api_test_role_name(project: str, environment: str) -> str:
    """Name of the stage's role that may only invoke its API; the pipeline's test runner assumes it."""
    return f"{project}-{environment}-api-test"
