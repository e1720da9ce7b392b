"""A fixed set of benchmark results, so the report and the chart can be checked without measuring anything."""

from __future__ import annotations

import pytest

from bench.api_throughput import Throughput, ThroughputComparison
from bench.install_time import InstallTimes
from bench.machine import Machine
from bench.results import BenchResults
from bench.run_startup import StartupTimes
from bench.synth_time import SynthTimes


def _cold(init_ms: float, first_request_ms: float, cpu_ms: float) -> dict[str, float]:
    return {
        "init_ms": init_ms,
        "first_request_ms": first_request_ms,
        "cold_request_ms": init_ms + first_request_ms,
        "cold_request_cpu_ms": cpu_ms,
    }


@pytest.fixture
def results() -> BenchResults:
    machine = Machine(
        "Test CPU", 2, 8.0, "Linux-test", "3.11.7", "v20.0.0", "abc1234", "2026-01-01 00:00 UTC", (1.0, 1.5, 2.0)
    )
    side = {
        "init_ms": 200.0,
        "first_request_ms": 100.0,
        "cold_request_ms": 300.0,
        "prime_ms": 40.0,
        "restored_first_request_ms": 10.0,
        "get_p50_ms": 2.0,
        "get_p99_ms": 4.0,
        "post_p50_ms": 3.0,
        "post_p99_ms": 6.0,
    }
    baseline = {**side, "init_ms": 400.0, "first_request_ms": 50.0, "cold_request_ms": 450.0}
    baseline["restored_first_request_ms"] = 20.0
    return BenchResults(
        machine=machine,
        load_average_end=(1.2, 1.5, 2.0),
        seconds=120.0,
        synth=SynthTimes(
            runs={
                "full": [3.0, 4.0, 5.0],
                "empty": [1.0, 1.0, 1.0],
                "full_validated": [9.0, 10.0, 11.0],
                "empty_validated": [4.0, 5.0, 6.0],
            },
            first_full=12.0,
        ),
        handler={
            "ours": side,
            "baseline": baseline,
            "cold_runs": 6,
            "warm_requests": 200,
            "deployed": {
                request: {
                    "bytecode": _cold(init, 120.0, init + 80.0),
                    "source": _cold(init * 2, 150.0, init * 2 + 100.0),
                    "baseline": _cold(250.0, 10.0, 200.0),
                }
                for request, init in (("GET", 100.0), ("POST", 110.0), ("list", 140.0))
            }
            | {"rounds": 9},
        },
        list_cost={
            "items": 10_000,
            "page_25": [0.5, 0.5, 1.0],
            "page_100": [2, 2, 2],
            "full_scan": {"capacity": 200.0, "pages": 2, "items": 10_000},
        },
        throughput=ThroughputComparison(
            ours=Throughput("ours", 16, 16.0, 3200, 200.0, 40.0, 120.0),
            baseline=Throughput("baseline", 16, 16.0, 4000, 250.0, 30.0, 100.0),
        ),
        startup=StartupTimes(unchanged=[1.0, 1.2], synthesizing=[6.0, 6.4]),
        install=InstallTimes(uv=[50.0], pip=[100.0], npm=[3.0]),
    )
