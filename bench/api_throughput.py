"""Local API throughput under closed-loop mixed CRUD, against a minimal threaded boto3 server on the same dynalite.

The load harness's clients (reliability/load.py, its default mix of create, get, update and delete with
If-Match, and list) each send their next request as soon as the last one is answered. They drive the whole
local stack (SigV4 check, 8 warm handler workers, dynalite) and the yardstick (bench/baseline_server.py) in
turns, ours-baseline then baseline-ours, so both see the same machine load; both use one dynalite server.
"""

from __future__ import annotations

import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import boto3

from apiclient.http import ApiSession
from bench.baseline_server import BaselineServer
from local.database import Dynalite, client_environment, create_tables
from local.template import TableSpec
from reliability.local_api import LOG_DIR, LocalApi
from reliability.traffic import DEFAULT_MIX
from reliability.workload import LoadResult, run_load

BASELINE_TABLE = "items-baseline"
WARM_UP_SECONDS = 2.0


class ThroughputError(RuntimeError):
    """A run met errors or inconsistencies: its numbers would not mean anything."""


@dataclass(frozen=True)
class Throughput:
    """One target's rounds: requests per second and overall latency percentiles, medians over the rounds."""

    target: str
    clients: int
    seconds: float
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True)
class ThroughputComparison:
    ours: Throughput
    baseline: Throughput

    @property
    def ratio(self) -> float:
        return self.ours.per_second / self.baseline.per_second

    @property
    def p99_ratio(self) -> float:
        return self.ours.p99_ms / self.baseline.p99_ms


class _Baseline:
    """The yardstick as the load clients see it: sessions on its base URL (signed like ours; it ignores that)."""

    def __init__(self, server: BaselineServer, api: LocalApi) -> None:
        self._server, self._api = server, api

    def session(self) -> ApiSession:
        return ApiSession(self._server.base_url, auth=self._api.signer())


def _summary(target: str, clients: int, results: list[LoadResult]) -> Throughput:
    summaries = [result.summary() for result in results]
    return Throughput(
        target=target,
        clients=clients,
        seconds=sum(result.seconds for result in results),
        requests=sum(summary.count for summary in summaries),
        per_second=statistics.median(summary.per_second for summary in summaries),
        p50_ms=statistics.median(summary.p50_ms for summary in summaries),
        p99_ms=statistics.median(summary.p99_ms for summary in summaries),
    )


def measure(assembly: Path, clients: int, seconds: float, rounds: int = 2, workers: int = 8) -> ThroughputComparison:
    """`rounds` of `seconds` per target. Lambda would give every concurrent request an environment of its own; the
    local stack gets `workers` (8 measured best on 2 cores: more only contend for the CPU, 4 leave requests queued
    behind workers waiting on DynamoDB)."""
    runs: dict[str, list[LoadResult]] = {"ours": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="items-bench-") as data_dir, Dynalite() as database:
        settings = client_environment(database.endpoint)
        client = boto3.client(
            "dynamodb",
            endpoint_url=database.endpoint,
            region_name=settings["AWS_REGION"],
            aws_access_key_id=settings["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=settings["AWS_SECRET_ACCESS_KEY"],
        )
        create_tables(client, [TableSpec.on_demand(BASELINE_TABLE, "itemId")])
        log_path = LOG_DIR / "bench-throughput.log"
        with (
            LocalApi(assembly, Path(data_dir), log_path=log_path, database=database.endpoint, workers=workers) as api,
            BaselineServer(database.endpoint, BASELINE_TABLE) as server,
        ):
            targets = {"ours": api, "baseline": _Baseline(server, api)}
            for target in targets.values():
                run_load(target, clients, WARM_UP_SECONDS, DEFAULT_MIX, check=False)  # every worker warm
            for round_index in range(rounds):
                order = list(targets) if round_index % 2 == 0 else list(reversed(targets))
                for name in order:
                    result = run_load(targets[name], clients, seconds, DEFAULT_MIX, check=name == "ours")
                    if result.problems:
                        raise ThroughputError(f"{name}, {clients} clients: {result.problems[:5]}")
                    runs[name].append(result)
                    summary = result.summary()
                    print(f"  {name:8} {summary.per_second:.0f} req/s, p99 {summary.p99_ms:.1f} ms", flush=True)
    ours, baseline = (_summary(name, clients, runs[name]) for name in ("ours", "baseline"))
    return ThroughputComparison(ours, baseline)
