"""CORS: preflight answers, and the allow-origin header on every response a browser may read, errors included."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import requests

from apiclient.http import ApiSession, item_path

from .client import BROWSER_ORIGIN, assert_cors_origin, assert_status, header_values
from .items import ItemFactory, unique_name

ORIGIN = {"Origin": BROWSER_ORIGIN}
PREFLIGHT_PATHS = {"items": "/items", "item": item_path(str(uuid.uuid4()))}
REQUIRED_METHODS = {"get", "post", "put", "delete", "options"}
REQUIRED_REQUEST_HEADERS = {
    "idempotency-key",
    "if-match",
    "content-type",
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "x-amz-user-agent",
}
# What a browser script must be able to read on every response, errors from the gateway included.
READABLE_HEADERS = {"etag", "location", "retry-after", "x-amzn-requestid"}


def _preflight(session: ApiSession, path: str, method: str) -> requests.Response:
    return session.options(
        path,
        headers={
            **ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type,authorization,x-amz-content-sha256,x-amz-date,"
            "x-amz-user-agent,idempotency-key,if-match",
        },
    )


@pytest.mark.smoke
@pytest.mark.parametrize("path", PREFLIGHT_PATHS.values(), ids=PREFLIGHT_PATHS.keys())
def test_preflight_succeeds_without_a_signature(unsigned: ApiSession, path: str) -> None:
    response = _preflight(unsigned, path, "PUT")
    assert 200 <= response.status_code < 300, f"{response.status_code}: {response.text[:300]}"
    assert_cors_origin(response)


@pytest.mark.parametrize("path", PREFLIGHT_PATHS.values(), ids=PREFLIGHT_PATHS.keys())
def test_preflight_allows_every_api_method(unsigned: ApiSession, path: str) -> None:
    response = _preflight(unsigned, path, "DELETE")
    assert header_values(response, "Access-Control-Allow-Methods") >= REQUIRED_METHODS, response.headers


@pytest.mark.parametrize("path", PREFLIGHT_PATHS.values(), ids=PREFLIGHT_PATHS.keys())
def test_preflight_allows_the_request_headers_the_api_reads(unsigned: ApiSession, path: str) -> None:
    response = _preflight(unsigned, path, "POST")
    assert header_values(response, "Access-Control-Allow-Headers") >= REQUIRED_REQUEST_HEADERS, response.headers


@pytest.mark.parametrize("path", PREFLIGHT_PATHS.values(), ids=PREFLIGHT_PATHS.keys())
def test_preflight_may_be_cached_by_the_browser(unsigned: ApiSession, path: str) -> None:
    max_age = _preflight(unsigned, path, "GET").headers.get("Access-Control-Max-Age", "")
    assert max_age.isdigit() and int(max_age) > 0, f"Access-Control-Max-Age is {max_age!r}"


@pytest.fixture(scope="module")
def browser_created(signed: ApiSession, module_items: ItemFactory) -> requests.Response:
    """A POST /items sent the way a browser on another origin sends it."""
    response = signed.post("/items", json={"name": unique_name("cors")}, headers=ORIGIN)
    assert_status(response, 201)
    module_items.track(response.json()["itemId"])
    return response


def test_created_response_allows_the_origin(browser_created: requests.Response) -> None:
    assert_cors_origin(browser_created)


def test_created_response_exposes_what_browsers_read(browser_created: requests.Response) -> None:
    assert header_values(browser_created, "Access-Control-Expose-Headers") >= READABLE_HEADERS


def test_get_response_allows_the_origin_and_exposes_etag(
    signed: ApiSession, browser_created: requests.Response
) -> None:
    response = signed.get(item_path(browser_created.json()["itemId"]), headers=ORIGIN)
    assert_status(response, 200)
    assert_cors_origin(response)
    assert "etag" in header_values(response, "Access-Control-Expose-Headers")


ERROR_REQUESTS: dict[str, Callable[[ApiSession, ApiSession], requests.Response]] = {
    "404-unknown-item": lambda signed, _: signed.get(item_path(str(uuid.uuid4())), headers=ORIGIN),
    "422-invalid-item": lambda signed, _: signed.post("/items", json={"color": "no name"}, headers=ORIGIN),
    "400-bad-limit": lambda signed, _: signed.get("/items", params={"limit": "0"}, headers=ORIGIN),
    "415-not-json": lambda signed, _: signed.post(
        "/items", data="{}", headers={**ORIGIN, "Content-Type": "text/plain"}
    ),
    "403-unsigned": lambda _, unsigned: unsigned.get("/items", headers=ORIGIN),
    "403-unknown-route": lambda _, unsigned: unsigned.get("/nope", headers=ORIGIN),
}


@pytest.mark.parametrize("send", ERROR_REQUESTS.values(), ids=ERROR_REQUESTS.keys())
def test_error_response_allows_the_origin(
    signed: ApiSession, unsigned: ApiSession, send: Callable[[ApiSession, ApiSession], requests.Response]
) -> None:
    response = send(signed, unsigned)
    assert response.status_code >= 400, response.status_code
    assert_cors_origin(response)


@pytest.mark.parametrize("send", ERROR_REQUESTS.values(), ids=ERROR_REQUESTS.keys())
def test_error_response_exposes_what_browsers_read(
    signed: ApiSession, unsigned: ApiSession, send: Callable[[ApiSession, ApiSession], requests.Response]
) -> None:
    response = send(signed, unsigned)
    assert header_values(response, "Access-Control-Expose-Headers") >= READABLE_HEADERS, response.headers
