"""The load harness with a tiny budget: concurrent clients, then a consistency check that finds nothing."""

from __future__ import annotations

from reliability.local_api import LocalApi
from reliability.traffic import OPERATIONS
from reliability.workload import run_load

CLIENTS = 4
SECONDS = 3.0


def test_load_leaves_the_state_its_clients_were_told(local_api: LocalApi) -> None:
    result = run_load(local_api, CLIENTS, SECONDS)

    assert result.problems == []
    assert {sample.operation for sample in result.samples} == set(OPERATIONS)
