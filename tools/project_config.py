"""The app's configuration read straight from cdk.json, for tools that run outside `cdk` (no CDK import)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stages.config import AppConfig, load_config

CDK_JSON = Path(__file__).resolve().parent.parent / "cdk.json"


@dataclass(frozen=True)
class FileContext:
    """cdk.json's context, offering the one method `load_config` needs."""

    values: dict[str, Any]

    def try_get_context(self, key: str) -> Any:
        return self.values.get(key)


def load_project_config(cdk_json: Path = CDK_JSON, overrides: Mapping[str, Any] | None = None) -> AppConfig:
    """Validate and return the configuration exactly as `cdk synth` would see it, with `-c` style overrides."""
    return load_config(FileContext(json.loads(cdk_json.read_text())["context"] | dict(overrides or {})))


def context_overrides(assignments: Sequence[str]) -> dict[str, str]:
    """`key=value` pairs as `cdk -c` takes them."""
    found = {}
    for assignment in assignments:
        key, separator, value = assignment.partition("=")
        if not separator or not key:
            raise ValueError(f"a context override is key=value, got {assignment!r}")
        found[key] = value
    return found
