"""Request parameters (query strings and the Idempotency-Key header) checked without pydantic, on every request's path.

Each check accepts only values that the documented parameter (items_api.documented_api, which builds its
OpenAPI parameters from the constants here) surely accepts too, and parses them as it would. Anything else is
`REFUSED`: the request is then answered by the documented API, whose validation (Powertools with pydantic) names
the parameter exactly as it always did. A value this module refuses but the documented API accepts is still
served correctly, only more slowly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from items_api.cursor import MAX_CURSOR_LENGTH

DEFAULT_LIMIT = 25
MIN_LIMIT, MAX_LIMIT = 1, 100
# Printable ASCII, 1-255 characters, neither starting nor ending with a space: HTTP strips a field value's leading
# and trailing white space (RFC 9110 section 5.5), so a key with them could never arrive as written.
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7E](?:[\x20-\x7E]{0,253}[\x21-\x7E])?$"
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
LIMIT_QUERY, CURSOR_QUERY = "limit", "cursor"

_FAST_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7E](?:[\x20-\x7E]{0,253}[\x21-\x7E])?")
_FAST_LIMIT = re.compile(r"[1-9][0-9]?|100")


class Refused:
    """A parameter value for the documented API to judge."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: Final = Refused()


def _lookup(mapping: Mapping[str, Any] | None, name: str, *, any_case: bool) -> Any:
    if not mapping:
        return None
    if not any_case:
        return mapping.get(name)
    lowered = name.lower()
    return next((value for key, value in mapping.items() if key.lower() == lowered), None)


def _single_value(event: Mapping[str, Any], kind: str, name: str) -> str | Refused | None:
    """The one value of a query parameter (kind "query") or header (kind "header"); None when absent."""
    single_key, multi_key = (
        ("queryStringParameters", "multiValueQueryStringParameters")
        if kind == "query"
        else ("headers", "multiValueHeaders")
    )
    any_case = kind == "header"
    single = _lookup(event.get(single_key), name, any_case=any_case)
    multi = _lookup(event.get(multi_key), name, any_case=any_case)
    if single is None and multi is None:
        return None
    if not isinstance(single, str) or (multi is not None and multi != [single]):
        return REFUSED
    return single


def _matching(value: str | Refused | None, pattern: re.Pattern[str]) -> str | Refused | None:
    if value is None or isinstance(value, Refused):
        return value
    return value if pattern.fullmatch(value) else REFUSED


def list_query(event: Mapping[str, Any]) -> tuple[int, str | None] | Refused:
    """GET /items: `limit` (1-100, default 25) and `cursor` (1-512 characters), or REFUSED."""
    limit = _matching(_single_value(event, "query", LIMIT_QUERY), _FAST_LIMIT)
    cursor = _single_value(event, "query", CURSOR_QUERY)
    if isinstance(limit, Refused) or isinstance(cursor, Refused):
        return REFUSED
    if cursor is not None and not 1 <= len(cursor) <= MAX_CURSOR_LENGTH:
        return REFUSED
    return (DEFAULT_LIMIT if limit is None else int(limit)), cursor


def idempotency_key(event: Mapping[str, Any]) -> str | Refused | None:
    """The Idempotency-Key header of a POST, or REFUSED."""
    return _matching(_single_value(event, "header", IDEMPOTENCY_KEY_HEADER), _FAST_IDEMPOTENCY_KEY)


def refused(event: Mapping[str, Any]) -> bool:
    """True when a parameter the API declares is present with a value not surely valid: the documented API must
    judge the request. Checked whatever the route (a route ignores parameters it does not declare, and so does the
    documented API), so the answer never depends on matching routes here."""
    return any(isinstance(check(event), Refused) for check in (list_query, idempotency_key))
