"""The function's configuration: environment variables validated once, when the container starts."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from items_api import names

_TABLE_NAME = Field(min_length=3, max_length=255, pattern=r"^[A-Za-z0-9_.-]+$")
_ENVIRONMENT_VARIABLES = {
    "items_table_name": names.ENV_TABLE_NAME,
    "idempotency_table_name": names.ENV_IDEMPOTENCY_TABLE_NAME,
    "environment": names.ENV_ENVIRONMENT,
    "project_name": names.ENV_PROJECT_NAME,
    "service_name": names.ENV_SERVICE_NAME,
    "log_level": names.ENV_LOG_LEVEL,
    "metrics_namespace": names.ENV_METRICS_NAMESPACE,
}


class SettingsError(RuntimeError):
    """An environment variable is missing or malformed: the function cannot start."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    items_table_name: str = _TABLE_NAME
    idempotency_table_name: str = _TABLE_NAME
    environment: str = Field(min_length=1)
    project_name: str = Field(min_length=1)
    service_name: str = Field(min_length=1)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
    metrics_namespace: str = Field(min_length=1, max_length=255)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; SettingsError names every missing or malformed variable."""
    raw = {field: os.environ.get(variable) for field, variable in _ENVIRONMENT_VARIABLES.items()}
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        bad = sorted({_ENVIRONMENT_VARIABLES[str(detail["loc"][0])] for detail in error.errors()})
        raise SettingsError(f"missing or malformed environment variables: {', '.join(bad)}") from None
