"""Helpers of the supply-chain gate tests: run a gate the way make and the pipeline do, as `python -m supplychain.*`."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tiers import component

PROJECT_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class GateRun:
    returncode: int
    output: str


def run_gate(module: str, *args: str, cwd: Path = PROJECT_ROOT, env: dict[str, str] | None = None) -> GateRun:
    """Run `python -m supplychain.<module>` with the project importable from any working directory."""
    environment = {**os.environ, **(env or {}), "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", f"supplychain.{module}", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    return GateRun(result.returncode, result.stdout + result.stderr)


@pytest.fixture
@component("runs a gate as a process, as make does")
def gate():
    return run_gate
