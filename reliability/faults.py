"""`python -m reliability.faults`: stop the database under load, bring it back, then crash the whole local stack.

1. Outage: the API runs against a dynalite this harness controls (fixed port, data persisted in a temporary
   folder). Under light load the database gets SIGTERM: every failed request must be a 503 JSON answer with a
   message and no internals, within the function's timeout (+ margin), never a 500. The database restarts on
   the same port and data: the same API process serves again, and the final state matches every client's
   ledger (acknowledged writes present, uncertain writes applied whole or not at all).
2. Crash: the stack restarts on the same data (its own dynalite now), proving the data outlived the first
   database; under load its whole process group (API server, workers, dynalite) gets SIGKILL; it restarts
   on the same data and nothing acknowledged is lost.
Exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

from local.database import Dynalite, port_in_use
from reliability.consistency import verify
from reliability.ledger import Ledger
from reliability.local_api import DEFAULT_ASSEMBLY, LOG_DIR, STARTUP_ERRORS, LocalApi
from reliability.outage import outage_problems, rebased
from reliability.traffic import TrafficClient, running

TIMEOUT_MARGIN_SECONDS = 2.0
RECOVERY_TIMEOUT_SECONDS = 30.0
LOG_PATH = LOG_DIR / "faults.log"
Ledgers = tuple[str, list[Ledger]]  # a run id and its clients' ledgers
WRITE_HEAVY_MIX = {"create": 30, "get": 20, "update": 35, "list": 5, "delete": 10}


@dataclass(frozen=True)
class FaultPlan:
    """How long each part lasts (seconds) and how hard the clients push."""

    clients: int = 4
    before: float = 2.0
    outage: float = 3.0
    after: float = 2.0
    crash_after: float = 2.0
    pause: float = 0.02


@dataclass
class Outage:
    """When the database went down (seconds after `origin`) and how long recovery took after its restart."""

    origin: float
    stopped_at: float
    recovery: float | None = None


@dataclass
class FaultReport:
    """Findings and a readable account of what happened when."""

    problems: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def note(self, origin: float, text: str) -> None:
        self.events.append(f"+{time.monotonic() - origin:5.1f} s  {text}")


def _clients(api: LocalApi, run_id: str, plan: FaultPlan, first_index: int = 0) -> list[TrafficClient]:
    return [
        TrafficClient(first_index + i, run_id, api.session(), mix=dict(WRITE_HEAVY_MIX), pause_seconds=plan.pause)
        for i in range(plan.clients)
    ]


def _wait_recovered(api: LocalApi) -> float | None:
    """Seconds until a signed list request succeeds again, or None if it does not within the recovery timeout."""
    started = time.monotonic()
    with api.session() as session:
        while time.monotonic() - started < RECOVERY_TIMEOUT_SECONDS:
            try:
                if session.get("/items", params={"limit": 1}).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            time.sleep(0.1)
    return None


def database_outage(assembly: Path, data_dir: Path, plan: FaultPlan, report: FaultReport) -> Ledgers:
    """Part 1; returns the run id and the clients' ledgers, which part 2 checks again."""
    origin = time.monotonic()
    database = Dynalite(path=data_dir / "dynalite", state_change_ms=0).start()
    api: LocalApi | None = None
    try:
        api = LocalApi(assembly, data_dir, log_path=LOG_PATH, database=database.endpoint).start()
        run_id = f"faults-{uuid.uuid4().hex[:8]}"
        clients = _clients(api, run_id, plan)
        report.note(origin, f"API pid {api.pid} serving, dynalite on port {database.port}; {plan.clients} clients")
        with running(clients) as stop:
            stop.wait(plan.before)
            database.stop()
            outage = Outage(origin, stopped_at=time.monotonic() - origin)
            report.note(origin, "dynalite stopped (SIGTERM)")
            stop.wait(plan.outage)
            database = Dynalite(database.port, database.path, state_change_ms=0).start()
            report.note(origin, f"dynalite restarted on port {database.port}, same data folder")
            outage.recovery = _wait_recovered(api)
            after = "never" if outage.recovery is None else f"{outage.recovery:.2f} s after the restart"
            report.note(origin, f"first successful request: {after}")
            stop.wait(plan.after)
        _judge_outage(api, clients, outage, report)
        report.problems += verify([client.ledger for client in clients], run_id, api.session)
        report.note(origin, f"ledgers checked: {sum(len(c.ledger.records) for c in clients)} items")
    finally:
        if api is not None:
            api.stop()
        database.stop()
    return run_id, [client.ledger for client in clients]


