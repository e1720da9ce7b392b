"""What machine a benchmark ran on: CPU, core count, memory, load, interpreter and Node versions."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from configuration.paths import PROJECT_ROOT


def _cpuinfo_field(name: str) -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    except OSError:
        pass
    return "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True, cwd=PROJECT_ROOT).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


@dataclass(frozen=True)
class Machine:
    """A snapshot taken when the run starts; the load average is sampled again at the end."""

    cpu_model: str
    cpu_count: int
    memory_gib: float
    system: str
    python: str
    node: str
    commit: str
    started: str
    load_average: tuple[float, float, float]

    @classmethod
    def now(cls) -> Machine:
        return cls(
            cpu_model=_cpuinfo_field("model name"),
            cpu_count=os.cpu_count() or 0,
            memory_gib=_memory_gib(),
            system=platform.platform(),
            python=platform.python_version(),
            node=_output(["node", "--version"]),
            commit=_output(["git", "rev-parse", "--short", "HEAD"]),
            started=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            load_average=os.getloadavg(),
        )


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()
