"""The item rules that need no pydantic: names, attribute names and counts (models.py and item_body.py share them)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from items_api import dynamodb_rules
from items_api.exceptions import FieldProblem, ItemValidationError

SERVER_FIELDS = ("itemId", "createdAt", "updatedAt", "version")
NAME_MAX_LENGTH = 200
MAX_ATTRIBUTES = 50
ATTRIBUTE_NAME_PATTERN = r"^[A-Za-z0-9_]{1,64}$"
# The name rule ("1-200 characters after trimming") as a regex, for clients reading the OpenAPI document.
NAME_PATTERN = r"^\s*\S(?:[\s\S]{0,198}\S)?\s*$"
_ATTRIBUTE_NAME = re.compile(ATTRIBUTE_NAME_PATTERN)


def trimmed_name(value: str) -> str:
    """The name as stored (trimmed); ValueError unless it is valid Unicode of 1-200 characters after trimming."""
    name = dynamodb_rules.check_text(value).strip()
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        raise ValueError(f"must be 1-{NAME_MAX_LENGTH} characters after trimming")
    return name


def client_attribute_name(name: str) -> str:
    """`name` if a client may set it; ValueError for a server field or a name outside [A-Za-z0-9_]{1,64}."""
    if name in SERVER_FIELDS:
        raise ValueError(f"{name} is set by the server")
    if not _ATTRIBUTE_NAME.fullmatch(name):
        raise ValueError("attribute names are 1-64 characters from A-Z, a-z, 0-9 and _")
    return name


def check_merged_attributes(stored: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
    """ItemValidationError if setting `changes` on the `stored` item would give it over MAX_ATTRIBUTES.

    An item already over the limit (stored before merged items were checked) may change its attributes but
    not add more.
    """
    existing = set(stored) - set(SERVER_FIELDS)
    added = set(changes) - existing
    if added and len(existing) + len(added) > MAX_ATTRIBUTES:
        message = (
            f"an item has at most {MAX_ATTRIBUTES} attributes (name included): it has {len(existing)}, "
            f"and this update adds {len(added)}"
        )
        raise ItemValidationError([FieldProblem(field="body", message=message)])
