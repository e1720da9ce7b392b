"""SnapStart hooks: registered only for a snapshot init; priming calls no database; each restore reseeds `random`."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
import snapshot_restore_py
from items_api import snapstart, store
from items_api.observability import metrics

from local.workers import restore_from_snapshot, snapshot_for_snapstart

UNREACHABLE_DYNAMODB = "http://127.0.0.1:9"


@pytest.fixture
def hook_registry() -> Iterator[None]:
    """Lambda's hook registry, emptied before and after the test."""
    registries = (snapshot_restore_py.get_before_snapshot(), snapshot_restore_py.get_after_restore())
    for registry in registries:
        registry.clear()
    yield
    for registry in registries:
        registry.clear()


def test_on_demand_init_registers_no_hook(hook_registry, monkeypatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")

    assert snapstart.register_hooks() is False
    assert (snapshot_restore_py.get_before_snapshot(), snapshot_restore_py.get_after_restore()) == ([], [])


def test_snapstart_init_primes_before_the_snapshot_and_renews_after_restore(hook_registry, monkeypatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")

    assert snapstart.register_hooks() is True
    assert [hook for hook, _, _ in snapshot_restore_py.get_before_snapshot()] == [snapstart.prime]
    assert [hook for hook, _, _ in snapshot_restore_py.get_after_restore()] == [snapstart.renew_after_restore]


def test_priming_builds_the_client_without_calling_dynamodb(point_function) -> None:
    point_function(UNREACHABLE_DYNAMODB)

    snapstart.prime()

    assert store.dynamodb_client.cache_info().currsize == 1


def test_priming_requests_leave_no_metric_and_no_log_line(function_environment, capsys) -> None:
    snapstart.prime()

    assert (metrics.metric_set, capsys.readouterr().out) == ({}, "")


def test_primed_handler_serves_its_first_request(hook_registry, monkeypatch, invoke, created_item) -> None:
    item = created_item()
    store.dynamodb_client.cache_clear()
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
    snapstart.register_hooks()

    snapshot_for_snapstart()
    restore_from_snapshot()

    assert invoke("GET", f"/items/{item['itemId']}").json() == item


def test_environments_restored_from_one_snapshot_draw_different_random_numbers() -> None:
    snapshot = random.getstate()
    draws = []
    for _ in range(2):
        random.setstate(snapshot)
        snapstart.renew_after_restore()
        draws.append(random.random())

    assert draws[0] != draws[1]
