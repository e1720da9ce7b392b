"""GET /items: pages, cursors that return every item exactly once, and refused cursors and limits."""

import json
from collections import Counter

import pytest

from tests.unit.runtime.conftest import api_event


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


# Lambda's limit on a function's response (its error names 6,291,556 bytes); API Gateway answers 502 past it.
LAMBDA_RESPONSE_LIMIT = 6_291_556
# Control characters take 6 bytes each in JSON ("\u0001"): three such items fill a Scan page with ~7 MB of JSON.
BIG_ITEMS = 3
BIG_VALUE = "\u0001" * 390_000


@pytest.fixture
def big_items(stored_item):
    """Items near DynamoDB's 400 KB limit, written as another writer might (the API grows them by PUTs)."""
    return {stored_item(filler={"S": BIG_VALUE}, batch={"S": "big"}) for _ in range(BIG_ITEMS)}


@pytest.fixture
def big_pages(lambda_handler, lambda_context, big_items):
    """Every page of GET /items?limit=100, each as the whole response the function returns to Lambda."""
    responses, cursor = [], None
    while True:
        query = {"limit": "100", **({"cursor": cursor} if cursor else {})}
        response = lambda_handler(api_event("GET", "/items", query=query), lambda_context)
        assert response["statusCode"] == 200, response["body"][:500]
        responses.append(response)
        cursor = json.loads(response["body"])["nextCursor"]
        if cursor is None:
            return responses


def test_page_of_big_items_stays_under_lambdas_response_limit(big_pages):
    sizes = [len(json.dumps(response).encode()) for response in big_pages]
    assert max(sizes) < LAMBDA_RESPONSE_LIMIT


def test_pages_cut_by_size_return_every_big_item_exactly_once(big_pages, big_items):
    seen = Counter(item["itemId"] for response in big_pages for item in json.loads(response["body"])["items"])
    assert {item_id: seen[item_id] for item_id in big_items} == dict.fromkeys(big_items, 1)


def test_page_cut_by_size_keeps_the_items_intact(big_pages, big_items):
    listed = [item for response in big_pages for item in json.loads(response["body"])["items"]]
    assert {item["filler"] for item in listed if item["itemId"] in big_items} == {BIG_VALUE}
