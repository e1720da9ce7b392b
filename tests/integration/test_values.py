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
NESTED_VALUES = {
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
