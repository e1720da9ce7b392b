"""Synth time of the full app (pipeline, dev and prod stages, cdk-nag, built-in validation) against an empty CDK app.

Both are synthesized the way the CDK CLI runs an app: a fresh `python` process with the output folder in
CDK_OUTDIR and, for the full app, the context of cdk.json in CDK_CONTEXT_JSON. Runs alternate (full, empty,
empty, full, ...) so both see the same machine load. A first, unmeasured run of the full app bundles the
function's asset; later runs find it in the output folder and skip bundling, as repeated `cdk synth` runs do.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.machine import PROJECT_ROOT

EMPTY_APP = Path(__file__).resolve().parent / "empty_app.py"


class SynthError(RuntimeError):
    """A synth failed; the message carries the end of its output."""


@dataclass(frozen=True)
class SynthTimes:
    """Seconds per run of each app, and the first (bundling) run of the full app."""

    full: list[float]
    empty: list[float]
    first_full: float

    @property
    def ratio(self) -> float:
        return statistics.median(self.full) / statistics.median(self.empty)


def _environment(outdir: Path, *, with_context: bool) -> dict[str, str]:
    environment = {**os.environ, "CDK_OUTDIR": str(outdir), "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    if with_context:
        environment["CDK_CONTEXT_JSON"] = json.dumps(json.loads((PROJECT_ROOT / "cdk.json").read_text())["context"])
    return environment


def _synth(command: list[str], outdir: Path) -> float:
    # The empty app gets no context: the project's feature flags make validation reject a stack without resources.
    environment = _environment(outdir, with_context=command[1] == "app.py")
    started = time.perf_counter()
    result = subprocess.run(command, check=False, cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SynthError(f"{' '.join(command[:2])} failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed


def measure(workdir: Path, runs: int = 3) -> SynthTimes:
    """Synthesize into `workdir`/full (kept: the local API benchmark serves it) and `workdir`/empty."""
    full = [sys.executable, "app.py"]
    empty = [sys.executable, str(EMPTY_APP)]
    first_full = _synth(full, workdir / "full")
    times: dict[str, list[float]] = {"full": [], "empty": []}
    for run in range(runs):
        order = [("full", full), ("empty", empty)]
        for name, command in order if run % 2 == 0 else reversed(order):
            times[name].append(_synth(command, workdir / name))
            print(f"  synth {name} run {run + 1}/{runs}: {times[name][-1]:.1f} s", flush=True)
    return SynthTimes(full=times["full"], empty=times["empty"], first_full=first_full)
