"""Typed configuration for the whole app, read once from cdk.json context (overridable with `-c`).

Every value is checked here, so a missing or malformed setting stops synth with a message that
names the key and shows an example, instead of failing later inside a construct. The environments
and the order they deploy in are data: cdk.json's `waves` (stages/wave_config.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stages.config_values import ConfigError, ContextSource, account, number, object_value, region, string
from stages.environment_config import EnvironmentConfig, SyntheticsConfig
from stages.role_names import api_test_role_name, api_test_runner_role_name
from stages.wave_config import WaveConfig, load_waves, stage_id

__all__ = [
    "AppConfig",
    "ConfigError",
    "ContextSource",
    "EnvironmentConfig",
    "LoadTestConfig",
    "SourceConfig",
    "SyntheticsConfig",
    "WaveConfig",
    "api_test_role_name",
    "api_test_runner_role_name",
    "load_config",
    "stage_id",
]

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,30}$")
# How the pipeline surfaces IAM broadening before an approved wave: "diff" (a security diff beside the previous
# wave's tests, shown in the approval) or "confirm" (CDK's ConfirmPermissionsBroadening beside the approval).
PERMISSIONS_CHECKS = ("diff", "confirm")


@dataclass(frozen=True)
class LoadTestConfig:
    """The pipeline's load test against each pre-production environment and the thresholds that fail it."""

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
    region: str  # the pipeline's region (each environment names its own)
    pipeline_account: str
    source: SourceConfig
    permissions_check: str
    waves: tuple[WaveConfig, ...]
    load_test: LoadTestConfig

    @property
    def environments(self) -> dict[str, EnvironmentConfig]:
        """Every environment by name, in deployment order."""
        return {env.name: env for wave in self.waves for env in wave.environments}

    def tags(self, environment: str) -> dict[str, str]:
        """Tags every resource of an environment carries."""
        return {
            "Project": self.project,
            "Environment": environment,
            "Owner": self.owner,
            "ManagedBy": "aws-cdk",
            "CostCenter": self.cost_center,
        }


def _load_test(ctx: ContextSource) -> LoadTestConfig:
    values = object_value(ctx, "loadTest", '{"clients": 4, "seconds": 60, "maxErrorRatePercent": 1, "maxP99Ms": 2000}')
    return LoadTestConfig(
        clients=number(values, "clients", "loadTest", 1, 64),
        seconds=number(values, "seconds", "loadTest", 5, 600),
        pause_ms=number(values, "pauseMs", "loadTest", 0, 10_000),
        max_error_rate_percent=number(values, "maxErrorRatePercent", "loadTest", 0, 100, kind=float),
        max_p99_ms=number(values, "maxP99Ms", "loadTest", 1, 29_000),
    )


def _source(ctx: ContextSource) -> SourceConfig:
    return SourceConfig(
        repository=string(
            ctx, "repository", '"my-org/items-api" (GitHub owner/name)', re.compile(r"^[\w.-]+/[\w.-]+$")
        ),
        branch=string(ctx, "branch", '"main"'),
        connection_arn=string(
            ctx,
            "connectionArn",
            '"arn:aws:codeconnections:us-east-1:123456789012:connection/<uuid>"',
            re.compile(r"^arn:aws[\w-]*:(codeconnections|codestar-connections):[\w-]+:\d{12}:connection/[\w-]+$"),
        ),
    )


def load_config(ctx: ContextSource) -> AppConfig:
    """Read and validate the app's configuration from CDK context."""
    project = string(ctx, "project", '"items-api" (lowercase, digits, dashes)', NAME_PATTERN)
    return AppConfig(
        project=project,
        owner=string(ctx, "owner", '"platform-team"'),
        cost_center=string(ctx, "costCenter", '"CC-1234"'),
        region=region(ctx.try_get_context("region"), "region"),
        pipeline_account=account(ctx.try_get_context("pipelineAccount"), "pipelineAccount"),
        source=_source(ctx),
        permissions_check=string(
            ctx, "permissionsCheck", '"diff" (or "confirm")', re.compile(f"^({'|'.join(PERMISSIONS_CHECKS)})$")
        ),
        waves=load_waves(ctx, project),
        load_test=_load_test(ctx),
    )
