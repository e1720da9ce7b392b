"""The context a cloud assembly was synthesized with, written beside it by the app, so that `make run` can tell an
assembly of cdk.json as it is from one synthesized with `-c` overrides (`cdk synth -c waves=@other.json`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from configuration.context import is_cdk_key

RECORD_NAME = "synth-context.json"
CLI_KEY_PREFIX = "aws:cdk:"  # what the CDK CLI adds to every synth (metadata switches, bundling), not configuration


def _configured(context: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in context.items() if not key.startswith(CLI_KEY_PREFIX)}


def record_context(assembly: Path, context: Mapping[str, Any]) -> None:
    """Write the context the app was given (cdk.json's, merged with any `-c`) into the assembly folder."""
    (assembly / RECORD_NAME).write_text(json.dumps(_configured(context), indent=1, sort_keys=True) + "\n")


def synthesized_with(assembly: Path, context: Mapping[str, Any]) -> bool:
    """True when the assembly was synthesized with every key of `context` at its value, and with no key of the app's
    besides (an assembly without a record is not). Keys the CDK adds itself (the CLI passes feature flags such as
    `@aws-cdk/core:failSynthOnValidationErrors`) may be extra."""
    try:
        recorded = json.loads((assembly / RECORD_NAME).read_text())
    except (OSError, json.JSONDecodeError):
        return False
    expected = json.loads(json.dumps(_configured(context)))
    extra = set(recorded) - set(expected)
    return all(recorded.get(key) == value for key, value in expected.items()) and all(map(is_cdk_key, extra))
