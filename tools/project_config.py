"""The app's configuration read straight from cdk.json, for tools that run outside `cdk` (no CDK import)."""

from __future__ import annotations

import json
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


def load_project_config(cdk_json: Path = CDK_JSON) -> AppConfig:
    """Validate and return the configuration exactly as `cdk synth` would see it (without `-c` overrides)."""
    return load_config(FileContext(json.loads(cdk_json.read_text())["context"]))
