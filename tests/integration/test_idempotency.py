"""Idempotent POST: a retry with the same Idempotency-Key and body replays the first answer and creates nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from apiclient.http import ApiSession, item_path

from .client import assert_error, assert_status
from .items import ItemFactory, items_marked, list_pages, unique_name

MARKER = "idempotencyRun"


def _post(session: ApiSession, key: str, body: dict[str, Any]) -> requests.Response:
    return session.post("/items", json=body, headers={"Idempotency-Key": key})


@pytest.fixture(scope="module")
def retried(signed: ApiSession, module_items: ItemFactory) -> tuple[str, requests.Response, requests.Response]:
    """The same POST sent twice with one Idempotency-Key: (marker value, first response, retry)."""
    marker = unique_name("idem")
    key = str(uuid.uuid4())
    body = {"name": unique_name(), MARKER: marker}
    first = _post(signed, key, body)
    retry = _post(signed, key, body)
    for response in (first, retry):
        if response.status_code == 201:
            module_items.track(response.json()["itemId"])
    return marker, first, retry


def test_first_post_with_idempotency_key_returns_201(retried: tuple[str, requests.Response, requests.Response]) -> None:
    assert_status(retried[1], 201)


def test_retry_returns_the_same_status(retried: tuple[str, requests.Response, requests.Response]) -> None:
    _, first, retry = retried
    assert retry.status_code == first.status_code


def test_retry_returns_the_same_body(retried: tuple[str, requests.Response, requests.Response]) -> None:
    _, first, retry = retried
    assert retry.json() == first.json()


def test_retry_names_the_item_of_the_first_post(retried: tuple[str, requests.Response, requests.Response]) -> None:
    _, first, retry = retried
    assert retry.json()["itemId"] == first.json()["itemId"]


def test_item_of_the_first_post_exists(
    signed: ApiSession, retried: tuple[str, requests.Response, requests.Response]
) -> None:
    _, first, _ = retried
    response = signed.get(item_path(first.json()["itemId"]))
    assert_status(response, 200)
    assert response.json() == first.json()


def test_retry_creates_no_second_item(
    signed: ApiSession, retried: tuple[str, requests.Response, requests.Response]
) -> None:
    marker, _, _ = retried
    assert len(items_marked(list_pages(signed, limit=100), MARKER, marker)) == 1


def test_same_key_with_a_different_body_returns_422(signed: ApiSession, items: ItemFactory) -> None:
    key = str(uuid.uuid4())
    first = _post(signed, key, {"name": unique_name()})
    assert_status(first, 201)
    items.track(first.json()["itemId"])
    assert_error(_post(signed, key, {"name": unique_name()}), 422)


def test_posts_without_a_key_create_distinct_items(signed: ApiSession, items: ItemFactory) -> None:
    body = {"name": unique_name()}
    first = items.create(**body)
    second = items.create(**body)
    assert first["itemId"] != second["itemId"]


def test_different_keys_with_the_same_body_create_distinct_items(signed: ApiSession, items: ItemFactory) -> None:
    body = {"name": unique_name()}
    first = _post(signed, str(uuid.uuid4()), body)
    second = _post(signed, str(uuid.uuid4()), body)
    for response in (first, second):
        assert_status(response, 201)
        items.track(response.json()["itemId"])
    assert first.json()["itemId"] != second.json()["itemId"]


def test_idempotency_key_of_255_characters_is_accepted(signed: ApiSession, items: ItemFactory) -> None:
    response = _post(signed, f"{uuid.uuid4()}".ljust(255, "k"), {"name": unique_name()})
    assert_status(response, 201)
    items.track(response.json()["itemId"])


def test_idempotency_key_over_255_characters_is_rejected(signed: ApiSession, items: ItemFactory) -> None:
    response = _post(signed, f"{uuid.uuid4()}".ljust(256, "k"), {"name": unique_name()})
    if response.status_code == 201:
        items.track(response.json()["itemId"])
    assert response.status_code in (400, 422), response.text[:500]
    assert_error(response, response.status_code)
