"""Front-door commands given something wrong (an unknown stage, a missing file) end with one `error:` line and a
non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from configuration.paths import PROJECT_ROOT
from local.database.dynalite import free_port


def _commands(assembly: Path) -> dict[str, list[str]]:
    """Each command as its make target runs it, with one wrong input."""
    return {
        "make run STAGE=unknown": ["-m", "local", "run", "--stage", "unknown", "--assembly", str(assembly),
                                   "--port", str(free_port())],
        "make release-check STAGE=unknown": ["-m", "local.release_check", "--stage", "unknown",
                                             "--assembly", str(assembly)],
        "make release-check without cdk.out": ["-m", "local.release_check", "--assembly", str(assembly / "missing")],
        "make local-shell STAGE=unknown": ["-m", "local", "shell", "--stage", "unknown", "--", "true"],
        "make verify with a missing waves file": ["-m", "verify", "--assembly", str(assembly),
                                                  "-c", "waves=@missing-waves.json"],
        "make load without cdk.out": ["-m", "reliability.load", "--assembly", str(assembly / "missing")],
    }  # fmt: skip


@pytest.mark.parametrize("name", list(_commands(Path("cdk.out"))))
def test_a_front_door_command_with_a_wrong_input_says_why_without_a_traceback(assembly: Path, name: str) -> None:
    command = [sys.executable, *_commands(assembly)[name]]

    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, timeout=120)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "error: " in result.stderr
