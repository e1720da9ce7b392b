"""First install with empty caches, as the pipeline's build step does it: a fresh venv with the pinned Python packages,
and `npm ci`, by the installer `make install` uses (uv) against the one it used before (pip).

Each run copies the pinned files into a temporary folder and installs there with caches of its own (empty), so
nothing of this checkout is touched and every download really comes from the registries; runs alternate.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.machine import PROJECT_ROOT

# Every file `make install` reads (requirements-dev.txt includes the other requirements files).
PINNED_FILES = (
    *sorted(path.name for path in PROJECT_ROOT.glob("requirements*.txt")),
    "runtime/requirements.txt",
    "package.json",
    "package-lock.json",
)
UV_VERSION = re.search(r"^UV_VERSION := (\S+)$", (PROJECT_ROOT / "Makefile").read_text(), re.MULTILINE)


class InstallError(RuntimeError):
    """An install failed; the message carries the end of its output."""


@dataclass(frozen=True)
class InstallTimes:
    """Seconds per run: the Python packages by each installer, and npm ci."""

    uv: list[float]
    pip: list[float]
    npm: list[float]


def _run(command: list[str], folder: Path, environment: dict[str, str]) -> None:
    result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise InstallError(f"{' '.join(command[:4])} failed ({result.returncode}): {result.stderr[-2000:]}")


def _python_install(installer: str, folder: Path, environment: dict[str, str]) -> float:
    venv = folder / ".venv"
    python = str(venv / "bin" / "python")
    started = time.perf_counter()
    _run([sys.executable, "-m", "venv", str(venv)], folder, environment)
    if installer == "uv":
        _run([python, "-m", "pip", "install", "--quiet", f"uv=={uv_version()}"], folder, environment)
        uv = str(venv / "bin" / "uv")
        command = [uv, "pip", "install", "--quiet", "--python", python, "--compile-bytecode"]
    else:
        command = [python, "-m", "pip", "install", "--quiet"]
    _run([*command, "-r", "requirements-dev.txt"], folder, environment)
    return time.perf_counter() - started


def _npm_ci(folder: Path, environment: dict[str, str]) -> float:
    started = time.perf_counter()
    _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], folder, environment)
    return time.perf_counter() - started


def uv_version() -> str:
    if UV_VERSION is None:
        raise InstallError("the Makefile pins no UV_VERSION")
    return UV_VERSION.group(1)


def measure(runs: int = 1) -> InstallTimes:
    times: dict[str, list[float]] = {"uv": [], "pip": [], "npm": []}
    for run in range(runs):
        for installer in ("uv", "pip") if run % 2 == 0 else ("pip", "uv"):
            with tempfile.TemporaryDirectory(prefix="items-bench-install-") as name:
                folder = Path(name)
                for pinned in PINNED_FILES:
                    (folder / pinned).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(PROJECT_ROOT / pinned, folder / pinned)
                caches = {"PIP_CACHE_DIR": "pip", "UV_CACHE_DIR": "uv", "npm_config_cache": "npm"}
                environment = {**os.environ, **{key: str(folder / "cache" / sub) for key, sub in caches.items()}}
                times[installer].append(_python_install(installer, folder, environment))
                if installer == "uv":
                    times["npm"].append(_npm_ci(folder, environment))
            print(f"  first install, {installer}: {times[installer][-1]:.0f} s", flush=True)
    return InstallTimes(**times)
