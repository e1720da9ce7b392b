"""The Node tools the pipeline installs, as package-lock.json locks them. No CDK import: the assets rehearsal
(rehearsal/assets.py) reads the same entries to run the same versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LOCKFILE = Path(__file__).resolve().parent.parent / "package-lock.json"


def locked_package(name: str, lockfile: Path = LOCKFILE) -> dict[str, Any]:
    """The lock's entry for a top-level npm package (its version, integrity and dependencies)."""
    return dict(json.loads(lockfile.read_text())["packages"][f"node_modules/{name}"])


def locked_version(name: str, lockfile: Path = LOCKFILE) -> str:
    return str(locked_package(name, lockfile)["version"])
