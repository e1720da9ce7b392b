"""Everything one `make bench` run measured, in one object the report and the chart both read."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from bench.api_throughput import ThroughputComparison
from bench.install_time import InstallTimes
from bench.machine import Machine
from bench.run_startup import StartupTimes
from bench.synth_time import SynthTimes


@dataclass(frozen=True)
class BenchResults:
    machine: Machine
    load_average_end: tuple[float, float, float]
    seconds: float
    synth: SynthTimes
    handler: dict[str, Any]
    list_cost: dict[str, Any]
    throughput: ThroughputComparison
    startup: StartupTimes
    install: InstallTimes | None

    def cold_ratio(self, key: str = "cold_request_ms") -> float:
        """The handler's cold figure over the baseline's: init + first GET (the headline), or `init_ms` alone."""
        return self.handler["ours"][key] / self.handler["baseline"][key]

    def deployed_ratio(self, request: str, variant: str = "bytecode", measure: str = "cold_request_ms") -> float:
        """Init + first request as deployed (`request`: GET, POST or list), the bundle `variant` ("bytecode" as the
        pipeline ships it, "source" as bundles were before) over the bare handler measured the same way: in
        wall-clock time, or (`measure="cold_request_cpu_ms"`) in the interpreters' own CPU time, which whatever else
        held this machine's cores does not move."""
        figures = self.handler["deployed"][request]
        return figures[variant][measure] / figures["baseline"][measure]

    @property
    def restored_ratio(self) -> float:
        """First GET after a SnapStart restore, ours over the baseline's (forked after the same init)."""
        return self.cold_ratio("restored_first_request_ms")

    @property
    def startup_ratio(self) -> float:
        """`make run` to serving with nothing changed over `make run` that synthesizes first."""
        return statistics.median(self.startup.unchanged) / statistics.median(self.startup.synthesizing)

    @property
    def install_ratio(self) -> float | None:
        """First Python install with empty caches, uv over pip (None when not measured)."""
        if self.install is None:
            return None
        return statistics.median(self.install.uv) / statistics.median(self.install.pip)

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
