"""Limits hold for the item as stored after a PUT's merge, not only per request, and under concurrent PUTs."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from items_api import items
from items_api.exceptions import ItemValidationError, UpdateConflictError
from items_api.item_rules import MAX_ATTRIBUTES, SERVER_FIELDS

WRITERS = 20
ROOM = 10


def client_attributes(item: dict) -> set[str]:
    return set(item) - set(SERVER_FIELDS)


def attributes(count: int, prefix: str = "a") -> dict:
    return {f"{prefix}{index}": index for index in range(count)}


def test_put_that_fills_the_item_to_50_attributes_succeeds(invoke, created_item):
    item = created_item(**attributes(39))
    response = invoke("PUT", f"/items/{item['itemId']}", body=attributes(10, "b"))
    assert (response.status, len(client_attributes(response.json()))) == (200, MAX_ATTRIBUTES)


def test_put_that_would_grow_the_item_past_50_attributes_returns_422(invoke, created_item):
    item = created_item(**attributes(49))
    response = invoke("PUT", f"/items/{item['itemId']}", body={"extra": 1})
    assert (response.status, response.json()["field"]) == (422, "body")


def test_successive_puts_never_grow_an_item_past_50_attributes(invoke, created_item):
    item = created_item()
    path = f"/items/{item['itemId']}"
    statuses = [invoke("PUT", path, body=attributes(7, f"p{batch}_")).status for batch in range(8)]
    assert (statuses, len(client_attributes(invoke("GET", path).json()))) == ([200] * 7 + [422], MAX_ATTRIBUTES)


def test_refused_growth_leaves_the_item_unchanged(invoke, created_item):
    item = created_item(**attributes(49))
    invoke("PUT", f"/items/{item['itemId']}", body={"a0": "changed", "extra": 1})
    assert invoke("GET", f"/items/{item['itemId']}").json() == item


def test_put_changing_only_existing_attributes_of_a_full_item_succeeds(invoke, created_item):
    item = created_item(**attributes(49))
    response = invoke("PUT", f"/items/{item['itemId']}", body={"a0": "changed", "name": "renamed"})
    assert (response.status, response.json()["a0"]) == (200, "changed")


@pytest.fixture
def item_over_the_limit(stored_item):
    """An item with 60 client attributes, as the API stored them before it checked merged items."""
    return stored_item(**{f"old{index}": {"N": str(index)} for index in range(59)})


def test_item_already_over_the_limit_may_change_its_attributes(invoke, item_over_the_limit):
    assert invoke("PUT", f"/items/{item_over_the_limit}", body={"old0": "changed"}).status == 200


def test_item_already_over_the_limit_may_not_grow(invoke, item_over_the_limit):
    assert invoke("PUT", f"/items/{item_over_the_limit}", body={"new": 1}).status == 422


def add_attribute(item_id: str, writer: int) -> str:
    """One client adding its own attribute with a blind PUT (no If-Match), retrying when told to (409)."""
    while True:
        try:
            items.update_item(
                item_id,
                {f"writer{writer}": writer},
            )
            return "stored"
        except ItemValidationError:
            return "refused"
        except UpdateConflictError:
            continue


@pytest.fixture(scope="module")
def raced_item(function_environment):
    """An item with room for ROOM more attributes, and WRITERS clients each adding one at once."""
    item = items.create_item({"name": "contended", **attributes(MAX_ATTRIBUTES - 1 - ROOM)})
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        outcomes = list(pool.map(lambda writer: add_attribute(item["itemId"], writer), range(WRITERS)))
    return items.get_item(item["itemId"]), outcomes


def test_concurrent_puts_never_grow_an_item_past_50_attributes(raced_item):
    item, _ = raced_item
    assert len(client_attributes(item)) == MAX_ATTRIBUTES


def test_concurrent_puts_fill_exactly_the_room_left_and_lose_none(raced_item):
    item, outcomes = raced_item
    accepted = {f"writer{writer}" for writer, outcome in enumerate(outcomes) if outcome == "stored"}
    assert (outcomes.count("stored"), outcomes.count("refused")) == (ROOM, WRITERS - ROOM)
    assert accepted <= set(item)
