"""The front door's toolchain checks (tools/toolchain.sh): Python >= 3.11, a venv rebuilt when an older Python made
it, and every Node tool on the pinned Node >= 22 with jsii's end-of-life warning left visible."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.build import NODE_VERSION

pytestmark = pytest.mark.component  # runs tools/toolchain.sh, node and git

PROJECT_ROOT = Path(__file__).resolve().parents[3]
SCRIPT = PROJECT_ROOT / "tools" / "toolchain.sh"
PINNED_NODE = PROJECT_ROOT / "node_modules" / ".bin" / "node"
EOL_BANNER = "is end-of-life and not supported anymore"


def _toolchain(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, check=False, env=env)


def _fake(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def test_a_python_older_than_3_11_is_refused_with_what_to_do(tmp_path: Path) -> None:
    old = _fake(tmp_path / "python3.10", 'case "$2" in *platform*) echo 3.10.14;; *) exit 1;; esac')

    result = _toolchain("venv", str(old), str(tmp_path / "venv"))

    assert result.returncode == 1
    assert "Python >= 3.11 is needed" in result.stderr and "3.10.14" in result.stderr
    assert "PYTHON=" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_a_venv_made_by_an_older_python_is_rebuilt(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    _fake(venv / "bin" / "python", 'case "$2" in *platform*) echo 3.10.14;; *) exit 1;; esac')

    result = _toolchain("venv", sys.executable, str(venv))

    assert result.returncode == 0, result.stderr
    assert "was made by Python 3.10.14, not >= 3.11: rebuilding it" in result.stdout
    rebuilt = subprocess.run([venv / "bin" / "python", "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True, check=True)  # fmt: skip
    assert rebuilt.stdout.strip() == str(sys.version_info[:2])


def test_a_node_older_than_22_is_refused(tmp_path: Path) -> None:
    result = _toolchain("node", str(_fake(tmp_path / "node", "echo 20.20.2")))

    assert result.returncode == 1
    assert "Node >= 22 is needed (jsii's support)" in result.stderr


def test_the_pinned_node_is_the_pipelines_major_version_and_passes() -> None:
    pinned = json.loads((PROJECT_ROOT / "package.json").read_text())["devDependencies"]["node"]
    result = _toolchain("node", str(PINNED_NODE))

    assert pinned.split(".")[0] == NODE_VERSION
    assert result.returncode == 0 and f"pinned Node {pinned}" in result.stdout


def test_nothing_hides_jsiis_end_of_life_warning() -> None:
    tracked = subprocess.run(["git", "grep", "-l", "JSII_SILENCE_WARNING"], cwd=PROJECT_ROOT, capture_output=True,
                             text=True, check=False).stdout.split()  # fmt: skip

    assert [path for path in tracked if not path.endswith("test_toolchain.py")] == []


def test_the_makefile_puts_the_pinned_node_first_on_path() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text()

    assert re.search(r"^export PATH := \$\(CURDIR\)/node_modules/\.bin:\$\(PATH\)$", makefile, re.MULTILINE)


def _import_cdk(path: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path}
    code = "import aws_cdk; aws_cdk.App()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env)


def test_the_cdk_runs_on_the_pinned_node_without_the_end_of_life_warning() -> None:
    result = _import_cdk(f"{PINNED_NODE.parent}{os.pathsep}{os.environ['PATH']}")

    assert result.returncode == 0, result.stderr
    assert EOL_BANNER not in result.stderr


def test_the_machines_older_node_would_show_the_warning() -> None:
    machine_path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if "node_modules" not in p)
    machine_node = shutil.which("node", path=machine_path)
    if machine_node is None:
        pytest.skip("this machine has no Node of its own")
    version = subprocess.run([machine_node, "--version"], capture_output=True, text=True, check=True).stdout
    if int(version.lstrip("v").split(".")[0]) >= 22:
        pytest.skip(f"this machine's Node {version.strip()} is supported by jsii")

    assert EOL_BANNER in _import_cdk(machine_path).stderr
