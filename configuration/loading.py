"""The one way to read the configuration: from cdk.json (tools, tests, the local stack) or from the CDK app's
context (synth, where `-c key=value` overrides arrive). Neither imports aws_cdk."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from configuration.context import ProjectContext
from configuration.errors import ConfigError, from_validation_error
from configuration.model import AppConfig
from configuration.paths import CDK_JSON
from configuration.resolve import resolve


def load_config(context: Mapping[str, Any]) -> AppConfig:
    """Validate a whole context (cdk.json's, plus any overrides) and resolve it; raises ConfigError."""
    try:
        validated = ProjectContext.model_validate(dict(context))
    except ValidationError as error:
        raise from_validation_error(ProjectContext, error) from None
    return resolve(validated)


def project_context(cdk_json: Path = CDK_JSON) -> dict[str, Any]:
    """cdk.json's `context` object as written."""
    try:
        document = json.loads(cdk_json.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise ConfigError(str(cdk_json), f"cannot be read as JSON ({error})") from None
    context = document.get("context") if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise ConfigError("context", f"is missing from {cdk_json}")
    return context


def load_project_config(cdk_json: Path = CDK_JSON, overrides: Mapping[str, Any] | None = None) -> AppConfig:
    """The configuration exactly as `cdk synth` would see it, with `-c` style overrides."""
    return load_config(project_context(cdk_json) | dict(overrides or {}))


def context_overrides(assignments: Sequence[str]) -> dict[str, str]:
    """`key=value` pairs as `cdk -c` takes them."""
    found = {}
    for assignment in assignments:
        key, separator, value = assignment.partition("=")
        if not separator or not key:
            raise ConfigError(assignment, "is not a context override: write key=value")
        found[key] = value
    return found


@contextmanager
def reported() -> Iterator[None]:
    """Around a command's work: a configuration error ends it with the message on stderr and exit code 2, no
    traceback (the message already names the key and an example)."""
    try:
        yield
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
