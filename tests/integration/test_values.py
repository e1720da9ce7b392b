"""Attribute values round-trip unchanged: exact numbers (never floats) and any nested JSON."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
import requests

from apiclient.http import ApiSession, exact_json, item_path

from .client import assert_status
from .items import ItemFactory, unique_name

PRICE = "19.99"
BIG_INTEGER = "12345678901234567890"
NUMBERS_BODY = f'{{"name": "{unique_name("numbers")}", "price": {PRICE}, "serial": {BIG_INTEGER}}}'
NESTED_VALUES: dict[str, Any] = {
    "tags": ["red", "small", 3, 2.5, None, True],
    "dimensions": {"width": 10.5, "depth": {"value": 0.001, "unit": "m"}, "tolerances": [[0.1, -0.1], []]},
    "active": True,
    "archived": False,
    "note": None,
    "empty_list": [],
    "empty_object": {},
    "empty_text": "",
    "text": 'naïve café ✓ "quoted" \\ back\nslash',
}


def _number_literal(field: str, literal: str) -> re.Pattern[str]:
    """`"field": <literal>` in raw JSON, with the literal not continuing into more digits."""
    return re.compile(rf'"{field}"\s*:\s*{re.escape(literal)}(?![\d.eE])')


@pytest.fixture(scope="module")
def numbers_responses(signed: ApiSession, module_items: ItemFactory) -> dict[str, requests.Response]:
    """The POST of an item with exact numbers, and the GET of it afterwards."""
    created = signed.post("/items", data=NUMBERS_BODY, headers={"Content-Type": "application/json"})
    assert_status(created, 201)
    item_id = created.json()["itemId"]
    module_items.track(item_id)
    return {"POST": created, "GET": signed.get(item_path(item_id))}


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_decimal_comes_back_as_the_same_literal(numbers_responses: dict[str, requests.Response], method: str) -> None:
    assert _number_literal("price", PRICE).search(numbers_responses[method].text), numbers_responses[method].text


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_decimal_comes_back_as_an_equal_json_number(
    numbers_responses: dict[str, requests.Response], method: str
) -> None:
    assert exact_json(numbers_responses[method])["price"] == Decimal(PRICE)


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_large_integer_comes_back_as_the_same_literal(
    numbers_responses: dict[str, requests.Response], method: str
) -> None:
    assert _number_literal("serial", BIG_INTEGER).search(numbers_responses[method].text), numbers_responses[method].text


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_large_integer_comes_back_as_the_same_integer(
    numbers_responses: dict[str, requests.Response], method: str
) -> None:
    assert exact_json(numbers_responses[method])["serial"] == int(BIG_INTEGER)


def test_nested_values_round_trip_through_create(items: ItemFactory) -> None:
    created = items.create(**NESTED_VALUES)
    assert {key: created[key] for key in NESTED_VALUES} == NESTED_VALUES


def test_nested_values_round_trip_through_get(signed: ApiSession, items: ItemFactory) -> None:
    created = items.create(**NESTED_VALUES)
    fetched = exact_json(signed.get(item_path(created["itemId"])))
    assert {key: fetched[key] for key in NESTED_VALUES} == _exact(NESTED_VALUES)


def test_nested_values_round_trip_through_update(signed: ApiSession, items: ItemFactory) -> None:
    created = items.create()
    updated = signed.put(item_path(created["itemId"]), json=NESTED_VALUES)
    assert_status(updated, 200)
    assert {key: exact_json(updated)[key] for key in NESTED_VALUES} == _exact(NESTED_VALUES)


def _exact(value: Any) -> Any:
    """`value` with floats as the Decimals their JSON literals denote, to compare with `exact_json`."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {key: _exact(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_exact(inner) for inner in value]
    return value


LONG_SPELLINGS = {
    "trailing zeros": ("1." + "0" * 45, Decimal(1)),
    "zeros and a negative exponent": ("1" + "0" * 40 + "e-40", Decimal(1)),
    "38 digits and zeros": (
        "12345678901234567890123456789012345678" + "0" * 50 + "e-50",
        Decimal("12345678901234567890123456789012345678"),
    ),
    "zero with a huge exponent": ("0E+999", Decimal(0)),
    "zero with a tiny exponent": ("-0.000e-500", Decimal(0)),
    "integer beyond 38 digits": ("1" + "0" * 40, Decimal("1e40")),
}


Spellings = dict[str, tuple[requests.Response, requests.Response]]


@pytest.fixture(scope="module")
def long_spellings(signed: ApiSession, module_items: ItemFactory) -> Spellings:
    """For each spelling: the POST of an item holding it, and the GET of that item."""
    responses = {}
    for label, (literal, _) in LONG_SPELLINGS.items():
        body = f'{{"name": "{unique_name("spelling")}", "n": {literal}}}'
        created = signed.post("/items", data=body, headers={"Content-Type": "application/json"})
        if created.status_code == 201:
            module_items.track(created.json()["itemId"])
        fetched = signed.get(item_path(created.json()["itemId"])) if created.status_code == 201 else created
        responses[label] = (created, fetched)
    return responses


@pytest.mark.parametrize("label", sorted(LONG_SPELLINGS))
def test_a_long_spelling_of_a_storable_number_is_created(long_spellings: Spellings, label: str) -> None:
    created, _ = long_spellings[label]
    assert_status(created, 201)
    assert exact_json(created)["n"] == LONG_SPELLINGS[label][1]


@pytest.mark.parametrize("label", sorted(LONG_SPELLINGS))
def test_a_long_spelling_reads_back_as_the_number_create_returned(long_spellings: Spellings, label: str) -> None:
    created, fetched = long_spellings[label]
    assert_status(fetched, 200)
    assert _number_text(fetched.text) == _number_text(created.text)


def _number_text(text: str) -> str:
    match = re.search(r'"n"\s*:\s*(-?[0-9][0-9.eE+-]*)', text)
    assert match, text
    return match.group(1)
