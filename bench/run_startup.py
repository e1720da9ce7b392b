"""`make run` start-up: seconds from the command to the first HTTP answer, with nothing changed against a fresh synth.

"Unchanged" is `make run` right after another one: cdk.out's record matches the sources, so it skips the synth.
"Synthesizing" is `make run` once the record is gone (as before, when every `make run` synthesized first). Runs
alternate. The clock stops at the first answer of the API port (an unsigned GET, answered 403 by the local
gateway); then the run is stopped with Ctrl-C (SIGINT to its process group), as a person would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.machine import PROJECT_ROOT
from local.database import free_port
from local.synth_inputs import forget

ASSEMBLY = PROJECT_ROOT / "cdk.out"
SERVING_TIMEOUT_SECONDS = 180.0


class StartupError(RuntimeError):
    """`make run` did not serve in time; the message points at its output."""


@dataclass(frozen=True)
class StartupTimes:
    unchanged: list[float]
    synthesizing: list[float]


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)  # noqa: S310 - a loopback URL this module builds
    except urllib.error.HTTPError:
        return True  # any HTTP answer means the gateway serves
    except OSError:
        return False
    return True


def _time_make_run(log_path: Path) -> float:
    port = free_port()
    url = f"http://127.0.0.1:{port}/dev/items"
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            while not _answers(url):
                if process.poll() is not None or time.perf_counter() - started > SERVING_TIMEOUT_SECONDS:
                    raise StartupError(f"make run did not serve {url}: see {log_path}")
                time.sleep(0.02)
            return time.perf_counter() - started
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=60)


def measure(log_dir: Path, runs: int = 2) -> StartupTimes:
    """`runs` of each kind; the first, unmeasured run leaves cdk.out synthesized and recorded."""
    log_dir.mkdir(parents=True, exist_ok=True)
    _time_make_run(log_dir / "make-run-first.log")
    times: dict[str, list[float]] = {"unchanged": [], "synthesizing": []}
    for run in range(runs):
        for kind in ("unchanged", "synthesizing") if run % 2 == 0 else ("synthesizing", "unchanged"):
            if kind == "synthesizing":
                forget(ASSEMBLY)
            times[kind].append(_time_make_run(log_dir / f"make-run-{kind}.log"))
            print(f"  make run, {kind}: {times[kind][-1]:.1f} s to serving", flush=True)
    return StartupTimes(**times)
