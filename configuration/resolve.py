"""From cdk.json's context to the app's configuration: production follows the first approval, `extends` merges
settings, names are unique and fit AWS's limits."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from configuration.aws_names import ENVIRONMENT_NAMES, PROJECT_NAMES, WAVE_NAMES, check_names, stage_id
from configuration.context import (
    MAX_RULES_PER_CONDITION,
    EnvironmentEntry,
    ProjectContext,
    ReleaseControls,
    WaveEntry,
)
from configuration.errors import ConfigError, from_validation_error
from configuration.model import AppConfig, EnvironmentConfig, SourceConfig, WaveConfig


class _Resolver:
    """Reads waves in order, remembering what the later ones may refer to (names taken, settings to extend)."""

    def __init__(self, project: str) -> None:
        self.project = project
        self.wave_ids: set[str] = set()
        self.stage_ids: set[str] = set()
        self.settings: dict[str, dict[str, Any]] = {}  # environment name -> its merged settings, as cdk.json keys
        self.production = False
        self.previous_size = 0  # environments of the wave before: an entry gate has one rule per environment

    def wave(self, wave: WaveEntry, path: str) -> WaveConfig:
        if stage_id(wave.name) in self.wave_ids:
            raise ConfigError(f"{path}.name", f"repeats the wave name {wave.name!r}", '"prod-eu"')
        check_names(WAVE_NAMES, self.project, wave.name, f"{path}.name")
        self.wave_ids.add(stage_id(wave.name))
        self.production = self.production or wave.approval
        environments = tuple(
            self.environment(env, f"{path}.environments[{index}]") for index, env in enumerate(wave.environments)
        )
        controls = self.controls(wave, path)
        self.previous_size = len(environments)
        return WaveConfig(name=wave.name, approval=wave.approval, environments=environments, controls=controls)

    def controls(self, wave: WaveEntry, path: str) -> ReleaseControls | None:
        """A production wave's controls (all on unless it says otherwise); a pre-production wave may not set any."""
        if self.production:
            controls = wave.release_controls or ReleaseControls()
            self._fit_one_condition(wave, controls, path)
            return controls
        if wave.release_controls is not None:
            raise ConfigError(
                f"{path}.releaseControls",
                "applies to production waves only (this wave and every later one after an approval)",
                '"approval": true',
            )
        return None

    def _fit_one_condition(self, wave: WaveEntry, controls: ReleaseControls, path: str) -> None:
        """A stage condition holds one rule per environment, and at most MAX_RULES_PER_CONDITION rules (botocore's
        codepipeline model: ConditionList exactly 1, RuleDeclarationList 1 to 5)."""
        if controls.bake_minutes and len(wave.environments) > MAX_RULES_PER_CONDITION:
            raise ConfigError(
                f"{path}.environments",
                f"has {len(wave.environments)} environments; a production wave's bake checks each with one rule, "
                f"and a stage condition takes at most {MAX_RULES_PER_CONDITION}: split the wave, or set "
                '"bakeMinutes": 0',
            )
        if controls.entry_gate and self.previous_size > MAX_RULES_PER_CONDITION:
            raise ConfigError(
                f"{path}.releaseControls.entryGate",
                f"would check the {self.previous_size} environments of the wave before, one rule each, and a stage "
                f"condition takes at most {MAX_RULES_PER_CONDITION}: split that wave, or turn the entry gate off",
                '"entryGate": false',
            )

    def environment(self, env: EnvironmentEntry, path: str) -> EnvironmentConfig:
        if env.name in self.settings or stage_id(env.name) in self.stage_ids:
            raise ConfigError(
                f"{path}.name", f"repeats the environment name {env.name!r} (names are unique)", '"prod-eu"'
            )
        check_names(ENVIRONMENT_NAMES, self.project, env.name, f"{path}.name")
        settings = self._settings(env, path)
        self.settings[env.name] = settings
        self.stage_ids.add(stage_id(env.name))
        placement = {"name": env.name, "account": env.account, "region": env.region, "production": self.production}
        try:
            return EnvironmentConfig.model_validate(placement | settings)
        except ValidationError as error:
            raise from_validation_error(EnvironmentConfig, error, f"{path}.settings") from None

    def _settings(self, env: EnvironmentEntry, path: str) -> dict[str, Any]:
        own: dict[str, Any] | None = env.settings.model_dump(exclude_unset=True) if env.settings is not None else None
        if env.extends is None:
            if own is None:
                raise ConfigError(f"{path}.settings", "is missing", '"settings": {"apiRateLimit": 100, ...}')
            return own
        if env.extends not in self.settings:
            raise ConfigError(f"{path}.extends", f"must name an earlier environment, got {env.extends!r}", '"prod"')
        return self.settings[env.extends] | (own or {})


def resolve(context: ProjectContext) -> AppConfig:
    """The app's configuration from a validated context (raises ConfigError for rules across keys)."""
    check_names(PROJECT_NAMES, context.project, context.project, "project")
    resolver = _Resolver(context.project)
    return AppConfig(
        project=context.project,
        owner=context.owner,
        cost_center=context.cost_center,
        region=context.region,
        pipeline_account=context.pipeline_account,
        source=SourceConfig(context.repository, context.branch, context.connection_arn),
        permissions_check=context.permissions_check,
        waves=tuple(resolver.wave(wave, f"waves[{index}]") for index, wave in enumerate(context.waves)),
        load_test=context.load_test,
    )
