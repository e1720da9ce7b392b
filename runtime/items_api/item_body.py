"""Item bodies on the fast path: the precompiled JSON Schema of the models plus the item rules, pydantic only for
a body they refuse.

A body the schema (generated from models.ItemCreate / models.ItemUpdate by `make generate`, committed under
items_api/generated/) and the item rules accept is one the models accept too, and becomes exactly what they
would return. Any other body goes to the models, so a 422 names its fields exactly as they do
(tests/unit/runtime/test_item_body.py holds the two paths to the same answers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from items_api import dynamodb_rules, json_codec
from items_api.item_rules import trimmed_name


def _fast(body: dict[str, Any], validate: Callable[[Any], Any], invalid: type[Exception]) -> dict[str, Any] | None:
    """The attributes as the models would return them (name first, trimmed), or None if not surely valid."""
    try:
        validate(body)
    except invalid:
        return None
    attributes: dict[str, Any] = {}
    try:
        if "name" in body:
            attributes["name"] = trimmed_name(body["name"])
        for name, value in body.items():
            if not json_codec.is_valid_unicode(name):
                return None
            if name != "name":
                attributes[name] = dynamodb_rules.stored_value(value)
    except ValueError:
        return None
    return attributes


def parse_new_item(body: dict[str, Any]) -> dict[str, Any]:
    """The client attributes of a new item (name trimmed), or ItemValidationError naming each bad field."""
    from fastjsonschema import JsonSchemaValueException  # noqa: PLC0415 - first body only

    from items_api.generated import create_body  # noqa: PLC0415

    attributes = _fast(body, create_body.validate, JsonSchemaValueException)
    if attributes is not None:
        return attributes
    from items_api import models  # noqa: PLC0415 - pydantic only for a refused body

    return models.parse_new_item(body)


def parse_item_changes(body: dict[str, Any]) -> dict[str, Any]:
    """The client attributes a PUT sets (name trimmed), or ItemValidationError naming each bad field."""
    from fastjsonschema import JsonSchemaValueException  # noqa: PLC0415

    from items_api.generated import update_body  # noqa: PLC0415

    changes = _fast(body, update_body.validate, JsonSchemaValueException)
    if changes is not None:
        return changes
    from items_api import models  # noqa: PLC0415

    return models.parse_item_changes(body)
