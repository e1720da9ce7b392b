"""A factory of items for tests: creates them through the API and deletes them when the test is done."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from apiclient.http import ApiSession, item_path

from .client import assert_status


def unique_name(prefix: str = "item") -> str:
    """A name no other run uses, so leftovers of an interrupted run are recognisable and harmless."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class ItemFactory:
    """Creates items with POST /items and remembers their ids for `cleanup`."""

    def __init__(self, session: ApiSession) -> None:
        self._session = session
        self._created: list[str] = []

    def create(self, **attributes: Any) -> dict[str, Any]:
        """POST an item (a unique name unless one is given); the response must be 201."""
        body = {"name": unique_name(), **attributes}
        response = self._session.post("/items", json=body)
        assert_status(response, 201)
        item = response.json()
        self.track(item["itemId"])
        return item

    def track(self, item_id: str) -> None:
        """Delete `item_id` at cleanup too (for items created by a test's own POST)."""
        self._created.append(item_id)

    def cleanup(self) -> None:
        """Delete every tracked item; one a test already deleted answers 404, which is fine."""
        failures = []
        for item_id in self._created:
            try:
                response = self._session.delete(item_path(item_id))
            except requests.RequestException as error:
                failures.append(f"{item_id}: {error}")
                continue
            if response.status_code not in (204, 404):
                failures.append(f"{item_id}: {response.status_code} {response.text[:200]}")
        self._created.clear()
        assert not failures, f"could not delete test items: {failures}"


def list_pages(session: ApiSession, limit: int, max_pages: int = 1000) -> list[dict[str, Any]]:
    """Every page of GET /items, following nextCursor until it is null."""
    pages: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit}
    while len(pages) < max_pages:
        response = session.get("/items", params=params)
        assert_status(response, 200)
        page = response.json()
        pages.append(page)
        if page["nextCursor"] is None:
            return pages
        params = {"limit": limit, "cursor": page["nextCursor"]}
    raise AssertionError(f"nextCursor was still not null after {max_pages} pages")


def items_marked(pages: list[dict[str, Any]], marker: str, value: str) -> list[dict[str, Any]]:
    """The listed items whose `marker` attribute equals `value` (other items may share the table)."""
    return [item for page in pages for item in page["items"] if item.get(marker) == value]
