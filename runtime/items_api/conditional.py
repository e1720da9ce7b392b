"""Conditional requests (RFC 9110, section 13): If-Match and If-None-Match read and evaluated the same way on
every route.

- Both fields are "*" or a list of entity tags (`"opaque"` or `W/"opaque"`); list elements may be empty and
  the field may come on several lines, which count as one comma-separated list (sections 5.3, 5.6.1).
- If-Match uses the strong comparison (8.8.3.2): `"1"` matches version 1, `"01"` and `W/"1"` never do.
- If-None-Match uses the weak comparison: `W/"1"` matches version 1. A match answers 304 to GET, 412 otherwise.
- A field that is not valid syntax is a 400; a valid tag that matches nothing is simply no match.
- A failed precondition never performs the write: item writes carry it into their conditional DynamoDB write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from items_api.versions import VersionCondition

IF_MATCH = "If-Match"
IF_NONE_MATCH = "If-None-Match"
MAX_ENTITY_TAGS = 100  # per field: a DynamoDB condition takes at most 100 values in one IN
# One list element and the comma (or end) after it: OWS [ entity-tag ] OWS ( "," / end ).
_ELEMENT = re.compile(r'[ \t]*(?:(W/)?"([\x21\x23-\x7e\x80-\xff]*)")?[ \t]*(?:,|\Z)')
# The opaque part of this API's ETags: a version number as the server writes it (no sign, no leading zeros).
_VERSION = re.compile(r"[1-9][0-9]{0,18}")


class PreconditionSyntaxError(Exception):
    """If-Match or If-None-Match is not "*" or a list of entity tags (400)."""


class PreconditionFailedError(Exception):
    """A precondition is false for a request that is not a read (412); `version` is the resource's current one."""

    def __init__(self, version: int | None) -> None:
        super().__init__("precondition failed")
        self.version = version


class NotModifiedError(Exception):
    """If-None-Match matched on a read (304); `version` is the resource's current one."""

    def __init__(self, version: int | None) -> None:
        super().__init__("not modified")
        self.version = version


@dataclass(frozen=True)
class EntityTag:
    opaque: str
    weak: bool = False


ANY: Literal["*"] = "*"
TagList = tuple[EntityTag, ...] | Literal["*"]


def entity_tags(value: str, field: str) -> TagList:
    """The field value as "*" or its entity tags (empty elements dropped); PreconditionSyntaxError otherwise."""
    if value.strip(" \t") == ANY:
        return ANY
    tags: list[EntityTag] = []
    position = 0
    while position < len(value):
        match = _ELEMENT.match(value, position)
        if match is None or match.end() == position:
            raise PreconditionSyntaxError(f'{field} must be * or a list of entity tags ("<version>")')
        if match.group(2) is not None:
            tags.append(EntityTag(match.group(2), weak=match.group(1) is not None))
        position = match.end()
    if len(tags) > MAX_ENTITY_TAGS:
        raise PreconditionSyntaxError(f"{field} may list at most {MAX_ENTITY_TAGS} entity tags")
    return tuple(tags)


def _field_lines(event: Mapping[str, Any], field: str) -> list[str] | None:
    """Every line of a header as received (API Gateway's multiValueHeaders), or None when absent."""
    wanted = field.lower()
    for source in ("multiValueHeaders", "headers"):
        lines: list[str] | None = None
        # Field names are case-insensitive (RFC 9110 section 5.1): lines sent as If-Match and if-match are one list.
        for name, values in (event.get(source) or {}).items():
            if name.lower() == wanted and values is not None:
                lines = (lines or []) + (list(values) if isinstance(values, list) else [values])
        if lines is not None:
            return lines
    return None


def _version_of(tag: EntityTag) -> int | None:
    return int(tag.opaque) if _VERSION.fullmatch(tag.opaque) else None


@dataclass(frozen=True)
class Preconditions:
    """A request's If-Match and If-None-Match (None when absent)."""

    if_match: TagList | None = None
    if_none_match: TagList | None = None

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Preconditions:
        """Both fields of an API Gateway proxy event; several lines of one field are one list."""
        parsed: dict[str, TagList | None] = {}
        for field in (IF_MATCH, IF_NONE_MATCH):
            lines = _field_lines(event, field)
            parsed[field] = None if lines is None else entity_tags(", ".join(lines), field)
        return cls(parsed[IF_MATCH], parsed[IF_NONE_MATCH])

    def check(self, version: int | None, *, read: bool) -> None:
        """Evaluate against an existing resource at `version` (None: it has no ETag, e.g. the collection), in
        section 13.2.2's order: If-Match false -> 412; then If-None-Match false -> 304 for a read, 412 otherwise.
        The same VersionCondition decides as for item writes, so reads and writes cannot disagree."""
        condition = self.version_condition()
        if condition.only is not None and version not in condition.only:
            raise PreconditionFailedError(version)
        if condition.never_existing or version in condition.never:
            raise NotModifiedError(version) if read else PreconditionFailedError(version)

    def version_condition(self) -> VersionCondition:
        """The same preconditions for a write to an item whose ETag is its quoted version, in domain terms."""
        only = None
        if self.if_match is not None and self.if_match != ANY:
            only = frozenset(v for tag in self.if_match if not tag.weak and (v := _version_of(tag)) is not None)
        if self.if_none_match == ANY:
            return VersionCondition(only=only, never_existing=True)
        never = frozenset(v for tag in self.if_none_match or () if (v := _version_of(tag)) is not None)
        return VersionCondition(only=only, never=never)
