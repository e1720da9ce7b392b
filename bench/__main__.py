"""`python -m bench`: measure everything, then write docs/benchmarks.md and docs/benchmarks.png (about 6-8 minutes).

Measurements that import the runtime or change the environment run in child processes (their output goes to
.local/bench/); all servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import api_throughput, chart, install_time, report, run_startup, synth_time
from bench.machine import Machine, load_average
from bench.results import BenchResults
from configuration.paths import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs"
LOG_DIR = PROJECT_ROOT / ".local" / "bench"


def _child(module: str, out: Path, *args: str) -> dict[str, Any]:
    """Run `python -m module OUT ARGS...` with the runtime importable; its JSON result."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"{module.rsplit('.', 1)[-1]}.log"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), str(PROJECT_ROOT / "runtime")])}
    with log_path.open("w") as log:
        command = [sys.executable, "-m", module, str(out), *args]
        result = subprocess.run(
            command, check=False, cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    if result.returncode != 0:
        raise RuntimeError(f"{module} failed with exit code {result.returncode}: see {log_path}")
    return json.loads(out.read_text())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--synth-runs", type=int, default=3, help="synth runs per app (default 3)")
    parser.add_argument("--cold-runs", type=int, default=6, help="fresh interpreters per handler (default 6)")
    parser.add_argument(
        "--deployed-rounds", type=int, default=15, help="alternating rounds of cold requests as deployed (default 15)"
    )
    parser.add_argument("--warm-requests", type=int, default=200, help="warm invocations per kind (default 200)")
    parser.add_argument("--clients", type=int, default=16, help="closed-loop clients (default 16)")
    parser.add_argument("--seconds", type=float, default=8.0, help="seconds per throughput round (default 8)")
    parser.add_argument("--startup-runs", type=int, default=2, help="make run start-ups of each kind (default 2)")
    parser.add_argument(
        "--install-runs", type=int, default=1, help="first installs per installer, empty caches (default 1; 0 skips)"
    )
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for benchmarks.md and .png (default docs)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started, machine = time.monotonic(), Machine.now()
    with tempfile.TemporaryDirectory(prefix="items-bench-") as folder:
        workdir = Path(folder)
        print(f"==> synth time: full app vs empty app, {args.synth_runs} runs each (+1 bundling run)", flush=True)
        synth = synth_time.measure(workdir, args.synth_runs)
        print(
            f"==> handler: cold init ({args.cold_runs} runs each; as deployed, {args.deployed_rounds} rounds) "
            "and warm latency",
            flush=True,
        )
        handler = _child(
            "bench.handler_figures",
            workdir / "handler.json",
            str(args.cold_runs),
            str(args.warm_requests),
            str(args.deployed_rounds),
        )
        print("==> list cost at 10,000 items", flush=True)
        list_cost = _child("bench.list_cost", workdir / "list_cost.json")
        print(f"==> local API throughput: mixed CRUD, {args.clients} clients, ours and the baseline's", flush=True)
        throughput = api_throughput.measure(workdir / "full", args.clients, args.seconds)
    print(f"==> make run start-up: nothing changed and synthesizing first, {args.startup_runs} each", flush=True)
    startup = run_startup.measure(LOG_DIR, args.startup_runs)
    install = None
    if args.install_runs:
        print(f"==> first install with empty caches: uv and pip, {args.install_runs} each (downloads)", flush=True)
        install = install_time.measure(args.install_runs)
    results = BenchResults(
        machine, load_average(), time.monotonic() - started, synth, handler, list_cost, throughput, startup, install
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmarks.md").write_text(report.markdown(results))
    chart.draw(results, args.out / "benchmarks.png")
    print(f"wrote {args.out / 'benchmarks.md'} and {args.out / 'benchmarks.png'} ({results.seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
