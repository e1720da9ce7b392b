"""One environment's settings (the `settings` object of an environment in cdk.json's waves), typed and checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stages.config_values import ConfigError, choice, emails, flag, nested, number

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_SYNTHETICS_MINUTES = 60  # CloudWatch Synthetics schedules rate(1 minute) to rate(1 hour)
# Each request reads or writes at most about one capacity unit (items up to 1 KB; docs/capacity.md), and
# table autoscaling keeps utilization near this share of the provisioned capacity.
AUTOSCALING_TARGET_UTILIZATION = 0.7


@dataclass(frozen=True)
class SyntheticsConfig:
    """The environment's synthetic check: how often it runs, and whether it also creates and deletes a marked item."""

    every_minutes: int
    writes: bool


@dataclass(frozen=True)
class EnvironmentConfig:
    """Where one environment runs, whether it is production, and the settings its stage is built from."""

    name: str
    account: str
    region: str
    production: bool  # behind a manual approval: its wave or an earlier one has one (smoke tests, not the suite)
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
    alert_emails: tuple[str, ...] = ()  # subscribed to the alert topic (each confirms by email)


@dataclass(frozen=True)
class Placement:
    """Who an environment is: its name, where it runs, and whether an approval guards it."""

    name: str
    account: str
    region: str
    production: bool


def environment_config(placement: Placement, settings: dict[str, Any], path: str) -> EnvironmentConfig:
    """The environment's settings from its (merged) `settings` object; `path` prefixes every key in errors."""
    config = EnvironmentConfig(
        name=placement.name,
        account=placement.account,
        region=placement.region,
        production=placement.production,
        api_rate_limit=number(settings, "apiRateLimit", path, 1, 10_000),
        api_burst_limit=number(settings, "apiBurstLimit", path, 1, 20_000),
        log_level=choice(settings, "logLevel", path, LOG_LEVELS),
        lambda_memory_mb=number(settings, "lambdaMemoryMb", path, 128, 10_240),
        snap_start=flag(settings, "snapStart", path),
        lambda_timeout_seconds=number(settings, "lambdaTimeoutSeconds", path, 1, 29),
        log_retention_days=number(settings, "logRetentionDays", path, 1, 3653),
        table_read_capacity=number(settings, "tableReadCapacity", path, 1, 40_000),
        table_write_capacity=number(settings, "tableWriteCapacity", path, 1, 40_000),
        table_max_capacity=number(settings, "tableMaxCapacity", path, 1, 40_000),
        autoscaling=flag(settings, "autoscaling", path),
        retain_data=flag(settings, "retainData", path),
        deletion_protection=flag(settings, "deletionProtection", path),
        api_execution_log_level=choice(settings, "apiExecutionLogLevel", path, ("ERROR", "INFO")),
        api_data_trace=flag(settings, "apiDataTrace", path),
        alarm_error_rate_percent=number(settings, "alarmErrorRatePercent", path, 0.1, 100, kind=float),
        alarm_p99_latency_ms=number(settings, "alarmP99LatencyMs", path, 10, 29_000),
        alarm_concurrency=number(settings, "alarmConcurrency", path, 1, 10_000),
        canary_percent=number(settings, "canaryPercent", path, 0, 99),
        canary_minutes=number(settings, "canaryMinutes", path, 1, 60),
        reserved_concurrency=number(settings, "reservedConcurrency", path, 1, 10_000),
        waf_enabled=flag(settings, "wafEnabled", path),
        waf_rate_limit=number(settings, "wafRateLimit", path, 10, 2_000_000_000),
        allow_data_replacement=flag(settings, "allowDataReplacement", path),
        synthetics=_synthetics(settings, path),
        alert_emails=emails(settings, "alertEmails", path),
    )
    _check_consistency(config, path)
    return config


def _synthetics(settings: dict[str, Any], path: str) -> SyntheticsConfig:
    values = nested(settings, "synthetics", path, '"synthetics": {"everyMinutes": 5, "writes": true}')
    return SyntheticsConfig(
        every_minutes=number(values, "everyMinutes", f"{path}.synthetics", 1, MAX_SYNTHETICS_MINUTES),
        writes=flag(values, "writes", f"{path}.synthetics"),
    )


def _check_consistency(env: EnvironmentConfig, path: str) -> None:
    """Settings that must agree: the API's rate, the function's concurrency cap, the table's capacity."""
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
    if env.deletion_protection and not env.retain_data:
        # DeletionPolicy Delete on a table CloudFormation may not delete: the stack's deletion fails on it
        # ("Resource cannot be deleted as it is currently protected against deletion").
        raise ConfigError(f"{path}.retainData", "must be true where deletionProtection is (a protected table cannot "
                          "be deleted with its stack)", '"retainData": true')  # fmt: skip
    if env.alarm_concurrency > env.reserved_concurrency:
        raise ConfigError(f"{path}.alarmConcurrency", "must not exceed reservedConcurrency (it could never fire)",
                          f'"alarmConcurrency": {env.reserved_concurrency}')  # fmt: skip
