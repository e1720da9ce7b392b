"""GET /items: pages, cursors that return every item exactly once, and refused cursors and limits."""

from collections import Counter

import pytest


def test_following_cursors_returns_every_item_exactly_once(all_pages, created_item):
    created = {created_item(batch="pagination")["itemId"] for _ in range(23)}
    seen = Counter(item["itemId"] for page in all_pages(limit=5) for item in page["items"])
    assert {item_id: seen[item_id] for item_id in created} == dict.fromkeys(created, 1)


def test_no_item_appears_on_two_pages(all_pages, created_item):
    for _ in range(7):
        created_item()
    seen = Counter(item["itemId"] for page in all_pages(limit=3) for item in page["items"])
    assert max(seen.values()) == 1


def test_page_holds_at_most_limit_items(all_pages, created_item):
    for _ in range(4):
        created_item()
    pages = all_pages(limit=3)
    assert max(len(page["items"]) for page in pages) <= 3


def test_count_is_the_number_of_items_on_the_page(invoke, created_item):
    created_item()
    page = invoke("GET", "/items", query={"limit": "2"}).json()
    assert page["count"] == len(page["items"])


def test_default_page_size_is_25(invoke, created_item):
    for _ in range(26):
        created_item()
    assert len(invoke("GET", "/items").json()["items"]) == 25


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", "2.5"])
def test_limit_outside_1_to_100_returns_400(invoke, limit):
    response = invoke("GET", "/items", query={"limit": limit})
    assert (response.status, response.json()["field"]) == (400, "limit")


def test_tampered_cursor_returns_400(invoke, created_item):
    for _ in range(3):
        created_item()
    cursor = invoke("GET", "/items", query={"limit": "1"}).json()["nextCursor"]
    payload, _, signature = cursor.partition(".")
    tampered = f"{payload[:-2]}AA.{signature}" if not payload.endswith("AA") else f"{payload[:-2]}BB.{signature}"
    assert invoke("GET", "/items", query={"cursor": tampered}).status == 400


@pytest.mark.parametrize("cursor", ["garbage", "a.b", "x" * 600])
def test_malformed_cursor_returns_400(invoke, cursor):
    assert invoke("GET", "/items", query={"cursor": cursor}).status == 400
