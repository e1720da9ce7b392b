"""DynamoDB's limits at the boundary over HTTP: at the limit the item is stored, one past it is a 422."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from apiclient.http import ApiSession, exact_json, item_path

from .client import assert_error, assert_status
from .items import ItemFactory, unique_name

ITEM_SIZE_LIMIT = 400 * 1024
FILLER = 60_000
FILLERS = 6
# DynamoDB documents a number's size as "approximately" 1 byte per two significant digits + 1 (exact for strings);
# the one number, version, may be off by a byte or two on a deployed table. The runtime unit tests check the exact
# byte on dynalite and DynamoDB Local.
NUMBER_SLACK = 4


def nested(containers: int, leaf: Any = "leaf") -> Any:
    """`containers` arrays and objects inside one another, alternating, around `leaf`."""
    value = leaf
    for level in range(containers):
        value = {"inner": value} if level % 2 else [value]
    return value


def _post(signed: ApiSession, items: ItemFactory, **attributes: Any) -> requests.Response:
    # UTF-8 rather than requests' \uXXXX escapes, so a value at a limit still fits the 64 KiB body.
    body = json.dumps({"name": unique_name("limits"), **attributes}, ensure_ascii=False).encode()
    response = signed.post("/items", data=body, headers={"Content-Type": "application/json"})
    if response.status_code == 201:
        items.track(response.json()["itemId"])
    return response


def assert_stored(signed: ApiSession, response: requests.Response, attribute: str, value: Any) -> None:
    assert_status(response, 201)
    assert exact_json(signed.get(item_path(response.json()["itemId"])))[attribute] == value


@pytest.mark.parametrize(("containers", "leaf"), [(31, "leaf"), (30, {}), (30, [])], ids=["scalar", "object", "array"])
def test_value_at_dynamodbs_32_levels_is_stored(
    signed: ApiSession, items: ItemFactory, containers: int, leaf: Any
) -> None:
    value = nested(containers, leaf)
    assert_stored(signed, _post(signed, items, tree=value), "tree", value)


@pytest.mark.parametrize(("containers", "leaf"), [(32, "leaf"), (31, {}), (31, [])], ids=["scalar", "object", "array"])
def test_value_past_dynamodbs_32_levels_returns_422(
    signed: ApiSession, items: ItemFactory, containers: int, leaf: Any
) -> None:
    assert assert_error(_post(signed, items, tree=nested(containers, leaf)), 422)["field"] == "tree"


def test_empty_object_key_returns_422(signed: ApiSession, items: ItemFactory) -> None:
    assert assert_error(_post(signed, items, spec={"": 1}), 422)["field"] == "spec"


def test_object_key_of_50000_bytes_is_stored(signed: ApiSession, items: ItemFactory) -> None:
    spec = {"é" * 25_000: 1}
    assert_stored(signed, _post(signed, items, spec=spec), "spec", spec)


def test_object_key_over_50000_bytes_returns_422(signed: ApiSession, items: ItemFactory) -> None:
    assert assert_error(_post(signed, items, spec={"k" * 50_001: 1}), 422)["field"] == "spec"


def _grown(signed: ApiSession, items: ItemFactory, overshoot: int) -> tuple[list[int], requests.Response, str]:
    """An item grown by PUTs to 400 KB plus `overshoot` bytes by DynamoDB's item size formula.

    Attribute name bytes + value bytes: itemId 6+36, name 4+len, createdAt and updatedAt 9+24 each, version
    7+2 (one digit), each filler 2+60,000, and "f7" 2 + the rest.
    """
    item = items.create()
    fixed = 42 + 4 + len(item["name"].encode()) + 33 + 33 + 9 + FILLERS * (2 + FILLER) + 2
    path = item_path(item["itemId"])
    statuses = [signed.put(path, json={f"f{index}": "x" * FILLER}).status_code for index in range(1, FILLERS + 1)]
    last = signed.put(path, json={"f7": "x" * (ITEM_SIZE_LIMIT - fixed + overshoot)})
    return statuses, last, path


def test_item_grown_to_400_kb_is_stored(signed: ApiSession, items: ItemFactory) -> None:
    statuses, last, path = _grown(signed, items, overshoot=-NUMBER_SLACK)
    assert_status(last, 200)
    assert statuses == [200] * FILLERS
    assert signed.get(path).json()["f7"] == last.json()["f7"]


def test_item_grown_past_400_kb_returns_422_and_keeps_the_item(signed: ApiSession, items: ItemFactory) -> None:
    _, last, path = _grown(signed, items, overshoot=NUMBER_SLACK)
    assert assert_error(last, 422)["field"] == "body"
    assert "f7" not in signed.get(path).json()
