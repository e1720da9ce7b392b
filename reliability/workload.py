"""N signed clients drive an Items API for a fixed time, then the final state is checked against their ledgers.

The one workload behind `make load` (against the local stack) and the pipeline's load test (against dev): anything
with a `session()` that returns a signed session for the stage will do.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from apiclient.http import ApiSession
from reliability.consistency import verify
from reliability.stats import LatencySummary
from reliability.traffic import DEFAULT_MIX, OPERATIONS, Sample, TrafficClient, running


class SessionSource(Protocol):
    """A stage the clients can reach: each call returns a new signed session (sessions are not thread-safe)."""

    def session(self) -> ApiSession: ...


@dataclass(frozen=True)
class LoadResult:
    """What a run measured: every request, and every answer that contradicted what the clients were told."""

    run_id: str
    clients: int
    seconds: float
    samples: list[Sample]
    contradictions: list[str]

    def summary(self, operation: str | None = None) -> LatencySummary:
        chosen = [s.latency_ms for s in self.samples if operation is None or s.operation == operation]
        return LatencySummary.of(chosen, self.seconds)

    @property
    def statuses(self) -> Counter[str]:
        return Counter(str(sample.status or "no answer") for sample in self.samples)

    @property
    def failures(self) -> list[Sample]:
        """Requests answered with a 5xx or not answered at all."""
        return [sample for sample in self.samples if sample.failed]

    @property
    def error_rate_percent(self) -> float:
        return 100 * len(self.failures) / len(self.samples) if self.samples else 0.0

    @property
    def problems(self) -> list[str]:
        """Every contradiction and every failed request: what `make load` fails on."""
        failed = [f"{s.operation}: {s.status or 'no answer'} {s.body[:200]}" for s in self.failures]
        return [*self.contradictions, *failed]


def new_run_id() -> str:
    """The marker every item of one run carries (its `run` attribute and name prefix)."""
    return f"load-{uuid.uuid4().hex[:8]}"


def run_load(
    api: SessionSource,
    clients: int,
    seconds: float,
    mix: dict[str, int] | None = None,
    *,
    check: bool = True,
    pause_seconds: float = 0.0,
    run_id: str | None = None,
) -> LoadResult:
    """Drive `api` with `clients` threads for `seconds` (each pausing `pause_seconds` between requests); with
    `check`, verify the final state afterwards. Every item the run creates carries `run_id` (see `new_run_id`)."""
    run_id = run_id or new_run_id()
    traffic = [
        TrafficClient(i, run_id, api.session(), mix=dict(mix or DEFAULT_MIX), pause_seconds=pause_seconds)
        for i in range(clients)
    ]
    started = time.monotonic()
    with running(traffic) as stop:
        stop.wait(seconds)
    elapsed = time.monotonic() - started
    samples = [sample for client in traffic for sample in client.samples]
    contradictions = [problem for client in traffic for problem in client.problems]
    if check:
        contradictions += verify([client.ledger for client in traffic], run_id, api.session)
    return LoadResult(run_id=run_id, clients=clients, seconds=elapsed, samples=samples, contradictions=contradictions)


def format_report(result: LoadResult) -> str:
    lines = [
        f"{result.clients} clients, {result.seconds:.1f} s, {len(result.samples)} requests",
        "",
        f"{'operation':10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}",
    ]
    for name in (*OPERATIONS, None):
        summary = result.summary(name)
        lines.append(
            f"{name or 'all':10} {summary.count:>9} {summary.per_second:>8.1f} {summary.p50_ms:>8.1f} "
            f"{summary.p95_ms:>8.1f} {summary.p99_ms:>8.1f} {summary.max_ms:>8.1f}"
        )
    lines += ["", "statuses: " + ", ".join(f"{status}: {n}" for status, n in sorted(result.statuses.items()))]
    return "\n".join(lines)
