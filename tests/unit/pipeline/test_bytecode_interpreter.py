"""The synth step finds the image's python3.14 for the bundle's bytecode (pyenv's newest 3.14.x)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pipeline.build import BYTECODE_PYTHON, SYNTH

pytestmark = pytest.mark.component  # runs the build step's shell command


def _fake_pyenv(tmp_path: Path, versions: list[str]) -> dict[str, str]:
    root = tmp_path / "pyenv"
    for version in versions:
        interpreter = root / "versions" / version / "bin" / "python3.14"
        interpreter.parent.mkdir(parents=True)
        interpreter.touch()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pyenv = bin_dir / "pyenv"
    pyenv.write_text(f'#!/bin/sh\n[ "$1" = root ] && echo "{root}"\n')
    pyenv.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def _resolved(environment: dict[str, str]) -> str:
    command = f'BYTECODE_PYTHON={BYTECODE_PYTHON}; echo "$BYTECODE_PYTHON"'
    result = subprocess.run(["sh", "-c", command], check=True, env=environment, capture_output=True, text=True)
    return result.stdout.strip()


def test_the_newest_installed_python_3_14_compiles_the_bundle(tmp_path: Path) -> None:
    environment = _fake_pyenv(tmp_path, ["3.11.14", "3.14.2", "3.14.10", "3.13.9"])

    assert _resolved(environment) == str(tmp_path / "pyenv" / "versions" / "3.14.10" / "bin" / "python3.14")


def test_without_python_3_14_the_variable_is_empty_and_the_synth_requires_bytecode(tmp_path: Path) -> None:
    environment = _fake_pyenv(tmp_path, ["3.11.14"])

    assert _resolved(environment) == ""
    assert "BUNDLE_BYTECODE=required" in SYNTH  # so the bundler fails, naming the missing interpreter
