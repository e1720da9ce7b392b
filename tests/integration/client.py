"""HTTP plumbing for the suite: a session bound to the stage base URL, and the checks every response shares."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import requests
from requests.auth import AuthBase

REQUEST_TIMEOUT_SECONDS = 35  # above API Gateway's 29 s integration limit, so its 504 is seen, not a client timeout
BROWSER_ORIGIN = "https://app.example.com"
REQUEST_ID_HEADER = "x-amzn-RequestId"
# CamelCase names ending in Error/Exception: Python or botocore exception classes leaking into a body.
EXCEPTION_CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:Error|Exception)\b")


class ApiSession(requests.Session):
    """A requests session whose paths are relative to the stage base URL, with a timeout on every call."""

    def __init__(self, base_url: str, auth: AuthBase | None = None) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.auth = auth

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", REQUEST_TIMEOUT_SECONDS)
        path = url.decode() if isinstance(url, bytes) else url
        return super().request(method, f"{self.base_url}{path}", *args, **kwargs)


def item_path(item_id: str) -> str:
    return f"/items/{item_id}"


def exact_json(response: requests.Response) -> Any:
    """The body parsed without floats, so numbers compare exactly (a string "19.99" stays a string)."""
    return json.loads(response.text, parse_float=Decimal, parse_int=int)


def etag_for(version: int) -> str:
    """The ETag (and If-Match) value of an item version: the version number in double quotes."""
    return f'"{version}"'


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
