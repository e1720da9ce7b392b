"""JSON escapes of unpaired surrogates ("\\ud800") anywhere in a body: 422 naming the attribute, nothing stored."""

from __future__ import annotations

import pytest
import requests

from apiclient.http import ApiSession, item_path

from .client import assert_error
from .items import ItemFactory, items_marked, list_pages, unique_name

JSON = {"Content-Type": "application/json"}
MARKER = unique_name("invalid-unicode")
# Raw JSON texts: a JSON encoder would not write these escapes (they decode to no Unicode character).
BODIES = {
    "name": ('{"name": "lamp \\ud800", "marker": "%s"}', "name"),
    "value": ('{"name": "lamp", "note": "\\udfff", "marker": "%s"}', "note"),
    "nested value": ('{"name": "lamp", "spec": {"tags": ["ok", "x\\udbff"]}, "marker": "%s"}', "spec"),
    "nested key": ('{"name": "lamp", "spec": {"k\\ud83d": 1}, "marker": "%s"}', "spec"),
    "attribute name": ('{"name": "lamp", "a\\udc00": 1, "marker": "%s"}', "a\\udc00"),
}


def _post(signed: ApiSession, items: ItemFactory, text: str) -> requests.Response:
    response = signed.post("/items", data=text.encode("ascii"), headers=JSON)
    if response.status_code == 201:
        items.track(response.json()["itemId"])
    return response


@pytest.fixture(scope="module")
def responses(signed: ApiSession, module_items: ItemFactory) -> dict[str, requests.Response]:
    """One POST per place an unpaired surrogate can hide, all marked so a wrongly stored item can be found."""
    return {place: _post(signed, module_items, template % MARKER) for place, (template, _) in BODIES.items()}


@pytest.mark.parametrize("place", sorted(BODIES))
def test_post_with_an_unpaired_surrogate_returns_422_naming_the_attribute(
    responses: dict[str, requests.Response], place: str
) -> None:
    body = assert_error(responses[place], 422)
    assert body["field"] == BODIES[place][1]
    responses[place].content.decode("utf-8")  # the refusal itself is valid UTF-8


def test_post_with_an_unpaired_surrogate_stores_nothing(
    signed: ApiSession, responses: dict[str, requests.Response]
) -> None:
    assert items_marked(list_pages(signed, limit=100), "marker", MARKER) == []


@pytest.mark.parametrize("place", sorted(BODIES))
def test_put_with_an_unpaired_surrogate_returns_422_and_changes_nothing(
    signed: ApiSession, items: ItemFactory, place: str
) -> None:
    item = items.create()
    template, field = BODIES[place]
    response = signed.put(item_path(item["itemId"]), data=(template % MARKER).encode("ascii"), headers=JSON)
    assert assert_error(response, 422)["field"] == field
    assert signed.get(item_path(item["itemId"])).json() == item
