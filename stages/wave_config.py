"""cdk.json's `waves`: the ordered deployment waves, each a set of environments deployed side by side.

    "waves": [
      {"name": "dev", "environments": [
        {"name": "dev", "account": "222222222222", "region": "us-east-1", "settings": {"apiRateLimit": 100, ...}}]},
      {"name": "prod", "approval": true, "environments": [
        {"name": "prod", "account": "333333333333", "region": "us-east-1", "settings": {...}},
        {"name": "prod-eu", "account": "333333333333", "region": "eu-west-1", "extends": "prod", "settings": {}}]}
    ]

A wave with `"approval": true` waits for a person before it deploys; it and every later wave are production (smoke
tests after the deploy, not the whole suite). `extends` starts an environment's settings from an earlier
environment's, which its own `settings` then override key by key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stages.config_values import ConfigError, ContextSource, account, checked_string, flag, json_value, region
from stages.environment_config import EnvironmentConfig, Placement, environment_config
from stages.role_names import IAM_ROLE_NAME_LIMIT, api_test_runner_role_name

WAVE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
ENVIRONMENT_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
EXAMPLE = (
    '[{"name": "dev", "environments": [{"name": "dev", "account": "222222222222", "region": "us-east-1", '
    '"settings": {...}}]}, {"name": "prod", "approval": true, "environments": [...]}]'
)


@dataclass(frozen=True)
class WaveConfig:
    """One wave: the environments it deploys in parallel, and whether a manual approval precedes it."""

    name: str
    approval: bool
    environments: tuple[EnvironmentConfig, ...]


def stage_id(name: str) -> str:
    """The PascalCase id of a wave's pipeline stage or an environment's CDK stage: prod-eu -> ProdEu."""
    return "".join(part.capitalize() for part in name.split("-"))


def load_waves(ctx: ContextSource, project: str) -> tuple[WaveConfig, ...]:
    waves = json_value(ctx, "waves", EXAMPLE)
    if not isinstance(waves, list) or not waves:
        raise ConfigError("waves", "must be a non-empty list of waves", EXAMPLE)
    reader = _WaveReader(project)
    return tuple(reader.wave(wave, f"waves[{index}]") for index, wave in enumerate(waves))


class _WaveReader:
    """Reads waves in order, remembering what the later ones may refer to (names taken, settings to extend)."""

    def __init__(self, project: str) -> None:
        self.project = project
        self.wave_ids: set[str] = set()
        self.settings: dict[str, dict[str, Any]] = {}  # environment name -> its merged raw settings
        self.stage_ids: set[str] = set()
        self.production = False

    def wave(self, wave: Any, path: str) -> WaveConfig:
        if not isinstance(wave, dict):
            raise ConfigError(path, "must be an object", '{"name": "dev", "environments": [...]}')
        name = checked_string(wave.get("name"), f"{path}.name", '"dev" (lowercase, digits, dashes)', WAVE_NAME)
        if stage_id(name) in self.wave_ids:
            raise ConfigError(f"{path}.name", f"repeats the wave name {name!r}", '"prod-eu"')
        self.wave_ids.add(stage_id(name))
        approval = flag(wave, "approval", path, default=False)
        self.production = self.production or approval
        environments = wave.get("environments")
        if not isinstance(environments, list) or not environments:
            raise ConfigError(f"{path}.environments", "must be a non-empty list of environments", EXAMPLE)
        return WaveConfig(
            name=name,
            approval=approval,
            environments=tuple(
                self.environment(env, f"{path}.environments[{index}]") for index, env in enumerate(environments)
            ),
        )

    def environment(self, env: Any, path: str) -> EnvironmentConfig:
        if not isinstance(env, dict):
            raise ConfigError(path, "must be an object", '{"name": "dev", "account": "...", "settings": {...}}')
        name = checked_string(
            env.get("name"), f"{path}.name", '"prod-eu" (lowercase, digits, dashes)', ENVIRONMENT_NAME
        )
        if name in self.settings or stage_id(name) in self.stage_ids:
            raise ConfigError(f"{path}.name", f"repeats the environment name {name!r} (names are unique)", '"prod-eu"')
        longest = api_test_runner_role_name(self.project, name)  # the longest IAM role name an environment gets
        if len(longest) > IAM_ROLE_NAME_LIMIT:
            limit = IAM_ROLE_NAME_LIMIT - len(longest) + len(name)
            raise ConfigError(
                f"{path}.name", f"is too long: at most {limit} characters with this project name", '"prod-eu"'
            )
        settings = self._settings(env, path)
        self.settings[name] = settings
        self.stage_ids.add(stage_id(name))
        placement = Placement(
            name=name,
            account=account(env.get("account"), f"{path}.account"),
            region=region(env.get("region"), f"{path}.region"),
            production=self.production,
        )
        return environment_config(placement, settings, f"{path}.settings")

    def _settings(self, env: dict[str, Any], path: str) -> dict[str, Any]:
        own = env.get("settings", {} if "extends" in env else None)
        if not isinstance(own, dict):
            raise ConfigError(f"{path}.settings", "must be an object", '"settings": {"apiRateLimit": 100, ...}')
        if "extends" not in env:
            return own
        base = env["extends"]
        if base not in self.settings:
            raise ConfigError(f"{path}.extends", f"must name an earlier environment, got {base!r}", '"extends": "prod"')
        return self.settings[base] | own
