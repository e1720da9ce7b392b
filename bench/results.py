"""Everything one `make bench` run measured, in one object the report and the chart both read."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from bench.api_throughput import Throughput
from bench.machine import Machine
from bench.synth_time import SynthTimes


@dataclass(frozen=True)
class BenchResults:
    machine: Machine
    load_average_end: tuple[float, float, float]
    seconds: float
    synth: SynthTimes
    handler: dict[str, Any]
    list_cost: dict[str, Any]
    throughput: list[Throughput]

    def cold_ratio(self, key: str = "init_ms") -> float:
        """The handler's cold figure over the baseline's; `init_ms`, or both parts with the first request."""
        ours, baseline = self.handler["ours"], self.handler["baseline"]
        if key == "init_ms":
            return ours["init_ms"] / baseline["init_ms"]
        return (ours["init_ms"] + ours["first_request_ms"]) / (baseline["init_ms"] + baseline["first_request_ms"])

    @property
    def page_capacity(self) -> float:
        """Median read capacity of one page of 25 (the API's default page size)."""
        return statistics.median(self.list_cost["page_25"])

    @property
    def max_page_capacity(self) -> float:
        """Median read capacity of one page of 100 (the largest page the API serves)."""
        return statistics.median(self.list_cost["page_100"])

    @property
    def full_scan_capacity(self) -> float:
        return float(self.list_cost["full_scan"]["capacity"])
