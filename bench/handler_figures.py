"""Cold request (in the venv, and as deployed), first GET after a SnapStart restore and warm latency, ours and the
baseline's (cold_start.py's and deployed.py's tools).

Run in its own process (`python -m bench.handler_figures OUT.json`): it points the environment at a dynalite
server and imports both handlers, which must not leak into the caller.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

from bench import cold_start, deployed
from local.database import Dynalite, client_environment

MODULES = {"items_api.handler": "ours", "baseline_handler": "baseline"}


def _median_ms(samples: list[dict[str, float]], key: str) -> float:
    return statistics.median(sample[key] for sample in samples) * 1000


def _cold(samples: list[dict[str, float]], restored: list[dict[str, float]]) -> dict[str, float]:
    return {
        "init_ms": _median_ms(samples, "init"),
        "first_request_ms": _median_ms(samples, "first"),
        "cold_request_ms": statistics.median((sample["init"] + sample["first"]) * 1000 for sample in samples),
        "prime_ms": _median_ms(restored, "prime"),
        "restored_first_request_ms": _median_ms(restored, "first"),
    }


def measure(cold_runs: int, warm_requests: int, deployed_rounds: int) -> dict[str, Any]:
    """Medians of `cold_runs` fresh interpreters per handler, of `deployed_rounds` rounds as deployed (GET, POST,
    list; bundles without and with bytecode); p50/p99 of `warm_requests` GETs and POSTs each."""
    with Dynalite() as database:
        environment = {**os.environ, **cold_start.FUNCTION_ENVIRONMENT, **client_environment(database.endpoint)}
        os.environ.update(environment)
        cold_start.create_tables(database.endpoint)
        import baseline_handler  # noqa: PLC0415 - after the environment is set, as Lambda imports it
        from items_api.handler import lambda_handler  # noqa: PLC0415

        created = lambda_handler(cold_start.post_event(), cold_start.BenchContext())
        get_event = cold_start.get_event(json.loads(created["body"])["itemId"])
        samples = cold_start.cold_runs(cold_runs, environment, get_event)
        print("  SnapStart: first GET after a restore (fork after priming)", flush=True)
        restored = cold_start.cold_runs(cold_runs, environment, get_event, snapstart=True)
        print("  as deployed: the bundle and a runtime folder only, python -S -B", flush=True)
        as_deployed = deployed.measure(
            deployed_rounds,
            environment,
            {"GET": get_event, "POST": cold_start.post_event(), "list": cold_start.list_event()},
        )
        handlers = {"items_api.handler": lambda_handler, "baseline_handler": baseline_handler.lambda_handler}
        figures: dict[str, Any] = {}
        for module, handler in handlers.items():
            get_p50, get_p99 = cold_start.warm(handler, [get_event] * warm_requests)
            post_p50, post_p99 = cold_start.warm(handler, [cold_start.post_event() for _ in range(warm_requests)])
            figures[MODULES[module]] = {
                **_cold(samples[module], restored[module]),
                "get_p50_ms": get_p50,
                "get_p99_ms": get_p99,
                "post_p50_ms": post_p50,
                "post_p99_ms": post_p99,
            }
    figures["cold_runs"], figures["warm_requests"], figures["deployed"] = cold_runs, warm_requests, as_deployed
    return figures


def main(argv: list[str]) -> int:
    out, cold_runs, warm_requests, deployed_rounds = Path(argv[0]), int(argv[1]), int(argv[2]), int(argv[3])
    out.write_text(json.dumps(measure(cold_runs, warm_requests, deployed_rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
