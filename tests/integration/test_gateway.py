"""What the gateway itself answers: IAM authorization, unknown routes, and a request id on every response."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import requests

from apiclient.http import REQUEST_ID_HEADER, ApiSession, item_path

from .client import assert_error, assert_status
from .items import ItemFactory

MISSING_TOKEN = "Missing Authentication Token"
ANY_ITEM = item_path(str(uuid.uuid4()))
PROTECTED_ROUTES = [
    ("GET", "/items"),
    ("POST", "/items"),
    ("GET", ANY_ITEM),
    ("PUT", ANY_ITEM),
    ("DELETE", ANY_ITEM),
]
UNKNOWN_ROUTES = [("GET", "/nope"), ("GET", "/items/x/y"), ("PATCH", "/items"), ("POST", ANY_ITEM)]


def _route_id(route: tuple[str, str]) -> str:
    return f"{route[0]} {route[1].replace(ANY_ITEM, '/items/{id}')}"


@pytest.mark.smoke
def test_unsigned_request_returns_403(unsigned: ApiSession) -> None:
    assert_error(unsigned.get("/items"), 403)


@pytest.mark.parametrize("route", PROTECTED_ROUTES, ids=_route_id)
def test_every_route_rejects_unsigned_requests(unsigned: ApiSession, route: tuple[str, str]) -> None:
    method, path = route
    assert_error(unsigned.request(method, path, json={"name": "x"} if method in ("POST", "PUT") else None), 403)


def test_unsigned_delete_leaves_the_item(signed: ApiSession, unsigned: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    unsigned.delete(item_path(item["itemId"]))
    assert_status(signed.get(item_path(item["itemId"])), 200)


def test_request_signed_with_a_wrong_secret_returns_403(wrongly_signed: ApiSession) -> None:
    assert_error(wrongly_signed.get("/items"), 403)


def test_post_signed_with_a_wrong_secret_returns_403(wrongly_signed: ApiSession) -> None:
    assert_error(wrongly_signed.post("/items", json={"name": "forged"}), 403)


@pytest.mark.parametrize("route", UNKNOWN_ROUTES, ids=_route_id)
def test_unknown_route_returns_403_missing_authentication_token(signed: ApiSession, route: tuple[str, str]) -> None:
    method, path = route
    response = signed.request(method, path)
    assert_error(response, 403)
    assert response.json()["message"] == MISSING_TOKEN


def test_unsigned_request_to_an_unknown_route_returns_403_missing_authentication_token(unsigned: ApiSession) -> None:
    response = unsigned.get("/nope")
    assert_error(response, 403)
    assert response.json()["message"] == MISSING_TOKEN


RESPONSES: dict[str, Callable[[ApiSession, ApiSession], requests.Response]] = {
    "200-list": lambda signed, _: signed.get("/items", params={"limit": 1}),
    "404-unknown-item": lambda signed, _: signed.get(ANY_ITEM),
    "422-invalid-item": lambda signed, _: signed.post("/items", json={"color": "no name"}),
    "403-unsigned": lambda _, unsigned: unsigned.get("/items"),
    "403-unknown-route": lambda _, unsigned: unsigned.get("/nope"),
    "preflight": lambda _, unsigned: unsigned.options(
        "/items", headers={"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"}
    ),
}


@pytest.mark.parametrize("send", RESPONSES.values(), ids=RESPONSES.keys())
def test_every_response_carries_a_request_id(
    signed: ApiSession, unsigned: ApiSession, send: Callable[[ApiSession, ApiSession], requests.Response]
) -> None:
    assert send(signed, unsigned).headers.get(REQUEST_ID_HEADER, "").strip()


def test_created_and_deleted_responses_carry_a_request_id(signed: ApiSession, items: ItemFactory) -> None:
    created = signed.post("/items", json={"name": "request-id"})
    assert_status(created, 201)
    items.track(created.json()["itemId"])
    deleted = signed.delete(item_path(created.json()["itemId"]))
    assert created.headers.get(REQUEST_ID_HEADER, "").strip(), "no request id on 201"
    assert deleted.headers.get(REQUEST_ID_HEADER, "").strip(), "no request id on 204"
