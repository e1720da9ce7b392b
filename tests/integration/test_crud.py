"""Create, read, update and delete single items: statuses, server-owned fields, Location and ETag."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

from apiclient.http import ApiSession, etag_for, item_path

from .client import assert_error, assert_status
from .items import ItemFactory, unique_name

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def _instant(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp)


def _client_view(item: dict[str, Any]) -> dict[str, Any]:
    """The item without the fields an update changes on its own."""
    return {key: value for key, value in item.items() if key not in ("version", "updatedAt")}


@pytest.fixture(scope="module")
def creation(signed: ApiSession, module_items: ItemFactory) -> tuple[dict[str, Any], requests.Response]:
    """One POST /items shared by the tests that inspect its response."""
    body: dict[str, Any] = {"name": unique_name("crud"), "color": "blue", "size": 3}
    response = signed.post("/items", json=body)
    if response.status_code == 201:
        module_items.track(response.json()["itemId"])
    return body, response


@pytest.fixture(scope="module")
def created(creation: tuple[dict[str, Any], requests.Response]) -> dict[str, Any]:
    _, response = creation
    assert_status(response, 201)
    return response.json()


def test_post_returns_201(creation: tuple[dict[str, Any], requests.Response]) -> None:
    assert_status(creation[1], 201)


def test_post_assigns_a_uuid4_item_id(created: dict[str, Any]) -> None:
    parsed = uuid.UUID(created["itemId"])
    assert parsed.version == 4
    assert str(parsed) == created["itemId"]


@pytest.mark.parametrize("field", ["createdAt", "updatedAt"])
def test_post_sets_timestamps_in_iso_8601_utc(created: dict[str, Any], field: str) -> None:
    assert ISO_UTC.match(created[field]), created[field]


def test_post_starts_at_version_1(created: dict[str, Any]) -> None:
    assert created["version"] == 1


def test_post_returns_the_client_attributes(
    creation: tuple[dict[str, Any], requests.Response], created: dict[str, Any]
) -> None:
    sent, _ = creation
    assert {key: created[key] for key in sent} == sent


def test_post_location_header_names_the_item(
    creation: tuple[dict[str, Any], requests.Response], created: dict[str, Any]
) -> None:
    assert creation[1].headers.get("Location", "").endswith(item_path(created["itemId"]))


def test_post_location_resolves_to_the_item_under_the_stage(
    signed: ApiSession, creation: tuple[dict[str, Any], requests.Response], created: dict[str, Any]
) -> None:
    response = creation[1]
    resolved = urljoin(response.request.url or "", response.headers["Location"])
    assert resolved == f"{signed.base_url}{item_path(created['itemId'])}"


def test_following_the_post_location_gets_the_item(
    signed: ApiSession, creation: tuple[dict[str, Any], requests.Response], created: dict[str, Any]
) -> None:
    response = creation[1]
    location = urljoin(response.request.url or "", response.headers["Location"])
    followed = requests.get(location, auth=signed.auth, timeout=35)
    assert_status(followed, 200)
    assert followed.json() == created


def test_post_etag_is_the_quoted_version_1(creation: tuple[dict[str, Any], requests.Response]) -> None:
    assert creation[1].headers.get("ETag") == etag_for(1)


def test_get_returns_the_stored_item(signed: ApiSession, created: dict[str, Any]) -> None:
    response = signed.get(item_path(created["itemId"]))
    assert_status(response, 200)
    assert response.json() == created


def test_get_returns_the_etag_of_the_current_version(signed: ApiSession, created: dict[str, Any]) -> None:
    response = signed.get(item_path(created["itemId"]))
    assert response.headers.get("ETag") == etag_for(created["version"])


def test_get_unknown_item_returns_404(signed: ApiSession) -> None:
    assert_error(signed.get(item_path(str(uuid.uuid4()))), 404)


def test_put_sets_given_attributes_and_keeps_the_others(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create(color="blue", size=3)
    response = signed.put(item_path(item["itemId"]), json={"color": "red"})
    assert_status(response, 200)
    assert _client_view(response.json()) == _client_view({**item, "color": "red"})


def test_put_increments_the_version_and_returns_its_etag(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    response = signed.put(item_path(item["itemId"]), json={"color": "red"})
    assert response.json()["version"] == 2
    assert response.headers.get("ETag") == etag_for(2)


def test_put_keeps_created_at_and_moves_updated_at_forward(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    updated = signed.put(item_path(item["itemId"]), json={"color": "red"}).json()
    assert updated["createdAt"] == item["createdAt"]
    assert ISO_UTC.match(updated["updatedAt"]), updated["updatedAt"]
    assert _instant(updated["updatedAt"]) >= _instant(item["updatedAt"])


def test_put_result_is_what_get_returns(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    updated = signed.put(item_path(item["itemId"]), json={"color": "green"}).json()
    assert signed.get(item_path(item["itemId"])).json() == updated


def test_put_unknown_item_returns_404(signed: ApiSession, items: ItemFactory) -> None:
    item_id = str(uuid.uuid4())
    items.track(item_id)  # removed again should the PUT wrongly create it
    assert_error(signed.put(item_path(item_id), json={"name": "ghost"}), 404)


def test_put_never_creates_an_item(signed: ApiSession, items: ItemFactory) -> None:
    item_id = str(uuid.uuid4())
    items.track(item_id)
    signed.put(item_path(item_id), json={"name": "ghost"})
    assert_error(signed.get(item_path(item_id)), 404)


def test_delete_returns_204_with_no_body(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    response = signed.delete(item_path(item["itemId"]))
    assert_status(response, 204)
    assert response.content == b""


def test_deleted_item_is_gone(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    signed.delete(item_path(item["itemId"]))
    assert_error(signed.get(item_path(item["itemId"])), 404)


def test_delete_unknown_item_returns_404(signed: ApiSession) -> None:
    assert_error(signed.delete(item_path(str(uuid.uuid4()))), 404)


@pytest.mark.smoke
def test_item_lifecycle_create_get_update_list_delete(signed: ApiSession, items: ItemFactory) -> None:
    created = items.create(stage="smoke")
    path = item_path(created["itemId"])

    fetched = signed.get(path)
    updated = signed.put(path, json={"stage": "smoke-updated"}, headers={"If-Match": etag_for(1)})
    listed = signed.get("/items", params={"limit": 5})
    deleted = signed.delete(path, headers={"If-Match": etag_for(2)})
    after_delete = signed.get(path)

    assert_status(fetched, 200)
    assert fetched.json() == created
    assert_status(updated, 200)
    assert (updated.json()["stage"], updated.json()["version"]) == ("smoke-updated", 2)
    assert_status(listed, 200)
    assert set(listed.json()) >= {"items", "count", "nextCursor"}
    assert_status(deleted, 204)
    assert_error(after_delete, 404)
