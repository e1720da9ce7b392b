"""The configuration as the app uses it: waves in order, each environment with its merged, checked settings."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from configuration.context import Account, LoadTestConfig, Region, ReleaseControls
from configuration.settings import EnvironmentSettings


class EnvironmentConfig(EnvironmentSettings):
    """Where one environment runs, whether it is production, and the settings its stage is built from."""

    name: str
    account: Account
    region: Region
    production: bool = Field(description="behind a manual approval: its wave or an earlier one has one")


@dataclass(frozen=True)
class WaveConfig:
    """One wave: the environments it deploys in parallel, and whether a manual approval precedes it."""

    name: str
    approval: bool
    environments: tuple[EnvironmentConfig, ...]
    controls: ReleaseControls | None = None  # a production wave's release controls; None before the first approval


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
