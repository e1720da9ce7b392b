"""Cold start as Lambda runs the function: only the bundle and a runtime folder on the path, `python -S -B`.

Lambda imports the handler from its code folder (/var/task, read-only: nothing is compiled into it at run time) with
boto3 from the runtime's own folder, which carries bytecode; nothing of a development venv is there. So this builds
the function's bundle the way the pipeline does (stages/bundle_build.py), for this machine's Python standing in for
python3.14, twice: without bytecode (every bundle deployed before) and with bytecode compiled in the hash-based
mode (what the pipeline ships now). boto3 and its dependencies are copied from the venv (the pins the tests use)
into a runtime folder compiled the same way. Each handler then runs in fresh `python -S -B` interpreters with only
those folders on the path; the bare handler likewise, its one file beside the runtime folder. Every round runs
each variant once for each request (GET, POST, list), both in orders that rotate between rounds; medians.

Standalone: `.venv/bin/python -m bench.deployed [ROUNDS]` (its own dynalite); `make bench` runs it in
bench/handler_figures.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from bench.machine import PROJECT_ROOT
from stages.bundle_build import BundleBuild, lambda_platform
from stages.bytecode import BytecodeCompiler

WORKDIR = PROJECT_ROOT / ".local" / "bench" / "deployed"
CHILD = PROJECT_ROOT / "bench" / "cold_child.py"
# What the managed Python runtime provides beside the bundle (boto3 and what it imports).
LAMBDA_RUNTIME_MODULES = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six")
LOCAL_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
VARIANTS = {
    "source": "Items API, bundle without bytecode",
    "bytecode": "Items API, bundle with bytecode",
    "baseline": "bare boto3 handler",
}
REQUESTS = ("GET", "POST", "list")


def _local_compiler() -> BytecodeCompiler:
    return BytecodeCompiler(sys.executable, LOCAL_PYTHON)


def runtime_folder() -> Path:
    """boto3 and its dependencies, as the venv has them, compiled: the stand-in for the runtime's own folder."""
    folder = WORKDIR / "lambda-runtime"
    if folder.exists():
        return folder
    staging = WORKDIR / "lambda-runtime.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in LAMBDA_RUNTIME_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise RuntimeError(f"{name} is not installed in this venv (make install)")
        origin = Path(spec.origin)
        if origin.name == "__init__.py":
            shutil.copytree(origin.parent, staging / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, staging / origin.name)
    _local_compiler().compile(staging, staging)
    staging.rename(folder)
    return folder


def bundles() -> dict[str, Path]:
    """The function's bundle for this machine's Python: without bytecode and with it (rebuilt every run)."""
    platform = lambda_platform("arm64" if os.uname().machine == "aarch64" else "x86_64")
    builds = {
        "source": BundleBuild(LOCAL_PYTHON, platform, None),
        "bytecode": BundleBuild(LOCAL_PYTHON, platform, _local_compiler()),
    }
    folders = {}
    for variant, build in builds.items():
        folder = WORKDIR / f"bundle-{variant}"
        shutil.rmtree(folder, ignore_errors=True)
        build.build(folder)
        folders[variant] = folder
    return folders


def _cold(module: str, path: list[Path], environment: dict[str, str], event: dict[str, Any]) -> dict[str, float]:
    """One fresh interpreter as Lambda starts it: no site-packages, no bytecode written, only `path` importable."""
    child_environment = {**environment, "PYTHONPATH": os.pathsep.join(map(str, path)), "PYTHONDONTWRITEBYTECODE": "1"}
    child_environment.pop("PYTHONPYCACHEPREFIX", None)
    result = subprocess.run(
        [sys.executable, "-S", "-B", str(CHILD), module, json.dumps(event)],
        env=child_environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} failed as deployed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(rounds: int, environment: dict[str, str], events: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Per request and variant: median init, first request and their sum (ms), over `rounds` alternating rounds."""
    runtime, folders = runtime_folder(), bundles()
    runs = {
        "source": ("items_api.handler", [folders["source"], runtime]),
        "bytecode": ("items_api.handler", [folders["bytecode"], runtime]),
        "baseline": ("baseline_handler", [runtime]),  # its file sits beside cold_child.py, first on the path
    }
    samples: dict[str, dict[str, list[dict[str, float]]]] = {request: {v: [] for v in VARIANTS} for request in events}
    for number in range(rounds):
        for request in _rotated(list(events), number):
            for variant in _rotated(list(VARIANTS), number):
                module, path = runs[variant]
                samples[request][variant].append(_cold(module, path, environment, events[request]))
        print(f"  as deployed: round {number + 1}/{rounds}", end="\r", flush=True)
    print()
    return {
        request: {variant: _medians(runs_of_variant) for variant, runs_of_variant in by_variant.items()}
        for request, by_variant in samples.items()
    } | {"rounds": rounds}


def _rotated(names: list[str], number: int) -> list[str]:
    """`names` starting at position `number`: over the rounds, each comes first, and after each other, as often."""
    start = number % len(names)
    return names[start:] + names[:start]


def _medians(samples: list[dict[str, float]]) -> dict[str, float]:
    return {
        "init_ms": statistics.median(sample["init"] for sample in samples) * 1000,
        "first_request_ms": statistics.median(sample["first"] for sample in samples) * 1000,
        "cold_request_ms": statistics.median((sample["init"] + sample["first"]) * 1000 for sample in samples),
        "cold_request_cpu_ms": statistics.median(
            (sample["init_cpu"] + sample["first_cpu"]) * 1000 for sample in samples
        ),
    }


def ratios(figures: dict[str, Any], measure: str = "cold_request_ms") -> dict[str, dict[str, float]]:
    """Per request: each Items API variant's init + first request over the bare handler's, in wall-clock time
    (`cold_request_ms`) or the interpreter's CPU time (`cold_request_cpu_ms`)."""
    return {
        request: {
            variant: figures[request][variant][measure] / figures[request]["baseline"][measure]
            for variant in ("source", "bytecode")
        }
        for request in REQUESTS
        if request in figures
    }


def _print(figures: dict[str, Any]) -> None:
    print("| request | " + " | ".join(VARIANTS.values()) + " | ratio without / with bytecode | CPU time ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    cpu = ratios(figures, "cold_request_cpu_ms")
    for request, ratio in ratios(figures).items():
        cells = " | ".join(f"{figures[request][variant]['cold_request_ms']:.0f} ms" for variant in VARIANTS)
        both = f"{ratio['source']:.2f} / {ratio['bytecode']:.2f}"
        print(f"| {request} | {cells} | {both} | {cpu[request]['source']:.2f} / {cpu[request]['bytecode']:.2f} |")


def main(argv: list[str]) -> int:
    from bench import cold_start  # noqa: PLC0415 - imports boto3 and the local database tools
    from local.database import Dynalite, client_environment  # noqa: PLC0415

    rounds = int(argv[0]) if argv else 9
    with Dynalite() as database:
        environment = {**os.environ, **cold_start.FUNCTION_ENVIRONMENT, **client_environment(database.endpoint)}
        os.environ.update(environment)
        cold_start.create_tables(database.endpoint)
        item_id = str(uuid.uuid4())
        cold_start.put_bench_item(item_id)
        events = {
            "GET": cold_start.get_event(item_id),
            "POST": cold_start.post_event(),
            "list": cold_start.list_event(),
        }
        figures = measure(rounds, environment, events)
    _print(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
