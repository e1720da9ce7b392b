"""Optimistic concurrency: If-Match with the item's ETag guards PUT and DELETE."""

from __future__ import annotations

from typing import Any

import pytest

from apiclient.http import ApiSession, etag_for, item_path

from .client import assert_error, assert_status
from .items import ItemFactory


@pytest.fixture
def updated_item(signed: ApiSession, items: ItemFactory) -> dict[str, Any]:
    """An item at version 2, so ETag "1" is stale."""
    item = items.create()
    response = signed.put(item_path(item["itemId"]), json={"color": "red"})
    assert_status(response, 200)
    return response.json()


def test_put_with_stale_if_match_returns_412(signed: ApiSession, updated_item: dict[str, Any]) -> None:
    response = signed.put(item_path(updated_item["itemId"]), json={"color": "blue"}, headers={"If-Match": etag_for(1)})
    assert_error(response, 412)


def test_put_with_stale_if_match_changes_nothing(signed: ApiSession, updated_item: dict[str, Any]) -> None:
    signed.put(item_path(updated_item["itemId"]), json={"color": "blue"}, headers={"If-Match": etag_for(1)})
    assert signed.get(item_path(updated_item["itemId"])).json() == updated_item


def test_put_with_current_if_match_succeeds(signed: ApiSession, updated_item: dict[str, Any]) -> None:
    response = signed.put(item_path(updated_item["itemId"]), json={"color": "blue"}, headers={"If-Match": etag_for(2)})
    assert_status(response, 200)
    assert (response.json()["color"], response.json()["version"]) == ("blue", 3)


def test_delete_with_stale_if_match_returns_412(signed: ApiSession, updated_item: dict[str, Any]) -> None:
    response = signed.delete(item_path(updated_item["itemId"]), headers={"If-Match": etag_for(1)})
    assert_error(response, 412)


def test_delete_with_stale_if_match_keeps_the_item(signed: ApiSession, updated_item: dict[str, Any]) -> None:
    signed.delete(item_path(updated_item["itemId"]), headers={"If-Match": etag_for(1)})
    assert_status(signed.get(item_path(updated_item["itemId"])), 200)


def test_delete_with_current_if_match_returns_204(signed: ApiSession, updated_item: dict[str, Any]) -> None:
    response = signed.delete(item_path(updated_item["itemId"]), headers={"If-Match": etag_for(2)})
    assert_status(response, 204)
    assert_error(signed.get(item_path(updated_item["itemId"])), 404)


def test_etag_from_get_is_accepted_as_if_match(signed: ApiSession, updated_item: dict[str, Any]) -> None:
    etag = signed.get(item_path(updated_item["itemId"])).headers["ETag"]
    response = signed.put(item_path(updated_item["itemId"]), json={"color": "blue"}, headers={"If-Match": etag})
    assert_status(response, 200)


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_412_carries_the_current_etag(signed: ApiSession, updated_item: dict[str, Any], method: str) -> None:
    body = {"json": {"color": "blue"}} if method == "PUT" else {}
    response = signed.request(method, item_path(updated_item["itemId"]), headers={"If-Match": etag_for(1)}, **body)
    assert_error(response, 412)
    assert response.headers.get("ETag") == signed.get(item_path(updated_item["itemId"])).headers["ETag"]


def test_put_retried_with_the_etag_of_its_412_succeeds(signed: ApiSession, updated_item: dict[str, Any]) -> None:
    path = item_path(updated_item["itemId"])
    refused = signed.put(path, json={"color": "blue"}, headers={"If-Match": etag_for(1)})
    assert "ETag" in refused.headers, refused.headers
    assert_status(signed.put(path, json={"color": "blue"}, headers={"If-Match": refused.headers["ETag"]}), 200)


def test_get_with_if_none_match_of_the_current_etag_is_304_without_a_body(
    signed: ApiSession, updated_item: dict[str, Any]
) -> None:
    response = signed.get(item_path(updated_item["itemId"]), headers={"If-None-Match": f"W/{etag_for(2)}"})
    assert (response.status_code, response.headers.get("ETag"), response.content) == (304, etag_for(2), b"")


def test_delete_with_if_none_match_star_is_412_and_the_item_stays(
    signed: ApiSession, updated_item: dict[str, Any]
) -> None:
    response = signed.delete(item_path(updated_item["itemId"]), headers={"If-None-Match": "*"})
    assert_error(response, 412)
    assert signed.get(item_path(updated_item["itemId"])).json() == updated_item


@pytest.mark.parametrize("tag", ['"02"', 'W/"2"', '"2.0"'])
def test_if_match_compares_strongly(signed: ApiSession, updated_item: dict[str, Any], tag: str) -> None:
    response = signed.put(item_path(updated_item["itemId"]), json={"color": "blue"}, headers={"If-Match": tag})
    assert (response.status_code, response.headers.get("ETag")) == (412, etag_for(2))
