"""The pre-commit configuration is valid, downloads nothing, and runs ruff, the secrets gate and the runtime tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.unit.supplychain.conftest import PROJECT_ROOT

CONFIG = PROJECT_ROOT / ".pre-commit-config.yaml"


def _hooks() -> list[dict]:
    return [hook for repo in yaml.safe_load(CONFIG.read_text())["repos"] for hook in repo["hooks"]]


@pytest.mark.component  # runs pre-commit
def test_pre_commit_accepts_the_configuration() -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"

    result = subprocess.run(
        [str(pre_commit), "validate-config", str(CONFIG)], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_every_hook_is_local_so_pre_commit_downloads_nothing() -> None:
    repos = yaml.safe_load(CONFIG.read_text())["repos"]

    assert {repo["repo"] for repo in repos} == {"local"}
    assert {hook["language"] for hook in _hooks()} == {"unsupported"}  # pre-commit builds no environment


def test_the_hooks_run_ruff_the_secrets_gate_and_the_runtime_tests_from_the_venv() -> None:
    entries = {hook["id"]: hook["entry"] for hook in _hooks()}

    assert entries == {
        "ruff-check": ".venv/bin/ruff check --force-exclude",
        "ruff-format": ".venv/bin/ruff format --check --force-exclude",
        "secrets": ".venv/bin/python -m supplychain.secret_scan",
        "runtime-unit-tests": ".venv/bin/python -m pytest tests/unit/runtime -q -x -p no:cacheprovider",
    }
