"""One environment's settings (the `settings` object of an environment in cdk.json's waves): bounds, choices, and
the rules that tie settings together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

import annotated_types
from pydantic import Field, Strict, create_model, model_validator
from pydantic.fields import FieldInfo

from configuration.base import ConfigModel
from configuration.errors import SettingsRuleError

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
# An address SNS can send to: one @, no spaces, a dotted domain (SNS confirms each subscription by email).
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="an email address")]
# Each request reads or writes at most about one capacity unit (items up to 1 KB; docs/capacity.md), and table
# autoscaling keeps utilization near this share of the provisioned capacity. The data construct scales to it too.
AUTOSCALING_TARGET_UTILIZATION_PERCENT = 70
# CloudWatch Synthetics schedules run from rate(1 minute) to rate(1 hour) (ScheduleExpression, CreateCanary API).
MAX_SYNTHETICS_MINUTES = 60


class SyntheticsConfig(ConfigModel):
    """The environment's synthetic check: how often it runs, and whether it also creates and deletes a marked item."""

    every_minutes: int = Field(ge=1, le=MAX_SYNTHETICS_MINUTES, examples=[5])
    writes: bool = Field(examples=[True])


class EnvironmentSettings(ConfigModel):
    """Every setting an environment's stage is built from; all are required (an `extends` supplies the rest)."""

    api_rate_limit: int = Field(ge=1, le=10_000, examples=[100], description="API Gateway steady-state requests/s")
    api_burst_limit: int = Field(ge=1, le=20_000, examples=[200], description="API Gateway burst; >= apiRateLimit")
    log_level: LogLevel = Field(examples=["INFO"], description="the function's log level")
    lambda_memory_mb: int = Field(ge=128, le=10_240, examples=[512])
    snap_start: bool = Field(examples=[True], description="SnapStart on published versions (docs/performance.md)")
    lambda_timeout_seconds: int = Field(ge=1, le=29, examples=[10], description="at most API Gateway's 29 s")
    log_retention_days: int = Field(ge=1, le=3653, examples=[14])
    table_read_capacity: int = Field(ge=1, le=40_000, examples=[5])
    table_write_capacity: int = Field(ge=1, le=40_000, examples=[5])
    table_max_capacity: int = Field(ge=1, le=40_000, examples=[150], description="autoscaling's ceiling")
    autoscaling: bool = Field(examples=[True])
    retain_data: bool = Field(examples=[True])
    deletion_protection: bool = Field(examples=[True])
    api_execution_log_level: Literal["ERROR", "INFO"] = Field(examples=["INFO"])
    api_data_trace: bool = Field(examples=[False])
    alarm_error_rate_percent: float = Field(ge=0.1, le=100, examples=[5])
    alarm_p99_latency_ms: int = Field(ge=10, le=29_000, examples=[1000])
    alarm_concurrency: int = Field(ge=1, le=10_000, examples=[8], description="at most reservedConcurrency")
    canary_percent: int = Field(ge=0, le=99, examples=[10], description="0: shift all traffic at once")
    canary_minutes: int = Field(ge=1, le=60, examples=[5])
    reserved_concurrency: int = Field(ge=1, le=10_000, examples=[10])
    waf_enabled: bool = Field(examples=[True])
    waf_rate_limit: int = Field(ge=10, le=2_000_000_000, examples=[3000], description="requests per IP in 5 minutes")
    allow_data_replacement: bool = Field(examples=[False], description="a change that replaces the table may deploy")
    synthetics: SyntheticsConfig = Field(examples=[{"everyMinutes": 5, "writes": True}])
    alert_emails: tuple[Email, ...] = Field(  # not strict: a JSON list is what arrives, a tuple what stays
        default=(), strict=False, examples=[["oncall@example.com"]], description="subscribed to the alert topic"
    )

    @model_validator(mode="after")
    def _consistent(self) -> EnvironmentSettings:
        """Settings that must agree: the API's rate, the function's concurrency cap, the table's capacity."""
        if self.api_burst_limit < self.api_rate_limit:
            raise SettingsRuleError("apiBurstLimit", "must be at least apiRateLimit", '"apiBurstLimit": 2000')
        if self.table_max_capacity < max(self.table_read_capacity, self.table_write_capacity):
            raise SettingsRuleError(
                "tableMaxCapacity", "must be at least the table's capacity", '"tableMaxCapacity": 50'
            )
        share = AUTOSCALING_TARGET_UTILIZATION_PERCENT / 100
        needed = self.api_rate_limit / share
        low = min(self.table_read_capacity, self.table_write_capacity)
        capacity = self.table_max_capacity if self.autoscaling else low
        if capacity < needed:
            raise SettingsRuleError(
                "tableMaxCapacity" if self.autoscaling else "tableReadCapacity",
                f"must be at least apiRateLimit / {share} = {needed:.0f} (see docs/capacity.md)",
                f'"tableMaxCapacity": {int(needed) + 1}',
            )
        if self.deletion_protection and not self.retain_data:
            # DeletionPolicy Delete on a table CloudFormation may not delete: the stack's deletion fails on it
            # ("Resource cannot be deleted as it is currently protected against deletion").
            raise SettingsRuleError(
                "retainData",
                "must be true where deletionProtection is (a protected table cannot be deleted with its stack)",
                '"retainData": true',
            )
        if len(set(self.alert_emails)) != len(self.alert_emails):
            raise SettingsRuleError("alertEmails", "lists an address twice", '"alertEmails": ["oncall@example.com"]')
        if self.alarm_concurrency > self.reserved_concurrency:
            raise SettingsRuleError(
                "alarmConcurrency",
                "must not exceed reservedConcurrency (it could never fire)",
                f'"alarmConcurrency": {self.reserved_concurrency}',
            )
        return self


def _optional(info: FieldInfo) -> tuple[Any, FieldInfo]:
    """The same field with its bounds, but optional: absent is None (defaults are not validated), while an explicit
    `null` is still refused as the wrong type, so the schema and the model agree that a setting is never null."""
    bounds: dict[str, Any] = {
        "ge": next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None),
        "le": next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None),
    }
    strict = next((m.strict for m in info.metadata if isinstance(m, Strict)), None)
    described: dict[str, Any] = {"examples": info.examples, "description": info.description, "strict": strict}
    return info.annotation, Field(default=None, **described, **bounds)


# The same keys, each optional: what an environment writes under `settings` (with `extends`, only what it changes).
_OPTIONAL_FIELDS: dict[str, Any] = {name: _optional(info) for name, info in EnvironmentSettings.model_fields.items()}
if TYPE_CHECKING:
    # A model built at run time is no type to a checker: to it, the overrides are what they derive from.
    SettingsOverrides = ConfigModel
else:
    SettingsOverrides = create_model(
        "SettingsOverrides",
        __base__=ConfigModel,
        __doc__="An environment's own settings; with `extends`, only those it changes from the environment it extends.",
        **_OPTIONAL_FIELDS,
    )
