"""What DynamoDB can store, checked before any write: a value that passes is stored exactly as given.

The rules come from the Amazon DynamoDB Developer Guide, "Supported data types and naming rules" and
"Service, account, and table quotas" (Data types, Items, Attributes), each checked at its boundary against
dynalite and Amazon's DynamoDB Local (tests/unit/runtime/test_dynamodb_limits.py):

- Strings are Unicode with UTF-8 binary encoding. A JSON text may spell an unpaired surrogate ("\\ud800"),
  which decodes into a Python str that has no UTF-8 form, so it is not a DynamoDB string. Empty strings are
  allowed outside keys.
- A Number has up to 38 digits of precision; positive range 1E-130 to
  9.9999999999999999999999999999999999999E+125, negative range likewise, or zero. Leading and trailing zeros
  are trimmed: DynamoDB stores 1.000 as 1 and 0E+999 as 0. `stored_number` normalizes the same way, so the
  answer to a write shows what a later read returns, and every spelling of a storable number is accepted.
- Nested attribute depth: 32 levels, the attribute itself being level 1. A scalar may sit at level 32 under 31
  lists and maps; DynamoDB Local refuses a 32nd list or map even when it is empty (it would open level 33).
- Attribute names, map keys included, are at least one character and below 64 KB. DynamoDB Local fails
  (InternalFailure) on names over 50,000 UTF-8 bytes, so keys are kept within that.
- Item size: at most 400 KB, attribute names included. A write cannot check it before DynamoDB does for the
  item after a merge, so DynamoDB's own refusal of the write is the check (store.ItemTooLargeError).
- Sets, which must not be empty, and binary never occur: JSON has neither.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from items_api import json_codec

MAX_NESTING = 31  # lists and maps inside one another: with the innermost value, DynamoDB's 32 levels
MAX_KEY_BYTES = 50_000
MAX_SIGNIFICANT_DIGITS = 38
SMALLEST_EXPONENT = -130  # 1E-130
LARGEST_EXPONENT = 125  # 9.99...E+125
INVALID_UNICODE = "must be valid Unicode (an unpaired surrogate escape such as \\ud800 is not)"


def check_text(text: str) -> str:
    """`text` if DynamoDB can store it as a String; ValueError otherwise."""
    if not json_codec.is_valid_unicode(text):
        raise ValueError(f"text {INVALID_UNICODE}")
    return text


def stored_number(number: Decimal | int) -> Decimal:
    """The number as DynamoDB stores it (zeros trimmed, digit for digit); ValueError if DynamoDB cannot store it.

    Only the digit tuple is touched: Decimal arithmetic would round in its 28-digit context, and expanding an
    exponent before checking the range would let 1e999999999 allocate a billion digits.
    """
    value = Decimal(number)
    if not value.is_finite():
        raise ValueError("numbers must be finite")
    if not value:
        return Decimal(0)
    sign, digits, special = value.as_tuple()
    exponent = int(special)  # finite (checked above): an int, never NaN's 'n'/'N' or infinity's 'F'
    significant = len(digits)
    while digits[significant - 1] == 0:
        significant -= 1
    exponent += len(digits) - significant
    digits = digits[:significant]
    if significant > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(f"numbers may have at most {MAX_SIGNIFICANT_DIGITS} significant digits (DynamoDB's precision)")
    if not SMALLEST_EXPONENT <= exponent + significant - 1 <= LARGEST_EXPONENT:
        raise ValueError(
            "numbers must be 0 or have a magnitude from 1E-130 to 9.9999999999999999999999999999999999999E+125 "
            "(DynamoDB's range)"
        )
    if exponent >= 0:
        # An integer, spelled out in full as DynamoDB returns it.
        return Decimal((sign, digits + (0,) * exponent, 0))
    return Decimal((sign, digits, exponent))


def stored_value(value: Any) -> Any:
    """`value` as DynamoDB stores it (numbers normalized); ValueError naming the rule it breaks."""
    return _stored(value, depth=0)


def _stored(value: Any, depth: int) -> Any:
    if isinstance(value, dict):
        _check_depth(depth)
        return {_checked_key(key): _stored(inner, depth + 1) for key, inner in value.items()}
    if isinstance(value, list):
        _check_depth(depth)
        return [_stored(inner, depth + 1) for inner in value]
    if isinstance(value, str):
        return check_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (Decimal, int)):
        return stored_number(value)
    raise ValueError("must be a JSON value (numbers as exact decimals)")


def _check_depth(depth: int) -> None:
    if depth >= MAX_NESTING:
        raise ValueError(
            f"arrays and objects may nest at most {MAX_NESTING} deep (DynamoDB's 32 levels, innermost value included)"
        )


def _checked_key(key: str) -> str:
    if not 1 <= len(check_text(key).encode("utf-8")) <= MAX_KEY_BYTES:
        raise ValueError(f"object keys must be 1 to {MAX_KEY_BYTES:,} bytes of UTF-8 (DynamoDB's attribute name rules)")
    return key
