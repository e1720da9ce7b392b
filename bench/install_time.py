"""First install with empty caches, as the pipeline's build step does it: a fresh venv with the pinned Python packages,
and `npm ci`, by the installer `make install` uses (uv) against the one it used before (pip).

Each run copies the pinned files into a temporary folder and installs there with caches of its own (empty), so
nothing of this checkout is touched and every download really comes from the registries; runs alternate.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from configuration.paths import PROJECT_ROOT

# Every file `make install` reads: the installer's lock and the dev lock (complete, hashed), and npm's.
PINNED_FILES = ("requirements-uv.txt", "requirements-dev.txt", "package.json", "package-lock.json")


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
        bootstrap = [python, "-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps"]
        _run([*bootstrap, "-r", "requirements-uv.txt"], folder, environment)
        uv = str(venv / "bin" / "uv")
        command = [uv, "pip", "sync", "--quiet", "--python", python, "--compile-bytecode", "--require-hashes"]
    else:
        command = [python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r"]
    _run([*command, "requirements-dev.txt"], folder, environment)
    return time.perf_counter() - started


def _npm_ci(folder: Path, environment: dict[str, str]) -> float:
    started = time.perf_counter()
    _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], folder, environment)
    return time.perf_counter() - started


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
