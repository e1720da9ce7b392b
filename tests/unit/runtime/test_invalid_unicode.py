"""Text that is not valid Unicode (JSON escapes of unpaired surrogates) is refused, and never breaks a read.

A JSON text may spell an unpaired surrogate ("\\ud800"); Python decodes it into a str that has no UTF-8 form.
Such a body is refused with 422 naming the attribute, and nothing is stored; an item that already holds such
text (written by another client straight into the table) is still listed and read, with valid UTF-8 bodies.
"""

import json
import uuid

import pytest
from hypothesis import HealthCheck, assume, given, settings
from items_api import json_codec

from reliability.hostile import INVALID_TEXT

JSON = {"Content-Type": "application/json"}
FUNCTION_FIXTURES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def raw_json(body: object) -> str:
    """JSON text with every non-ASCII character escaped, as a hostile client would spell it."""
    return json.dumps(body, ensure_ascii=True)


def holds_unpaired_surrogate(text: str) -> bool:
    """Whether the JSON text still decodes to an unpaired surrogate (an escaped pair decodes to one character)."""
    return any(0xD800 <= ord(character) <= 0xDFFF for character in _characters(json.loads(text)))


def _characters(value: object) -> str:
    """Every character of every string and key in a JSON value."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "".join(key + _characters(inner) for key, inner in value.items())
    if isinstance(value, list):
        return "".join(_characters(inner) for inner in value)
    return ""


def stored_ids(dynamodb, items_table) -> set[str]:
    pages = dynamodb.get_paginator("scan").paginate(TableName=items_table, ProjectionExpression="itemId")
    return {item["itemId"]["S"] for page in pages for item in page["Items"]}


def assert_valid_utf8_json(response) -> object:
    assert response.text is not None
    response.text.encode("utf-8")  # raises on any unpaired surrogate
    return response.json()


BODIES_WITH_INVALID_TEXT = {
    "name": lambda text: ({"name": text}, "name"),
    "value": lambda text: ({"name": "lamp", "note": text}, "note"),
    "nested value": lambda text: ({"name": "lamp", "spec": {"tags": ["ok", text]}}, "spec"),
    "nested key": lambda text: ({"name": "lamp", "spec": {text: 1}}, "spec"),
}


@pytest.mark.parametrize("place", sorted(BODIES_WITH_INVALID_TEXT))
@FUNCTION_FIXTURES
@given(text=INVALID_TEXT)
def test_create_with_invalid_unicode_returns_422_naming_the_attribute(invoke, place, text):
    body, field = BODIES_WITH_INVALID_TEXT[place](text)
    assume(holds_unpaired_surrogate(raw_json(body)))
    response = invoke("POST", "/items", body=raw_json(body), headers=JSON)
    assert (response.status, assert_valid_utf8_json(response)["field"]) == (422, field)


def test_create_with_an_attribute_name_that_is_invalid_unicode_returns_422_naming_it(invoke):
    response = invoke("POST", "/items", body='{"name": "lamp", "a\\udc00": 1}', headers=JSON)
    assert (response.status, assert_valid_utf8_json(response)["field"]) == (422, "a\\udc00")


@pytest.mark.parametrize("place", sorted(BODIES_WITH_INVALID_TEXT))
def test_create_with_invalid_unicode_stores_nothing(invoke, dynamodb, items_table, place):
    body, _ = BODIES_WITH_INVALID_TEXT[place]("x\ud800")
    before = stored_ids(dynamodb, items_table)
    invoke("POST", "/items", body=raw_json(body), headers=JSON)
    assert stored_ids(dynamodb, items_table) == before


def test_idempotent_create_with_invalid_unicode_returns_422(invoke):
    headers = {**JSON, "Idempotency-Key": f"unicode-{uuid.uuid4()}"}
    assert invoke("POST", "/items", body='{"name": "\\ud800"}', headers=headers).status == 422


@pytest.mark.parametrize("place", sorted(BODIES_WITH_INVALID_TEXT))
def test_update_with_invalid_unicode_returns_422_and_changes_nothing(invoke, created_item, place):
    item = created_item()
    body, field = BODIES_WITH_INVALID_TEXT[place]("\udfff")
    response = invoke("PUT", f"/items/{item['itemId']}", body=raw_json(body), headers=JSON)
    assert (response.status, response.json()["field"]) == (422, field)
    assert invoke("GET", f"/items/{item['itemId']}").json() == item


@pytest.fixture
def stored_invalid_item(stored_item):
    """An item holding unpaired surrogates in its name, a value and a nested key, written straight to the table."""
    return stored_item(
        name={"S": "bad \ud800 name"},
        note={"S": "\udc00"},
        spec={"M": {"k\ud83d": {"L": [{"S": "\udbff!"}]}}},
    )


def test_get_of_a_stored_item_with_invalid_unicode_answers_200_in_valid_utf8(invoke, stored_invalid_item):
    response = invoke("GET", f"/items/{stored_invalid_item}")
    assert (response.status, assert_valid_utf8_json(response)["name"]) == (200, "bad \ufffd name")


def test_list_with_a_stored_item_with_invalid_unicode_lists_it_in_valid_utf8(all_pages, stored_invalid_item):
    listed = {item["itemId"]: item for page in all_pages() for item in page["items"]}
    assert listed[stored_invalid_item]["note"] == "\ufffd"


@given(INVALID_TEXT)
def test_serialized_text_is_always_valid_utf8(text):
    json_codec.dumps({text: [text]}).encode("utf-8")