def _judge_outage(api: LocalApi, clients: list[TrafficClient], outage: Outage, report: FaultReport) -> None:
    samples = rebased([sample for client in clients for sample in client.samples], outage.origin)
    failed = [sample for sample in samples if sample.failed]
    limit = api.function_timeout_seconds + TIMEOUT_MARGIN_SECONDS
    slowest = max((sample.latency_ms for sample in failed), default=0) / 1000
    uncertain = sum(bool(r.uncertain) for c in clients for r in c.ledger.records)
    uncertain += sum(len(c.ledger.uncertain_creates) for c in clients)
    report.note(
        outage.origin,
        f"{len(samples)} requests, {len(failed)} failed, slowest failure {slowest:.2f} s "
        f"(limit {limit:.0f} s), {uncertain} writes of unknown outcome",
    )
    report.problems += outage_problems(samples, limit)
    report.problems += [problem for client in clients for problem in client.problems]
    if not any(sample.status == 503 and sample.started >= outage.stopped_at for sample in samples):
        report.problems.append("no request was answered 503 while the database was down: the fault was not seen")
    if outage.recovery is None:
        report.problems.append(f"the API did not recover within {RECOVERY_TIMEOUT_SECONDS:.0f} s of the restart")
    if not api.running:
        report.problems.append("the API process is gone: recovery must not need an API restart")


def crash_and_restart(assembly: Path, data_dir: Path, plan: FaultPlan, report: FaultReport, earlier: Ledgers) -> None:
    """Part 2: restart on the same data, kill -9 the whole stack under load, restart, check every ledger."""
    origin = time.monotonic()
    api = LocalApi(assembly, data_dir, log_path=LOG_PATH).start()
    try:
        report.note(origin, f"stack restarted on the same data (API pid {api.pid}, its own dynalite)")
        report.problems += verify(earlier[1], earlier[0], api.session)
        run_id = f"crash-{uuid.uuid4().hex[:8]}"
        clients = _clients(api, run_id, plan, first_index=plan.clients)
        with running(clients) as stop:
            stop.wait(plan.crash_after)
            api.kill()
            stop.set()
        report.note(origin, "SIGKILL to the stack's process group (API server, handler workers, dynalite)")
    finally:
        api.kill()
    if port_in_use(api.port):
        report.problems.append(f"port {api.port} still answers after the kill: part of the stack survived")
    report.problems += [problem for client in clients for problem in client.problems]
    with LocalApi(assembly, data_dir, log_path=LOG_PATH) as restarted:
        report.note(origin, f"stack restarted after the crash (API pid {restarted.pid})")
        report.problems += verify([client.ledger for client in clients], run_id, restarted.session)
        report.problems += verify(earlier[1], earlier[0], restarted.session)
    acknowledged = sum(len(client.ledger.records) for client in clients)
    report.note(origin, f"ledgers checked after the crash: {acknowledged} items created under load")


def run_faults(assembly: Path, plan: FaultPlan) -> FaultReport:
    """Both parts on one temporary data folder; the report lists what happened and every problem found."""
    report = FaultReport()
    with tempfile.TemporaryDirectory(prefix="items-faults-") as folder:
        earlier = database_outage(assembly, Path(folder), plan, report)
        crash_and_restart(assembly, Path(folder), plan, report, earlier)
    return report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reliability.faults", description=__doc__)
    parser.add_argument("--clients", type=int, default=FaultPlan.clients, help="concurrent clients (default 4)")
    parser.add_argument("--outage", type=float, default=FaultPlan.outage, help="seconds without a database")
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY, help="cloud assembly (default cdk.out)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    print(f"==> fault scenarios (log: {LOG_PATH})", flush=True)
    try:
        report = run_faults(args.assembly, FaultPlan(clients=args.clients, outage=args.outage))
    except STARTUP_ERRORS as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(*report.events, sep="\n")
    if report.problems:
        print(f"\nFAILED: {len(report.problems)} problem(s):", *report.problems[:50], sep="\n  ")
        return 1
    print("\nno 500s, every outage answer a 503 JSON in time, recovery without an API restart, nothing lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
