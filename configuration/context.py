"""cdk.json's context as it is written: the closed models of its keys, each with bounds, choices and an example.

    "waves": [
      {"name": "dev", "environments": [
        {"name": "dev", "account": "222222222222", "region": "us-east-1", "settings": {"apiRateLimit": 100, ...}}]},
      {"name": "prod", "approval": true, "environments": [
        {"name": "prod", "account": "333333333333", "region": "us-east-1", "settings": {...}},
        {"name": "prod-eu", "account": "333333333333", "region": "eu-west-1", "extends": "prod", "settings": {}}]}
    ]

A wave with `"approval": true` waits for a person before it deploys; it and every later wave are production (smoke
tests after the deploy, not the whole suite). `extends` starts an environment's settings from an earlier
environment's, which its own `settings` then override key by key (configuration/resolve.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from configuration.base import ConfigModel
from configuration.errors import ConfigError
from configuration.regions import check_region, known_regions
from configuration.settings import SettingsOverrides

NAME = r"^[a-z][a-z0-9-]{0,30}$"
Account = Annotated[str, Field(pattern=r"^\d{12}$", examples=["123456789012"], description="a 12-digit account id")]
Region = Annotated[
    str,
    AfterValidator(check_region),
    Field(examples=["us-east-1"], json_schema_extra={"enum": sorted(known_regions())}),
]
# How the pipeline surfaces IAM broadening before an approved wave: "diff" (a security diff beside the previous
# wave's tests, shown in the approval) or "confirm" (CDK's ConfirmPermissionsBroadening beside the approval).
PermissionsCheck = Literal["diff", "confirm"]
# Keys that belong to the CDK itself rather than to this app: feature flags ("@aws-cdk/..."), the CLI's own settings
# ("aws:cdk:..."), cached lookups ("availability-zones:account=..."), and `cdk acknowledge`'s list.
CDK_KEYS = frozenset({"acknowledged-issue-numbers"})


def is_cdk_key(key: str) -> bool:
    return key in CDK_KEYS or key.startswith("@") or ":" in key


class LoadTestConfig(ConfigModel):
    """The pipeline's load test against each pre-production environment and the thresholds that fail it."""

    clients: int = Field(ge=1, le=64, examples=[4])
    seconds: int = Field(ge=5, le=600, examples=[60])
    pause_ms: int = Field(ge=0, le=10_000, examples=[500], description="each client's pause between requests")
    max_error_rate_percent: float = Field(ge=0, le=100, examples=[1])
    max_p99_ms: int = Field(ge=1, le=29_000, examples=[2000])


# The Commands rule that bakes a stage runs as a CodeBuild build, which times out after 55 minutes (CodePipeline's
# rule reference, "Commands"); the bake stays inside it with room for its own setup.
MAX_BAKE_MINUTES = 50
# A stage condition's rules: 1 to 5 (botocore's codepipeline model, RuleDeclarationList); the entry gate and the bake
# have one rule per environment checked, in the single condition a stage may have (ConditionList: exactly 1).
MAX_RULES_PER_CONDITION = 5
# Drift on the wave's deployed stacks before its deploy: stop the release, only print it, or skip the check.
DriftAction = Literal["stop", "warn", "off"]


class ReleaseControls(ConfigModel):
    """The stage-level controls of a production wave (docs/pipeline.md, "Release controls"); all on by default."""

    entry_gate: bool = Field(
        default=True, examples=[True], description="enter only while the previous wave's alarms and canary are OK"
    )
    bake_minutes: int = Field(
        default=30,
        ge=0,
        le=MAX_BAKE_MINUTES,
        examples=[30],
        description="after the smoke tests, minutes with no alarm firing before the stage succeeds; 0: no bake",
    )
    rollback: bool = Field(
        default=True, examples=[True], description="a failed stage rolls back to its last successful execution"
    )
    drift: DriftAction = Field(
        default="stop", examples=["stop"], description="drift on the wave's stacks before its deploy: stop or warn"
    )


class EnvironmentEntry(ConfigModel):
    """One environment as cdk.json writes it: where it runs, and its settings (or those it changes from `extends`)."""

    name: str = Field(pattern=NAME, examples=["prod-eu"], description="lowercase, digits, dashes")
    account: Account
    region: Region
    extends: str | None = Field(default=None, examples=["prod"], description="an earlier environment's name")
    settings: SettingsOverrides | None = Field(default=None, examples=[{"apiRateLimit": 100}])


class WaveEntry(ConfigModel):
    """One wave: the environments it deploys in parallel, and whether a manual approval precedes it."""

    name: str = Field(pattern=NAME, examples=["prod"], description="lowercase, digits, dashes")
    approval: bool = Field(default=False, examples=[True])
    environments: list[EnvironmentEntry] = Field(min_length=1)
    release_controls: ReleaseControls | None = Field(
        default=None,
        examples=[{"bakeMinutes": 30}],
        description="production waves only; absent: every control on with its default",
    )


class ProjectContext(ConfigModel):
    """The whole of cdk.json's `context` that this app reads; any other key is an error unless it is the CDK's own."""

    project: str = Field(pattern=r"^[a-z][a-z0-9-]{1,30}$", examples=["items-api"], description="lowercase, dashes")
    owner: str = Field(min_length=1, examples=["platform-team"])
    cost_center: str = Field(min_length=1, examples=["CC-1234"])
    region: Region = Field(description="the pipeline's region (each environment names its own)")
    pipeline_account: Account
    repository: str = Field(pattern=r"^[\w.-]+/[\w.-]+$", examples=["my-org/items-api"], description="owner/name")
    branch: str = Field(min_length=1, examples=["main"])
    connection_arn: str = Field(
        pattern=r"^arn:aws[\w-]*:(codeconnections|codestar-connections):[\w-]+:\d{12}:connection/[\w-]+$",
        examples=["arn:aws:codeconnections:us-east-1:123456789012:connection/<uuid>"],
    )
    permissions_check: PermissionsCheck = Field(examples=["diff"])
    waves: list[WaveEntry] = Field(min_length=1)
    load_test: LoadTestConfig = Field(examples=[{"clients": 4, "seconds": 60, "maxErrorRatePercent": 1}])

    @model_validator(mode="before")
    @classmethod
    def _app_keys(cls, values: Any) -> Any:
        """Drop the CDK's own keys, and parse structured values given on the command line: `-c key='<json>'`
        arrives as a JSON string, `-c key=@<file>` names a JSON file (the CLI keeps one line of a value)."""
        if not isinstance(values, dict):
            return values
        structured = {"waves", "loadTest"}
        return {
            key: _parsed(key, value) if key in structured and isinstance(value, str) else value
            for key, value in values.items()
            if not is_cdk_key(key)
        }


def _parsed(key: str, value: str) -> Any:
    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text()
        except OSError as error:
            raise ConfigError(key, f"names a file that cannot be read ({error.strerror}: {value[1:]})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(key, f"is not valid JSON ({error.msg})") from None
