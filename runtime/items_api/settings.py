"""The function's configuration: environment variables validated once, when the container starts.

Plain Python rather than a pydantic model: the settings are read by every cold start, and pydantic is imported
only where a request body is refused or the API is documented (docs/performance.md, "Cold request").
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from items_api import names

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")


class SettingsError(RuntimeError):
    """An environment variable is missing or malformed: the function cannot start."""


@dataclass(frozen=True)
class Settings:
    items_table_name: str
    idempotency_table_name: str
    environment: str
    project_name: str
    service_name: str
    log_level: str
    metrics_namespace: str


def _table_name(value: str) -> bool:
    return _TABLE_NAME.fullmatch(value) is not None


def _not_empty(value: str) -> bool:
    return len(value) >= 1


# Field -> (environment variable, rule its value must meet): DynamoDB's table name rule, a known log level,
# CloudWatch's 1-255 characters for a namespace, anything not empty for the rest.
_RULES: dict[str, tuple[str, Callable[[str], bool]]] = {
    "items_table_name": (names.ENV_TABLE_NAME, _table_name),
    "idempotency_table_name": (names.ENV_IDEMPOTENCY_TABLE_NAME, _table_name),
    "environment": (names.ENV_ENVIRONMENT, _not_empty),
    "project_name": (names.ENV_PROJECT_NAME, _not_empty),
    "service_name": (names.ENV_SERVICE_NAME, _not_empty),
    "log_level": (names.ENV_LOG_LEVEL, LOG_LEVELS.__contains__),
    "metrics_namespace": (names.ENV_METRICS_NAMESPACE, lambda value: 1 <= len(value) <= 255),
}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; SettingsError names every missing or malformed variable."""
    values: dict[str, str] = {}
    bad = []
    for field, (variable, valid) in _RULES.items():
        value = os.environ.get(variable)
        if value is None or not valid(value):
            bad.append(variable)
        else:
            values[field] = value
    if bad:
        raise SettingsError(f"missing or malformed environment variables: {', '.join(sorted(bad))}")
    return Settings(**values)
