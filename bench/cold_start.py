"""Benchmark: a cold request (init + first GET) of items_api.handler against a minimal boto3 handler, on dynalite.

Run from the repository root: `.venv/bin/python bench/cold_start.py` (`make bench` runs the same functions).
The headline is init + first GET: the handler creates its DynamoDB client on first use, so its init alone would
flatter it. Cold numbers come from fresh interpreters, run alternately so both handlers see the same machine
load; the interpreter's own start-up is excluded. "After restore" is the first GET of a SnapStart init forked
after its before-snapshot hooks (bench/cold_child.py). Warm numbers come from invoking each handler in-process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "runtime"), str(ROOT / "bench")]

import boto3  # noqa: E402
from items_api.proxy_event import proxy_event  # noqa: E402 - no side effects: the handler is imported later

from local.database import Dynalite, client_environment  # noqa: E402
from local.database import create_tables as create_local_tables  # noqa: E402
from local.template import TableSpec  # noqa: E402

ITEMS_TABLE, IDEMPOTENCY_TABLE = "items-bench", "idempotency-bench"
COLD_RUNS = 8
TRACED_COLD_RUNS = 8
WARM_REQUESTS = 200
FUNCTION_ENVIRONMENT = {
    "ITEMS_TABLE_NAME": ITEMS_TABLE,
    "IDEMPOTENCY_TABLE_NAME": IDEMPOTENCY_TABLE,
    "ENVIRONMENT": "bench",
    "PROJECT_NAME": "items-api",
    "POWERTOOLS_SERVICE_NAME": "items-api",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_METRICS_NAMESPACE": "ItemsApiBench",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_TRACE_DISABLED": "true",
}
# As in Lambda with active tracing: the tracer loads the X-Ray SDK and patches botocore during init.
TRACED = {"LAMBDA_TASK_ROOT": str(ROOT / "runtime"), "POWERTOOLS_TRACE_DISABLED": "false"}
TRACED |= {"AWS_XRAY_CONTEXT_MISSING": "IGNORE_ERROR"}
HANDLERS = {"items_api.handler": "Items API (Powertools)", "baseline_handler": "baseline (boto3 + json)"}

CHILD = Path(__file__).resolve().parent / "cold_child.py"


def get_event(item_id: str) -> dict[str, Any]:
    return proxy_event("GET", "/items/{id}", request_id=str(uuid.uuid4()), stage="bench", item_id=item_id)


def post_event() -> dict[str, Any]:
    body = json.dumps({"name": "bench", "price": 19.99, "tags": ["a", "b"]})
    return proxy_event("POST", "/items", request_id=str(uuid.uuid4()), stage="bench", body=body)


def list_event() -> dict[str, Any]:
    return proxy_event("GET", "/items", request_id=str(uuid.uuid4()), stage="bench")


def put_bench_item(item_id: str) -> None:
    """An item as the API stores one, written directly (the GET events read it)."""
    now = "2026-01-01T00:00:00.000Z"
    item = {"itemId": item_id, "name": "bench", "createdAt": now, "updatedAt": now, "version": 1, "price": 1}
    boto3.resource("dynamodb").Table(ITEMS_TABLE).put_item(Item=item)


def create_tables(endpoint: str) -> None:
    client = boto3.client("dynamodb", endpoint_url=endpoint)
    create_local_tables(
        client, [TableSpec.on_demand(ITEMS_TABLE, "itemId"), TableSpec.on_demand(IDEMPOTENCY_TABLE, "id")]
    )


def cold(
    module: str, environment: dict[str, str], event: dict[str, Any], *, snapstart: bool = False
) -> dict[str, float]:
    path = os.pathsep.join([str(ROOT / "runtime"), str(ROOT / "bench"), str(ROOT)])
    result = subprocess.run(
        [sys.executable, str(CHILD), module, json.dumps(event), *(["snapstart"] if snapstart else [])],
        env={**environment, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def cold_runs(
    runs: int, environment: dict[str, str], event: dict[str, Any], *, snapstart: bool = False
) -> dict[str, list[dict[str, float]]]:
    samples: dict[str, list[dict[str, float]]] = {module: [] for module in HANDLERS}
    for run in range(runs):
        order = list(HANDLERS) if run % 2 == 0 else list(reversed(HANDLERS))
        for module in order:
            samples[module].append(cold(module, environment, event, snapstart=snapstart))
        print(f"  cold run {run + 1}/{runs}", end="\r", flush=True)
    print()
    return samples


class BenchContext:
    """The Lambda context attributes the handlers read."""

    function_name, memory_limit_in_mb, aws_request_id = "bench", 512, "warm"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def warm(handler: Any, events: list[dict[str, Any]]) -> tuple[float, float]:
    """p50 and p99 in ms of invoking `handler` in-process (a warm container) with each event."""
    timings = []
    for event in events:
        started = time.perf_counter()
        response = handler(event, BenchContext())
        timings.append((time.perf_counter() - started) * 1000)
        assert response["statusCode"] in (200, 201), response
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


def median_ms(samples: list[dict[str, float]], key: str) -> float:
    return statistics.median(sample[key] for sample in samples) * 1000


def main() -> None:
    started = time.perf_counter()
    with Dynalite() as database:
        environment = {**os.environ, **FUNCTION_ENVIRONMENT, **client_environment(database.endpoint)}
        os.environ.update(environment)
        create_tables(database.endpoint)
        import baseline_handler  # noqa: PLC0415
        from items_api.handler import lambda_handler  # noqa: PLC0415

        item_id = json.loads(lambda_handler(post_event(), BenchContext())["body"])["itemId"]
        print(f"==> cold start: {COLD_RUNS} fresh interpreters per handler, alternating")
        local = cold_runs(COLD_RUNS, environment, get_event(item_id))
        print(f"==> cold start with tracing on, as in Lambda: {TRACED_COLD_RUNS} per handler")
        traced = cold_runs(TRACED_COLD_RUNS, {**environment, **TRACED}, get_event(item_id))
        print(f"==> SnapStart: first GET after a restore (fork after priming), {COLD_RUNS} per handler")
        restored = cold_runs(COLD_RUNS, environment, get_event(item_id), snapstart=True)
        print(f"==> warm: {WARM_REQUESTS} GET and {WARM_REQUESTS} POST per handler, in-process")
        warm_rows = {}
        handlers = {"items_api.handler": lambda_handler, "baseline_handler": baseline_handler.lambda_handler}
        for module, handler in handlers.items():
            warm_rows[module] = (
                warm(handler, [get_event(item_id)] * WARM_REQUESTS),
                warm(handler, [post_event() for _ in range(WARM_REQUESTS)]),
            )
    report(local, traced, restored, warm_rows)
    print(f"\n(took {time.perf_counter() - started:.0f} s)")


def report(local: dict, traced: dict, restored: dict, warm_rows: dict) -> None:
    columns = ["init + first GET ms", "init ms", "init, tracing on ms", "first GET after restore ms"]
    print("\n| handler | " + " | ".join(columns) + " | warm GET p50/p99 | warm POST p50/p99 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for module, label in HANDLERS.items():
        (get_p50, get_p99), (post_p50, post_p99) = warm_rows[module]
        init = median_ms(local[module], "init")
        first = init + median_ms(local[module], "first")
        print(
            f"| {label} | {first:.0f} | {init:.0f} | {median_ms(traced[module], 'init'):.0f} "
            f"| {median_ms(restored[module], 'first'):.1f} "
            f"| {get_p50:.2f} / {get_p99:.2f} | {post_p50:.2f} / {post_p99:.2f} |"
        )
    ours, base = "items_api.handler", "baseline_handler"
    ratios = {
        "init + first GET": (median_ms(local[ours], "init") + median_ms(local[ours], "first"))
        / (median_ms(local[base], "init") + median_ms(local[base], "first")),
        "init only": median_ms(local[ours], "init") / median_ms(local[base], "init"),
        "init, tracing on": median_ms(traced[ours], "init") / median_ms(traced[base], "init"),
        "first GET after restore": median_ms(restored[ours], "first") / median_ms(restored[base], "first"),
    }
    print("\nratio Items API / baseline (headline: init + first GET; goal <= 1.0)")
    for name, ratio in ratios.items():
        print(f"  {name:24} {ratio:.2f}")


if __name__ == "__main__":
    main()
