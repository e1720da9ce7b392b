"""The fault harness, one short cycle: database outage and restart, then a crash of the whole local stack."""

from __future__ import annotations

from pathlib import Path

from reliability.faults import FaultPlan, run_faults

SHORT = FaultPlan(clients=2, before=1.0, outage=1.5, after=1.0, crash_after=1.0)


def test_outage_and_crash_lose_nothing_acknowledged(assembly: Path) -> None:
    report = run_faults(assembly, SHORT)

    assert report.problems == [], "\n".join(report.events + report.problems)
