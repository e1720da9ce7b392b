"""Local API throughput: signed GETs of existing items through the whole local stack, for a few client counts.

The load harness's clients (reliability/load.py) with a GET-only mix: each client creates one item, then reads
its items until the time is up. Each request goes through the local gateway's SigV4 check, a warm handler
worker and dynalite. The stack serves the assembly the synth benchmark just produced.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from reliability.load import run_load
from reliability.local_api import LOG_DIR, LocalApi

GET_ONLY = {"get": 1}
WARM_UP_SECONDS = 2.0


class ThroughputError(RuntimeError):
    """The run met errors or inconsistencies: its numbers would not mean anything."""


@dataclass(frozen=True)
class Throughput:
    clients: int
    seconds: float
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float


def measure(assembly: Path, client_counts: list[int], seconds: float, workers: int = 4) -> list[Throughput]:
    results = []
    with tempfile.TemporaryDirectory(prefix="items-bench-") as data_dir:
        log_path = LOG_DIR / "bench-throughput.log"
        with LocalApi(assembly, Path(data_dir), log_path=log_path, workers=workers) as api:
            run_load(api, max(client_counts), WARM_UP_SECONDS, GET_ONLY, check=False)  # every worker warm
            for clients in client_counts:
                result = run_load(api, clients, seconds, GET_ONLY)
                if result.problems:
                    raise ThroughputError(f"{clients} clients: {result.problems[:5]}")
                get = result.summary("get")
                results.append(Throughput(clients, result.seconds, get.count, get.per_second, get.p50_ms, get.p99_ms))
                print(f"  {clients:>3} clients: {get.per_second:.0f} GET/s, p50 {get.p50_ms:.1f} ms", flush=True)
    return results
