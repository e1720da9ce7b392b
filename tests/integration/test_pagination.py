"""GET /items pages: limit, opaque cursors, every item exactly once, and bad paging input rejected."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from apiclient.http import ApiSession

from .client import assert_error, assert_status
from .items import ItemFactory, items_marked, list_pages, unique_name

MARKER = "pageRun"
CREATED_ITEMS = 26  # more than the default limit, so the first default page cannot be the whole table
PAGE_LIMIT = 5
DEFAULT_LIMIT = 25


@pytest.fixture(scope="module")
def marked(module_items: ItemFactory) -> tuple[str, set[str]]:
    """Items carrying one marker value, so the walk can find them among whatever else the table holds."""
    marker = unique_name("page")
    return marker, {module_items.create(**{MARKER: marker})["itemId"] for _ in range(CREATED_ITEMS)}


@pytest.fixture(scope="module")
def pages(signed: ApiSession, marked: tuple[str, set[str]]) -> list[dict[str, Any]]:
    """Every page of the table at limit 5."""
    return list_pages(signed, limit=PAGE_LIMIT)


@pytest.fixture(scope="module")
def next_cursor(signed: ApiSession, marked: tuple[str, set[str]]) -> str:
    response = signed.get("/items", params={"limit": PAGE_LIMIT})
    assert_status(response, 200)
    cursor = response.json()["nextCursor"]
    assert isinstance(cursor, str), response.json()
    return cursor


def _tampered(cursor: str) -> str:
    """The cursor with one character in its middle replaced (never a trailing padding character)."""
    index = next(i for i in range(len(cursor) // 2, len(cursor)) if cursor[i].isalnum())
    replacement = "A" if cursor[index] != "A" else "B"
    return f"{cursor[:index]}{replacement}{cursor[index + 1 :]}"


def test_walking_the_pages_returns_every_created_item(
    pages: list[dict[str, Any]], marked: tuple[str, set[str]]
) -> None:
    marker, created = marked
    assert {item["itemId"] for item in items_marked(pages, MARKER, marker)} == created


def test_walking_the_pages_returns_each_created_item_once(
    pages: list[dict[str, Any]], marked: tuple[str, set[str]]
) -> None:
    marker, _ = marked
    seen = Counter(item["itemId"] for item in items_marked(pages, MARKER, marker))
    assert [item_id for item_id, times in seen.items() if times > 1] == []


def test_no_item_appears_on_two_pages(pages: list[dict[str, Any]]) -> None:
    seen = Counter(item["itemId"] for page in pages for item in page["items"])
    assert [item_id for item_id, times in seen.items() if times > 1] == []


def test_pages_hold_at_most_limit_items(pages: list[dict[str, Any]]) -> None:
    assert max(len(page["items"]) for page in pages) <= PAGE_LIMIT


def test_count_is_the_number_of_items_on_the_page(pages: list[dict[str, Any]]) -> None:
    assert [page["count"] for page in pages] == [len(page["items"]) for page in pages]


def test_default_limit_is_25(signed: ApiSession, marked: tuple[str, set[str]]) -> None:
    response = signed.get("/items")
    assert_status(response, 200)
    assert len(response.json()["items"]) == DEFAULT_LIMIT
    assert response.json()["nextCursor"] is not None


def test_limit_1_returns_one_item(signed: ApiSession, marked: tuple[str, set[str]]) -> None:
    response = signed.get("/items", params={"limit": 1})
    assert_status(response, 200)
    assert len(response.json()["items"]) == 1


def test_limit_100_is_accepted(signed: ApiSession, marked: tuple[str, set[str]]) -> None:
    response = signed.get("/items", params={"limit": 100})
    assert_status(response, 200)
    assert CREATED_ITEMS <= len(response.json()["items"]) <= 100


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "2.5"])
def test_bad_limit_returns_400(signed: ApiSession, limit: str) -> None:
    assert_error(signed.get("/items", params={"limit": limit}), 400)


@pytest.mark.parametrize("cursor", ["not-a-cursor", "!!!", "e30", "eyJpdGVtSWQiOiAieCJ9"])
def test_malformed_cursor_returns_400(signed: ApiSession, cursor: str) -> None:
    assert_error(signed.get("/items", params={"cursor": cursor}), 400)


def test_tampered_cursor_returns_400(signed: ApiSession, next_cursor: str) -> None:
    assert_error(signed.get("/items", params={"limit": str(PAGE_LIMIT), "cursor": _tampered(next_cursor)}), 400)


def test_untampered_cursor_returns_the_next_page(signed: ApiSession, next_cursor: str) -> None:
    assert_status(signed.get("/items", params={"limit": str(PAGE_LIMIT), "cursor": next_cursor}), 200)
