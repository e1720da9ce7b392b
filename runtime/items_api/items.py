"""Item lifecycle (create, read, list, update, delete): the domain rules, with no knowledge of HTTP."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from items_api import json_codec, names
from items_api.cursor import decode_cursor, encode_cursor, signing_key
from items_api.exceptions import (
    FieldProblem,
    ItemNotFoundError,
    ItemValidationError,
    UpdateConflictError,
    VersionMismatchError,
)
from items_api.item_body import parse_item_changes, parse_new_item
from items_api.item_rules import check_merged_attributes
from items_api.observability import count
from items_api.settings import get_settings
from items_api.store import ConditionFailedError, ItemsTable, ItemTooLargeError
from items_api.versions import ANY_VERSION, VersionCondition

# Ids are issued by this service as lowercase UUID4; anything else cannot name an item (and is never sent to DynamoDB).
_ITEM_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# Each failed attempt means another write to the item succeeded meanwhile; past this many, the client retries.
MAX_UPDATE_ATTEMPTS = 5
# Lambda refuses a response over 6,291,556 bytes (and API Gateway then answers 502); one Scan page can hold 1 MB of
# items, up to 7 MB once JSON-escaped twice. A list page stops below this budget, leaving room for the headers and
# the rest of the response. One item is at most 400 KB stored, under 3 MB escaped, so every page holds one.
PAGE_BUDGET_BYTES = 5_000_000


def _too_large() -> ItemValidationError:
    return ItemValidationError([FieldProblem("body", "the item would exceed DynamoDB's 400 KB item size limit")])


@dataclass(frozen=True)
class ItemPage:
    """One page of items, each as its JSON text, and the cursor of the next page (None when this is the last one)."""

    items: list[json_codec.EncodedJson]
    next_cursor: str | None


@lru_cache(maxsize=1)
def _table() -> ItemsTable:
    return ItemsTable(get_settings().items_table_name, key=names.ITEMS_PARTITION_KEY)


@lru_cache(maxsize=1)
def _cursor_key() -> bytes:
    return signing_key(get_settings().items_table_name)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _public(item: dict[str, Any]) -> dict[str, Any]:
    """Server fields first in a fixed order, then the client attributes by name; version as an int."""
    ordered = {"itemId": item["itemId"], "name": item["name"], "createdAt": item["createdAt"]}
    ordered["updatedAt"] = item["updatedAt"]
    ordered["version"] = int(item["version"])
    ordered.update(sorted((key, value) for key, value in item.items() if key not in ordered))
    return ordered


def _existing_id(item_id: str) -> str:
    if not _ITEM_ID.fullmatch(item_id):
        raise ItemNotFoundError(item_id)
    return item_id


def new_item_attributes(body: dict[str, Any]) -> dict[str, Any]:
    """The client attributes of a new item as they will be stored, or ItemValidationError naming each bad field.

    What passes is bounded (nesting, numbers, valid text), so it can be serialized and hashed safely.
    """
    return parse_new_item(body)


def create_item(body: dict[str, Any]) -> dict[str, Any]:
    """Validate the client attributes and store them as a new item at version 1."""
    return create_valid_item(new_item_attributes(body))


def create_valid_item(attributes: dict[str, Any]) -> dict[str, Any]:
    """Store attributes that passed `new_item_attributes` as a new item at version 1."""
    now = _now()
    item = {**attributes, "itemId": str(uuid.uuid4()), "createdAt": now, "updatedAt": now, "version": 1}
    try:
        _table().put_new(item)
    except ItemTooLargeError:
        raise _too_large() from None
    count(names.METRIC_ITEMS_CREATED)
    return _public(item)


def get_item(item_id: str) -> dict[str, Any]:
    item = _table().get(_existing_id(item_id))
    if item is None:
        raise ItemNotFoundError(item_id)
    return _public(item)


def list_items(limit: int, cursor: str | None) -> ItemPage:
    """One DynamoDB page (Scan with Limit): it may hold fewer than `limit` items and still have a next cursor.

    The page ends early when its items would pass PAGE_BUDGET_BYTES in the response; its cursor then continues
    after the last item returned, not after the last item DynamoDB read, so the items left out come next.
    """
    start_after = decode_cursor(_cursor_key(), cursor) if cursor is not None else None
    stored, last_id = _table().scan_page(limit, start_after)
    page: list[json_codec.EncodedJson] = []
    size = 0
    for item in stored:
        encoded = json_codec.EncodedJson(json_codec.dumps(_public(item)))  # encoded once: measured, then sent
        size += json_codec.response_size(encoded) + 1  # and the comma between items
        if page and size > PAGE_BUDGET_BYTES:
            return ItemPage(items=page, next_cursor=encode_cursor(_cursor_key(), stored[len(page) - 1]["itemId"]))
        page.append(encoded)
    next_cursor = encode_cursor(_cursor_key(), last_id) if last_id is not None else None
    return ItemPage(items=page, next_cursor=next_cursor)


def update_item(item_id: str, body: dict[str, Any], condition: VersionCondition = ANY_VERSION) -> dict[str, Any]:
    """Set the given client attributes (never creates; a version `condition` refuses is a 412); limits hold after
    the merge.

    A version-conditioned read-modify-write: read the item, check `condition` and the limits on the merged item,
    then write only if the item is still at the version read. A concurrent write makes that condition fail;
    the next attempt starts from the item the failed write found (which DynamoDB returns; dynalite does not,
    so it is read again) and a concurrent write is never lost. A single conditional UpdateItem could not do
    this: the attribute count after the merge depends on which names are new, and a condition cannot count
    (size() measures one attribute, not the item). The item size is DynamoDB's own check on the merged item,
    within the write itself (ItemTooLargeError).
    """
    changes = parse_item_changes(body)
    table = _table()
    current = table.get(_existing_id(item_id))
    for _ in range(MAX_UPDATE_ATTEMPTS):
        refusal = _refusal(item_id, current, condition)
        if refusal is not None or current is None:  # an absent item is refused (ItemNotFoundError)
            raise refusal or ItemNotFoundError(item_id)
        check_merged_attributes(current, changes)
        try:
            stored = table.update_at_version(item_id, {**changes, "updatedAt": _now()}, int(current["version"]))
        except ConditionFailedError as failed:
            current = failed.current if failed.current is not None else table.get(item_id)
            continue
        except ItemTooLargeError:
            raise _too_large() from None
        count(names.METRIC_ITEMS_UPDATED)
        return _public(stored)
    raise UpdateConflictError(item_id)


def delete_item(item_id: str, condition: VersionCondition = ANY_VERSION) -> None:
    """Delete in one conditional write; absent -> ItemNotFoundError, a version `condition` refuses ->
    VersionMismatchError. A condition no version meets attempts no write at all."""
    table = _table()
    if not condition.satisfiable:
        refusal = _refusal(item_id, table.get(_existing_id(item_id)), condition)
        raise refusal or UpdateConflictError(item_id)  # refusal is never None: no version is allowed
    try:
        table.delete_existing(_existing_id(item_id), condition.only, condition.never)
    except ConditionFailedError as failed:
        if condition == ANY_VERSION:
            raise ItemNotFoundError(item_id) from None  # the condition was only that the item exists
        # DynamoDB returns the item the delete found; dynalite does not, so a read decides. It only chooses the
        # answer (404 or 412 and its ETag) and never leads to a write: the delete already failed atomically.
        current = failed.current if failed.current is not None else table.get(item_id)
        raise (_refusal(item_id, current, condition) or UpdateConflictError(item_id)) from None
    count(names.METRIC_ITEMS_DELETED)


def _refusal(item_id: str, current: dict[str, Any] | None, condition: VersionCondition) -> Exception | None:
    """Why a write to `current` must not happen (absent, or at a version `condition` refuses), or None."""
    if current is None:
        return ItemNotFoundError(item_id)
    if not condition.allows(int(current["version"])):
        return VersionMismatchError(item_id, int(current["version"]))
    return None
