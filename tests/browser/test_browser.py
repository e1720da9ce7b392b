"""The API from headless Chromium on another origin, signed in the page with aws4fetch: every status, header
and body below is what the page's JavaScript could read, so a header CORS fails to expose reads as None."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

from tests.browser.conftest import BrowserResults

MISSING_TOKEN = {"message": "Missing Authentication Token"}


def _step(browser: BrowserResults, name: str, status: int) -> dict[str, Any]:
    step = browser.steps[name]
    assert step["status"] == status, f"{name}: {step['status']} {step['body'][:300]}"
    assert step["headers"]["x-amzn-RequestId"], f"{name}: x-amzn-RequestId not readable: {step['headers']}"
    return step


def test_page_and_api_are_different_origins(browser: BrowserResults) -> None:
    page, api = (urlsplit(origin) for origin in browser.origins)
    assert (page.scheme, page.hostname, page.port) != (api.scheme, api.hostname, api.port)


def test_create_exposes_etag_and_location_to_the_page(browser: BrowserResults) -> None:
    created = _step(browser, "create (Idempotency-Key)", 201)

    assert created["headers"]["ETag"], created["headers"]
    api = browser.origins[1]
    assert urljoin(f"{api}/", created["headers"]["Location"]) == f"{api}/items/{json.loads(created['body'])['itemId']}"


def test_retry_with_the_same_idempotency_key_returns_the_same_item(browser: BrowserResults) -> None:
    first = json.loads(browser.steps["create (Idempotency-Key)"]["body"])
    retry = json.loads(_step(browser, "retry with the same key", 201)["body"])

    assert retry["itemId"] == first["itemId"]


def test_following_location_reads_the_item_and_its_etag(browser: BrowserResults) -> None:
    created = browser.steps["create (Idempotency-Key)"]
    read = _step(browser, "follow Location", 200)

    assert json.loads(read["body"])["itemId"] == json.loads(created["body"])["itemId"]
    assert read["headers"]["ETag"] == created["headers"]["ETag"]


def test_update_with_if_match_returns_a_new_etag(browser: BrowserResults) -> None:
    updated = _step(browser, "update with If-Match", 200)

    assert updated["headers"]["ETag"] not in (None, browser.steps["follow Location"]["headers"]["ETag"])
    assert json.loads(updated["body"])["price"] == 14


def test_stale_update_is_412_and_the_page_reads_its_etag_when_the_api_sends_one(browser: BrowserResults) -> None:
    stale = _step(browser, "stale update (old If-Match)", 412)

    assert stale["headers"]["ETag"] == browser.stale_etag_outside_the_browser


def test_list_shows_the_updated_item(browser: BrowserResults) -> None:
    listed = json.loads(_step(browser, "list", 200)["body"])
    created_id = json.loads(browser.steps["create (Idempotency-Key)"]["body"])["itemId"]

    assert created_id in [item["itemId"] for item in listed["items"]]


def test_delete_with_if_match_is_204(browser: BrowserResults) -> None:
    assert _step(browser, "delete with If-Match", 204)["body"] == ""


def test_unsigned_request_gets_a_readable_403(browser: BrowserResults) -> None:
    assert json.loads(_step(browser, "unsigned request", 403)["body"]) == MISSING_TOKEN


def test_unknown_route_gets_a_readable_403(browser: BrowserResults) -> None:
    assert json.loads(_step(browser, "unknown route", 403)["body"]) == MISSING_TOKEN


def test_database_outage_is_a_503_whose_retry_after_the_page_reads(browser: BrowserResults) -> None:
    outage = _step(browser, "database down", 503)

    assert outage["headers"]["Retry-After"], outage["headers"]
    assert int(outage["headers"]["Retry-After"]) > 0
    assert json.loads(outage["body"])["message"]


def test_every_step_did_what_it_expected(browser: BrowserResults) -> None:
    failed = {name: (step["status"], step["expected"]) for name, step in browser.steps.items() if not step["pass"]}
    assert failed == {}


def test_screenshot_of_the_results_is_saved(browser: BrowserResults) -> None:
    assert browser.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
