"""Optimistic concurrency: writers racing on one item with If-Match lose no update."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from items_api import items
from items_api.exceptions import VersionMismatchError
from items_api.versions import VersionCondition

WRITERS = 20


def update_until_accepted(item_id: str, writer: int) -> int:
    """Read the version, update with If-Match on it, start over on 412; returns the 412s it met."""
    conflicts = 0
    while True:
        version = items.get_item(item_id)["version"]
        try:
            items.update_item(item_id, {f"writer{writer}": writer}, VersionCondition(only=frozenset({version})))
            return conflicts
        except VersionMismatchError:
            conflicts += 1


@pytest.fixture(scope="module")
def raced_item(function_environment):
    item = items.create_item({"name": "contended"})
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        conflicts = list(pool.map(lambda writer: update_until_accepted(item["itemId"], writer), range(WRITERS)))
    return items.get_item(item["itemId"]), conflicts


def test_final_version_counts_every_successful_update(raced_item):
    item, _ = raced_item
    assert item["version"] == 1 + WRITERS


def test_no_writer_loses_its_attribute(raced_item):
    item, _ = raced_item
    assert {f"writer{writer}" for writer in range(WRITERS)} <= set(item)
