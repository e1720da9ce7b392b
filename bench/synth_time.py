"""Synth time of the full app (pipeline, dev and prod stages, cdk-nag) against an empty CDK app, measured both ways.

app.py synthesizes without CDK's built-in template validation (cfn-lint in `make verify` gates the templates);
the empty app is measured the same way (CDK_VALIDATION=false), so the headline ratio compares like with like.
Both are also measured with the validation on (bench/validated_app.py: build_app under a plain App()), which is
how the app was synthesized before. Every app runs the way the CDK CLI runs one: a fresh `python` process with
the output folder in CDK_OUTDIR and, for the full app, the context of cdk.json in CDK_CONTEXT_JSON. Runs alternate
so every variant sees the same machine load. A first, unmeasured run of the full app bundles the function's
asset; later runs find it in the output folder and skip bundling, as repeated `cdk synth` runs do.
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

from configuration import project_context
from configuration.paths import PROJECT_ROOT

BENCH = Path(__file__).resolve().parent
# Variant -> (script, its CDK_VALIDATION setting): the shipped app and the empty app without CDK's validation,
# then both with it.
APPS = {
    "full": ("app.py", "false"),
    "empty": (str(BENCH / "empty_app.py"), "false"),
    "full_validated": (str(BENCH / "validated_app.py"), None),
    "empty_validated": (str(BENCH / "empty_app.py"), None),
}


class SynthError(RuntimeError):
    """A synth failed; the message carries the end of its output."""


@dataclass(frozen=True)
class SynthTimes:
    """Seconds per run of each variant (APPS), and the first (bundling) run of the full app."""

    runs: dict[str, list[float]]
    first_full: float

    def median(self, variant: str) -> float:
        return statistics.median(self.runs[variant])

    @property
    def ratio(self) -> float:
        """Full app / empty app, both without CDK's built-in validation (as app.py synthesizes)."""
        return self.median("full") / self.median("empty")

    @property
    def validated_ratio(self) -> float:
        """Full app / empty app, both with CDK's built-in validation (as the app synthesized before)."""
        return self.median("full_validated") / self.median("empty_validated")


def _environment(outdir: Path, *, with_context: bool, validation: str | None) -> dict[str, str]:
    environment = {**os.environ, "CDK_OUTDIR": str(outdir)}
    environment["PYTHONPATH"] = str(PROJECT_ROOT)  # bench/validated_app.py imports app.py's build_app
    environment.pop("CDK_VALIDATION", None)
    if validation is not None:
        environment["CDK_VALIDATION"] = validation
    if with_context:
        environment["CDK_CONTEXT_JSON"] = json.dumps(project_context())
    return environment


def _synth(variant: str, outdir: Path) -> float:
    script, validation = APPS[variant]
    # The empty app gets no context: the project's feature flags make validation reject a stack without resources.
    environment = _environment(outdir, with_context=variant.startswith("full"), validation=validation)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, script], check=False, cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SynthError(f"{variant} ({script}) failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed


def measure(workdir: Path, runs: int = 3) -> SynthTimes:
    """Synthesize into `workdir`/full (kept: the local API benchmark serves it) and a folder per other variant."""
    first_full = _synth("full", workdir / "full")
    _synth("full_validated", workdir / "full_validated")  # its own asset bundled, not counted either
    times: dict[str, list[float]] = {variant: [] for variant in APPS}
    for run in range(runs):
        for variant in list(APPS) if run % 2 == 0 else list(reversed(APPS)):
            times[variant].append(_synth(variant, workdir / variant))
            print(f"  synth {variant} run {run + 1}/{runs}: {times[variant][-1]:.1f} s", flush=True)
    return SynthTimes(runs=times, first_full=first_full)
