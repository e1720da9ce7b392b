"""Request-level errors: bodies that are not JSON objects (400), wrong content types (415), oversized bodies (413)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from apiclient.http import ApiSession, item_path

from .client import assert_error, assert_status
from .items import ItemFactory, unique_name

BODY_LIMIT_BYTES = 64 * 1024
JSON = {"Content-Type": "application/json"}


def json_body_of_size(size: int) -> bytes:
    """A valid item as JSON of exactly `size` bytes (padded with one long attribute)."""
    name = unique_name("big")
    skeleton = json.dumps({"name": name, "blob": ""}).encode()
    return json.dumps({"name": name, "blob": "x" * (size - len(skeleton))}).encode()


@pytest.fixture
def item_id(items: ItemFactory) -> str:
    return items.create()["itemId"]


def _track_if_created(items: ItemFactory, response: requests.Response) -> requests.Response:
    if response.status_code == 201:
        items.track(response.json()["itemId"])
    return response


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"", b'{"name": "x"', b"name=x"],
    ids=["garbage", "empty", "truncated", "form-encoded"],
)
def test_post_body_that_is_not_json_returns_400(signed: ApiSession, body: bytes) -> None:
    assert_error(signed.post("/items", data=body, headers=JSON), 400)


@pytest.mark.parametrize("body", [[{"name": "x"}], "x", 42, None], ids=["array", "string", "number", "null"])
def test_post_json_that_is_not_an_object_returns_400(signed: ApiSession, body: Any) -> None:
    assert_error(signed.post("/items", data=json.dumps(body), headers=JSON), 400)


def test_put_body_that_is_not_json_returns_400(signed: ApiSession, item_id: str) -> None:
    assert_error(signed.put(item_path(item_id), data=b"{not json", headers=JSON), 400)


def test_put_json_array_returns_400(signed: ApiSession, item_id: str) -> None:
    assert_error(signed.put(item_path(item_id), data=b'[{"name": "x"}]', headers=JSON), 400)


@pytest.mark.parametrize(
    "headers",
    [{"Content-Type": "text/plain"}, {"Content-Type": "application/x-www-form-urlencoded"}, {}],
    ids=["text-plain", "form", "none"],
)
def test_post_without_json_content_type_returns_415(
    signed: ApiSession, items: ItemFactory, headers: dict[str, str]
) -> None:
    body = json.dumps({"name": unique_name()})
    assert_error(_track_if_created(items, signed.post("/items", data=body, headers=headers)), 415)


def test_put_without_json_content_type_returns_415(signed: ApiSession, item_id: str) -> None:
    response = signed.put(item_path(item_id), data=json.dumps({"color": "red"}), headers={"Content-Type": "text/plain"})
    assert_error(response, 415)


def test_json_content_type_with_charset_is_accepted(signed: ApiSession, items: ItemFactory) -> None:
    body = json.dumps({"name": unique_name()})
    response = signed.post("/items", data=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert_status(_track_if_created(items, response), 201)


def test_post_body_over_64_kib_returns_413(signed: ApiSession, items: ItemFactory) -> None:
    response = signed.post("/items", data=json_body_of_size(BODY_LIMIT_BYTES + 1), headers=JSON)
    assert_error(_track_if_created(items, response), 413)


def test_put_body_over_64_kib_returns_413(signed: ApiSession, item_id: str) -> None:
    assert_error(signed.put(item_path(item_id), data=json_body_of_size(BODY_LIMIT_BYTES + 1), headers=JSON), 413)


def test_post_body_of_exactly_64_kib_is_accepted(signed: ApiSession, items: ItemFactory) -> None:
    response = signed.post("/items", data=json_body_of_size(BODY_LIMIT_BYTES), headers=JSON)
    assert_status(_track_if_created(items, response), 201)
