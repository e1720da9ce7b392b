"""Readers for cdk.json context values: each checks one value and, when it is wrong, names its key and an example."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Protocol

from aws_cdk import region_info

ACCOUNT_PATTERN = re.compile(r"^\d{12}$")


class ConfigError(ValueError):
    """A context value is missing or malformed; the message names the key and an example."""

    def __init__(self, key: str, problem: str, example: str) -> None:
        super().__init__(f"cdk.json context '{key}' {problem}. Example: {example}")


class ContextSource(Protocol):
    """What `App.node` offers: context lookup by key."""

    def try_get_context(self, key: str) -> Any: ...


def require(ctx: ContextSource, key: str, example: str) -> Any:
    value = ctx.try_get_context(key)
    if value is None or value == "":
        raise ConfigError(key, "is missing", example)
    return value


def string(ctx: ContextSource, key: str, example: str, pattern: re.Pattern[str] | None = None) -> str:
    value = require(ctx, key, example)
    return checked_string(value, key, example, pattern)


def checked_string(value: Any, key: str, example: str, pattern: re.Pattern[str] | None = None) -> str:
    if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
        raise ConfigError(key, f"is malformed ({value!r})", example)
    return value


def account(value: Any, key: str) -> str:
    if value is None or value == "":
        raise ConfigError(key, "is missing", '"123456789012" (12 digits)')
    if not ACCOUNT_PATTERN.match(str(value)):
        raise ConfigError(key, f"must be a 12-digit AWS account id, got {value!r}", '"123456789012"')
    return str(value)


def region(value: Any, key: str) -> str:
    """A region that aws-cdk-lib knows (its region facts), so a typo fails here, not at deploy."""
    if value is None or value == "":
        raise ConfigError(key, "is missing", '"us-east-1"')
    if value not in {known.name for known in region_info.RegionInfo.regions}:
        raise ConfigError(key, f"is not a known AWS region ({value!r})", '"us-east-1"')
    return str(value)


def json_value(ctx: ContextSource, key: str, example: str) -> Any:
    """A structured value; `-c key='<json>'` on the command line delivers it as a JSON string, and
    `-c key=@<file>` names a JSON file (the CDK CLI keeps only the first line of a multi-line value)."""
    value = require(ctx, key, example)
    if not isinstance(value, str):
        return value
    if value.startswith("@"):
        try:
            value = Path(value[1:]).read_text()
        except OSError as error:
            raise ConfigError(
                key, f"names a file that cannot be read ({error.strerror}: {value[1:]})", example
            ) from None
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise ConfigError(key, f"is not valid JSON ({error.msg})", example) from None


def object_value(ctx: ContextSource, key: str, example: str) -> dict[str, Any]:
    value = json_value(ctx, key, example)
    if not isinstance(value, dict):
        raise ConfigError(key, "must be an object", example)
    return value


def nested(settings: dict[str, Any], key: str, path: str, example: str) -> dict[str, Any]:
    value = settings.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"{path}.{key}", "must be an object" if key in settings else "is missing", example)
    return value


def number(settings: dict[str, Any], key: str, path: str, low: float, high: float, *, kind: type = int) -> Any:
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


def flag(settings: dict[str, Any], key: str, path: str, *, default: bool | None = None) -> bool:
    value = settings.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{path}.{key}", f"must be true or false, got {value!r}", f'"{key}": true')
    return value


def choice(settings: dict[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str:
    value = settings.get(key)
    if value not in choices:
        raise ConfigError(
            f"{path}.{key}", f"must be one of {', '.join(choices)}, got {value!r}", f'"{key}": "{choices[1]}"'
        )
    return value


# An address SNS can send to: one @, no spaces, a dotted domain (SNS confirms each subscription by email).
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def emails(settings: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    """A list of distinct email addresses, empty when the key is absent."""
    value = settings.get(key, [])
    example = f'"{key}": ["oncall@example.com"]'
    if not isinstance(value, list):
        raise ConfigError(f"{path}.{key}", f"must be a list of email addresses, got {value!r}", example)
    for index, address in enumerate(value):
        if not isinstance(address, str) or not EMAIL.match(address):
            raise ConfigError(f"{path}.{key}[{index}]", f"is not an email address: {address!r}", example)
    if len(set(value)) != len(value):
        raise ConfigError(f"{path}.{key}", "lists an address twice", example)
    return tuple(value)
