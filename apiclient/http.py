"""HTTP plumbing: a session bound to a stage's base URL, and the small helpers every caller of the API needs."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import requests
from requests.auth import AuthBase

REQUEST_TIMEOUT_SECONDS = 35  # above API Gateway's 29 s integration limit, so its 504 is seen, not a client timeout
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
        verb = method.decode() if isinstance(method, bytes) else method
        return super().request(verb, f"{self.base_url}{path}", *args, **kwargs)


def item_path(item_id: str) -> str:
    return f"/items/{item_id}"


def exact_json(response: requests.Response) -> Any:
    """The body parsed without floats, so numbers compare exactly (a string "19.99" stays a string)."""
    return json.loads(response.text, parse_float=Decimal, parse_int=int)


def etag_for(version: int) -> str:
    """The ETag (and If-Match) value of an item version: the version number in double quotes."""
    return f'"{version}"'
