"""DynamoDB's own limits, at the boundary: a value at the limit is accepted and stored, one past it is a 422.

These run against whichever database the session uses (`make test DB=dynamodb-local` runs them on Amazon's
DynamoDB Local), so each limit the API enforces is checked against a DynamoDB, not against the API's own code.
"""

from decimal import Decimal
from typing import Any

import pytest

ITEM_SIZE_LIMIT = 400 * 1024
# A new item's server fields and a one-letter name, in DynamoDB's item size formula (attribute name bytes +
# value bytes; a one-digit number is 2 bytes): itemId 6+36, name 4+1, createdAt and updatedAt 9+24 each, version 7+2.
NEW_ITEM_BYTES = 42 + 5 + 33 + 33 + 9
FILLER = 60_000


def nested(containers: int, leaf: Any = "leaf") -> Any:
    """`containers` arrays and objects inside one another, alternating, around `leaf`."""
    value = leaf
    for level in range(containers):
        value = {"inner": value} if level % 2 else [value]
    return value


def assert_stored(invoke, response, attribute: str, value: Any) -> None:
    assert response.status in (200, 201), response.text
    item_id = response.json()["itemId"]
    assert invoke("GET", f"/items/{item_id}").json()[attribute] == value


def assert_refused(response, field: str) -> None:
    assert (response.status, response.json()["field"]) == (422, field), response.text


@pytest.mark.parametrize(
    "leaf", ["leaf", Decimal(7), None, {}, []], ids=["string", "number", "null", "object", "array"]
)
def test_value_nested_to_dynamodbs_32_levels_is_stored(invoke, leaf):
    # DynamoDB counts the attribute as level 1: 31 containers, and a scalar at level 32. An empty container
    # opens a level of its own, so one more container than that is refused even when it is empty.
    containers = 31 if not isinstance(leaf, (dict, list)) else 30
    value = nested(containers, leaf)
    assert_stored(invoke, invoke("POST", "/items", body={"name": "deep", "tree": value}), "tree", value)


@pytest.mark.parametrize(
    "leaf", ["leaf", Decimal(7), None, {}, []], ids=["string", "number", "null", "object", "array"]
)
def test_value_nested_past_dynamodbs_32_levels_returns_422(invoke, leaf):
    containers = 32 if not isinstance(leaf, (dict, list)) else 31
    assert_refused(invoke("POST", "/items", body={"name": "deep", "tree": nested(containers, leaf)}), "tree")


def test_update_with_a_value_nested_past_dynamodbs_32_levels_returns_422(invoke, created_item):
    item = created_item()
    assert_refused(invoke("PUT", f"/items/{item['itemId']}", body={"tree": nested(32)}), "tree")


def test_object_key_of_one_character_is_stored(invoke):
    assert_stored(invoke, invoke("POST", "/items", body={"name": "keys", "spec": {"k": 1}}), "spec", {"k": 1})


def test_empty_object_key_returns_422(invoke):
    # DynamoDB: attribute names, map keys included, are at least one character long.
    assert_refused(invoke("POST", "/items", body={"name": "keys", "spec": {"ok": {"": 1}}}), "spec")


@pytest.mark.parametrize("key", ["k" * 50_000, "é" * 25_000], ids=["ascii", "two-byte"])
def test_object_key_of_50000_bytes_is_stored(invoke, key):
    # DynamoDB documents names below 64 KB; Amazon's DynamoDB Local fails (InternalFailure) past 50,000 bytes.
    assert_stored(invoke, invoke("POST", "/items", body={"name": "keys", "spec": {key: 1}}), "spec", {key: 1})


@pytest.mark.parametrize("key", ["k" * 50_001, "é" * 25_000 + "k"], ids=["ascii", "two-byte"])
def test_object_key_over_50000_bytes_returns_422(invoke, key):
    assert_refused(invoke("POST", "/items", body={"name": "keys", "spec": {key: 1}}), "spec")


def test_empty_string_is_stored(invoke):
    assert_stored(invoke, invoke("POST", "/items", body={"name": "empty", "note": "", "tags": [""]}), "note", "")


@pytest.mark.parametrize(
    "number",
    [
        "12345678901234567890123456789012345678",
        "-1.2345678901234567890123456789012345678E-93",
        "9.9999999999999999999999999999999999999E+125",
        "-9.9999999999999999999999999999999999999E+125",
        "1E-130",
        "-1E-130",
    ],
)
def test_number_at_dynamodbs_precision_or_range_is_stored(invoke, number):
    response = invoke("POST", "/items", body={"name": "number", "n": Decimal(number)})
    assert_stored(invoke, response, "n", Decimal(number))


@pytest.mark.parametrize(
    "number",
    [
        "123456789012345678901234567890123456789",
        "1E+126",
        "-1E+126",
        "9.9999999999999999999999999999999999999E-131",
        "-9.9999999999999999999999999999999999999E-131",
    ],
)
def test_number_past_dynamodbs_precision_or_range_returns_422(invoke, number):
    assert_refused(invoke("POST", "/items", body={"name": "number", "n": Decimal(number)}), "n")


def grow(invoke, last_filler: int) -> list:
    """A new item named "n", grown by successive PUTs of 60,000-character strings, then one of `last_filler`."""
    item = invoke("POST", "/items", body={"name": "n"}).json()
    statuses = [
        invoke("PUT", f"/items/{item['itemId']}", body={f"f{index}": "x" * FILLER}).status for index in range(1, 7)
    ]
    last = invoke("PUT", f"/items/{item['itemId']}", body={"f7": "x" * last_filler})
    return [*statuses, last, item["itemId"]]


# Six fillers ("f1".."f6": 2 + 60,000 bytes each) and "f7" (2 bytes + the rest) make exactly 400 KB.
LAST_FILLER_AT_THE_LIMIT = ITEM_SIZE_LIMIT - NEW_ITEM_BYTES - 6 * (2 + FILLER) - 2


def test_item_grown_to_exactly_400_kb_is_stored(invoke):
    *statuses, last, item_id = grow(invoke, LAST_FILLER_AT_THE_LIMIT)
    assert (statuses, last.status) == ([200] * 6, 200)
    assert len(invoke("GET", f"/items/{item_id}").json()["f7"]) == LAST_FILLER_AT_THE_LIMIT


def test_item_grown_one_byte_past_400_kb_returns_422_and_keeps_the_item(invoke):
    *_, last, item_id = grow(invoke, LAST_FILLER_AT_THE_LIMIT + 1)
    assert_refused(last, "body")
    assert "f7" not in invoke("GET", f"/items/{item_id}").json()
