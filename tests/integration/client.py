"""Assertions every response of the suite shares; the HTTP client itself is the shared `apiclient` package."""

from __future__ import annotations

from typing import Any

import requests

from apiclient.http import EXCEPTION_CLASS_NAME

BROWSER_ORIGIN = "https://app.example.com"


def assert_status(response: requests.Response, status: int) -> None:
    """The status, with the body in the failure message so a mismatch explains itself."""
    assert response.status_code == status, (
        f"{response.request.method} {response.request.url}: expected {status}, "
        f"got {response.status_code}: {response.text[:500]}"
    )


def assert_error(response: requests.Response, status: int) -> dict[str, Any]:
    """An error response: the status, a JSON object with a non-empty `message`, and no internals leaked."""
    assert_status(response, status)
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    assert "Traceback" not in response.text, response.text
    leaked = EXCEPTION_CLASS_NAME.search(response.text)
    assert leaked is None, f"exception class name {leaked.group(0)!r} in body: {response.text[:500]}"
    body = response.json()
    assert isinstance(body, dict), body
    assert isinstance(body.get("message"), str), body
    assert body["message"].strip(), body
    return body


def header_values(response: requests.Response, name: str) -> set[str]:
    """A comma-separated header's values, lower-cased (header lists are case-insensitive tokens)."""
    return {value.strip().lower() for value in response.headers.get(name, "").split(",") if value.strip()}


def assert_cors_origin(response: requests.Response, origin: str = BROWSER_ORIGIN) -> None:
    """The response lets a browser at `origin` read it."""
    allowed = response.headers.get("Access-Control-Allow-Origin")
    assert allowed in ("*", origin), f"Access-Control-Allow-Origin is {allowed!r} on {response.status_code}"
