"""Items as DynamoDB attribute values and back, for the low-level client (store.py).

boto3's TypeSerializer and TypeDeserializer do this job, but importing them runs boto3's package init (its
session and resource framework), which costs every cold GET, list and create more than everything here; the
function needs none of the rest of boto3. What differs from boto3, on purpose:
- numbers are written and read digit for digit: boto3 goes through a 38-digit context that traps rounding, so a
  storable number spelled with more digits (1E+40 written out, as DynamoDB itself returns it) would fail; the
  values reaching the table were checked against DynamoDB's rules before (dynamodb_rules);
- sets and binary, which this API never writes but other writers to the table may, read as sorted lists and
  base64 text, so one such item cannot break a list page or a GET.
tests/unit/runtime/test_attribute_values.py holds both directions to boto3's own classes over generated values.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any


def to_attribute_value(value: Any) -> dict[str, Any]:
    """One JSON value (None, bool, int, Decimal, str, list, mapping) as a DynamoDB attribute value."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int | Decimal):
        return {"N": _number_text(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list | tuple):
        return {"L": [to_attribute_value(element) for element in value]}
    if isinstance(value, Mapping):
        return {"M": to_attribute_values(value)}
    raise TypeError(f"Unsupported type {type(value)!r} for value {value!r}")


def to_attribute_values(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each named value as an attribute value: an item, or an expression's attribute values."""
    return {name: to_attribute_value(value) for name, value in values.items()}


def from_attribute_value(attribute: Mapping[str, Any]) -> Any:
    """One DynamoDB attribute value as a JSON value."""
    if not attribute or not isinstance(attribute, Mapping):
        raise TypeError("Value must be a nonempty dictionary whose key is a valid dynamodb type.")
    kind, value = next(iter(attribute.items()))
    reader = _READERS.get(kind)
    if reader is None:
        raise TypeError(f"Dynamodb type {kind} is not supported")
    return reader(value)


def from_attribute_values(item: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A stored item (or a key, or returned attributes) as named JSON values."""
    return {name: from_attribute_value(attribute) for name, attribute in item.items()}


def _number_text(value: int | Decimal) -> str:
    if isinstance(value, Decimal) and not value.is_finite():
        raise TypeError("Infinity and NaN not supported")
    return str(value)


def _binary_text(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


_READERS: dict[str, Callable[[Any], Any]] = {
    "NULL": lambda _: None,
    "BOOL": lambda value: value,
    "N": Decimal,
    "S": lambda value: value,
    "B": _binary_text,
    "NS": lambda values: sorted(map(Decimal, values)),
    "SS": sorted,
    "BS": lambda values: sorted(map(_binary_text, values)),
    "L": lambda values: [from_attribute_value(value) for value in values],
    "M": from_attribute_values,
}
