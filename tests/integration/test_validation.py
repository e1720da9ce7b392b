"""Item validation: 422 for bodies that are JSON objects but break the item rules, and the limits that still pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from apiclient.http import ApiSession, item_path

from .client import assert_error, assert_status
from .items import ItemFactory, unique_name

SERVER_OWNED_FIELDS: dict[str, Any] = {
    "itemId": "00000000-0000-4000-8000-000000000000",
    "version": 7,
    "createdAt": "2020-01-01T00:00:00Z",
    "updatedAt": "2020-01-01T00:00:00Z",
}
MAX_ATTRIBUTES = 50
MAX_NAME_LENGTH = 200
MAX_ATTRIBUTE_NAME_LENGTH = 64


def nested(levels: int) -> Any:
    """A value of `levels` containers inside one another, alternating objects and arrays."""
    value: Any = "leaf"
    for level in range(levels):
        value = {"inner": value} if level % 2 == 0 else [value]
    return value


def attributes(count: int) -> dict[str, int]:
    """`count` extra attributes besides `name`."""
    return {f"attr_{index}": index for index in range(count)}


Post = Callable[[Any], requests.Response]


@pytest.fixture
def posted(signed: ApiSession, items: ItemFactory) -> Post:
    """POST a body; a 201 is tracked for cleanup, so a test of a limit that wrongly passes leaves nothing behind."""

    def post(body: Any) -> requests.Response:
        response = signed.post("/items", json=body)
        if response.status_code == 201:
            items.track(response.json()["itemId"])
        return response

    return post


def test_missing_name_returns_422_naming_the_field(posted: Post) -> None:
    body = assert_error(posted({"color": "blue"}), 422)
    assert "name" in str(body)


@pytest.mark.parametrize(
    "name",
    ["", "   ", "\t\n", "x" * (MAX_NAME_LENGTH + 1), 123, None, ["x"]],
    ids=["empty", "spaces", "whitespace", "201-chars", "number", "null", "array"],
)
def test_bad_name_returns_422_naming_the_field(posted: Post, name: Any) -> None:
    body = assert_error(posted({"name": name}), 422)
    assert "name" in str(body)


def test_name_of_200_characters_is_accepted(posted: Post) -> None:
    assert_status(posted({"name": "x" * MAX_NAME_LENGTH}), 201)


@pytest.mark.parametrize(
    "attribute",
    ["bad-name", "a" * (MAX_ATTRIBUTE_NAME_LENGTH + 1), "has space", "dotted.name", "naïve"],
    ids=["hyphen", "65-chars", "space", "dot", "non-ascii"],
)
def test_bad_attribute_name_returns_422_naming_it(posted: Post, attribute: str) -> None:
    body = assert_error(posted({"name": unique_name(), attribute: 1}), 422)
    assert attribute in str(body)


def test_empty_attribute_name_returns_422(posted: Post) -> None:
    assert_error(posted({"name": unique_name(), "": 1}), 422)


def test_attribute_name_of_64_word_characters_is_accepted(posted: Post) -> None:
    assert_status(posted({"name": unique_name(), "A_z0" * 16: 1}), 201)


def test_more_than_50_attributes_returns_422(posted: Post) -> None:
    assert_error(posted({"name": unique_name(), **attributes(MAX_ATTRIBUTES)}), 422)


def test_50_attributes_including_name_are_accepted(posted: Post) -> None:
    assert_status(posted({"name": unique_name(), **attributes(MAX_ATTRIBUTES - 1)}), 201)


def test_value_nested_32_levels_returns_422(posted: Post) -> None:
    assert_error(posted({"name": unique_name(), "deep": nested(32)}), 422)


def test_value_nested_31_levels_is_accepted(posted: Post) -> None:
    assert_status(posted({"name": unique_name(), "deep": nested(31)}), 201)


@pytest.mark.parametrize("field", sorted(SERVER_OWNED_FIELDS))
def test_post_setting_a_server_owned_field_returns_422_naming_it(posted: Post, field: str) -> None:
    body = assert_error(posted({"name": unique_name(), field: SERVER_OWNED_FIELDS[field]}), 422)
    assert field in str(body)


@pytest.mark.parametrize("field", sorted(SERVER_OWNED_FIELDS))
def test_put_setting_a_server_owned_field_returns_422(signed: ApiSession, items: ItemFactory, field: str) -> None:
    item = items.create()
    assert_error(signed.put(item_path(item["itemId"]), json={field: SERVER_OWNED_FIELDS[field]}), 422)


def test_put_with_an_empty_object_returns_422(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    assert_error(signed.put(item_path(item["itemId"]), json={}), 422)


def test_put_validates_the_name(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    body = assert_error(signed.put(item_path(item["itemId"]), json={"name": "  "}), 422)
    assert "name" in str(body)


def test_put_validates_attribute_names(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    assert_error(signed.put(item_path(item["itemId"]), json={"bad-name": 1}), 422)


def test_put_with_more_than_50_attributes_returns_422(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    assert_error(signed.put(item_path(item["itemId"]), json=attributes(MAX_ATTRIBUTES + 1)), 422)


def test_rejected_put_leaves_the_item_unchanged(signed: ApiSession, items: ItemFactory) -> None:
    item = items.create()
    signed.put(item_path(item["itemId"]), json={"name": "", "color": "red"})
    assert signed.get(item_path(item["itemId"])).json() == item
