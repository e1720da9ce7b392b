"""GET /items pages of big items: cut below Lambda's 6 MB response limit, and every item still comes exactly once.

An item can be grown by PUTs to DynamoDB's 400 KB of control characters, 6 bytes each once JSON-escaped, so one
Scan page of such items is several MB of JSON: past Lambda's limit, which API Gateway answers with a 502.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
import requests

from apiclient.http import ApiSession, item_path

from .client import assert_status
from .items import ItemFactory, unique_name

MARKER = "pageBudgetRun"
BIG_ITEMS = 3
# One PUT body stays under the 64 KiB request limit: {"fNN":"\u0001..."} with this many escaped characters.
FILLER_CHARACTERS = 10_900
PUTS_PER_ITEM = 36  # ~392,000 characters: under DynamoDB's 400 KB item limit with the other attributes
# The size a page stops below (the runtime's items.PAGE_BUDGET_BYTES), well under Lambda's 6,291,556 bytes.
PAGE_BUDGET_BYTES = 5_000_000


def _grown(signed: ApiSession, items: ItemFactory, marker: str) -> str:
    item_id = items.create(**{MARKER: marker})["itemId"]
    for index in range(PUTS_PER_ITEM):
        body = json.dumps({f"f{index}": "\u0001" * FILLER_CHARACTERS})
        response = signed.put(item_path(item_id), data=body, headers={"Content-Type": "application/json"})
        assert_status(response, 200)
    return item_id


@pytest.fixture(scope="module")
def big_items(signed: ApiSession, module_items: ItemFactory) -> tuple[str, set[str]]:
    marker = unique_name("budget")
    return marker, {_grown(signed, module_items, marker) for _ in range(BIG_ITEMS)}


@pytest.fixture(scope="module")
def responses(signed: ApiSession, big_items: tuple[str, set[str]]) -> list[requests.Response]:
    """Every page of the table at the largest limit, as HTTP responses."""
    found: list[requests.Response] = []
    params: dict[str, Any] = {"limit": 100}
    while len(found) < 1000:
        response = signed.get("/items", params=params)
        assert_status(response, 200)
        found.append(response)
        cursor = response.json()["nextCursor"]
        if cursor is None:
            return found
        params = {"limit": 100, "cursor": cursor}
    raise AssertionError("nextCursor was still not null after 1000 pages")


def test_every_page_of_big_items_is_under_the_page_budget(responses: list[requests.Response]) -> None:
    assert max(len(response.content) for response in responses) < PAGE_BUDGET_BYTES


def test_pages_cut_by_size_return_every_big_item_exactly_once(
    responses: list[requests.Response], big_items: tuple[str, set[str]]
) -> None:
    marker, created = big_items
    seen = Counter(
        item["itemId"] for response in responses for item in response.json()["items"] if item.get(MARKER) == marker
    )
    assert dict(seen) == dict.fromkeys(created, 1)


def test_big_items_are_listed_whole(responses: list[requests.Response], big_items: tuple[str, set[str]]) -> None:
    marker, _ = big_items
    listed = [item for response in responses for item in response.json()["items"] if item.get(MARKER) == marker]
    assert {len(item) for item in listed} == {5 + 1 + PUTS_PER_ITEM}  # server fields and name, marker, fillers
