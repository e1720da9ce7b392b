"""The 50-attribute limit holds for the item as stored after each PUT, also when clients PUT at the same time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from apiclient.http import ApiSession, item_path
from apiclient.target import ApiTarget

from .client import assert_error, assert_status
from .items import ItemFactory

MAX_ATTRIBUTES = 50
SERVER_FIELDS = {"itemId", "createdAt", "updatedAt", "version"}
WRITERS = 12
ROOM = 5


def client_attributes(item: dict[str, Any]) -> set[str]:
    return set(item) - SERVER_FIELDS


def attributes(count: int, prefix: str) -> dict[str, int]:
    return {f"{prefix}{index}": index for index in range(count)}


def test_successive_puts_cannot_grow_an_item_past_50_attributes(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create(**attributes(MAX_ATTRIBUTES - 1 - 7, "a"))
    path = item_path(item["itemId"])
    assert_status(signed.put(path, json=attributes(7, "b")), 200)
    assert assert_error(signed.put(path, json={"one_more": 1}), 422)["field"] == "body"
    assert len(client_attributes(signed.get(path).json())) == MAX_ATTRIBUTES


def test_refused_growth_changes_nothing(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create(**attributes(MAX_ATTRIBUTES - 1, "a"))
    signed.put(item_path(item["itemId"]), json={"a0": "changed", "one_more": 1})
    assert signed.get(item_path(item["itemId"])).json() == item


def _add(api_target: ApiTarget, item_id: str, writer: int) -> int:
    """One client adding its own attribute (no If-Match); a 409 asks it to retry."""
    with ApiSession(api_target.base_url, auth=api_target.auth) as session:
        while True:
            status = session.put(item_path(item_id), json={f"writer{writer}": writer}).status_code
            if status != 409:
                return status


@pytest.fixture
def raced_item(api_target: ApiTarget, signed: ApiSession, items: ItemFactory) -> tuple[dict[str, Any], list[int]]:
    """An item with room for ROOM more attributes, and WRITERS clients each adding one at the same time."""
    item = items.create(**attributes(MAX_ATTRIBUTES - 1 - ROOM, "a"))
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        statuses = list(pool.map(lambda writer: _add(api_target, item["itemId"], writer), range(WRITERS)))
    return signed.get(item_path(item["itemId"])).json(), statuses


def test_concurrent_puts_fill_exactly_the_room_left_and_lose_none(raced_item: tuple[dict[str, Any], list[int]]) -> None:
    item, statuses = raced_item
    accepted = {f"writer{writer}" for writer, status in enumerate(statuses) if status == 200}
    assert (sorted(statuses), len(client_attributes(item))) == (
        [200] * ROOM + [422] * (WRITERS - ROOM),
        MAX_ATTRIBUTES,
    )
    assert accepted <= set(item)
