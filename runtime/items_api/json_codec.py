"""JSON text <-> Python values with numbers kept as Decimal, so 19.99 and 12345678901234567890 round-trip exactly.

Text written is always valid UTF-8: JSON lets a client spell an unpaired surrogate ("\\ud800"), which decodes
into a Python str with no UTF-8 form. Such characters are refused on the way in (models), and replaced by
U+FFFD on the way out, so data stored by other means can never make a response unencodable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([-+]?)([0-9]+))?")
# Decimal's own bound on exponents (64-bit builds); a JSON number may spell any exponent at all.
LARGEST_DECIMAL_EXPONENT = 999_999_999_999_999_999


class JsonDecodeError(ValueError):
    """The text is not a JSON document this API accepts."""


def _reject_constant(name: str) -> None:
    # json.loads accepts NaN and Infinity by default; they are not JSON and DynamoDB cannot store them.
    raise JsonDecodeError(f"{name} is not valid JSON")


def number(text: str) -> Decimal:
    """A JSON number as a Decimal, whatever its exponent.

    Decimal("1e99999999999999999999") raises (its exponent is past what Decimal holds); such a number is still
    JSON, so it becomes the same digits with the exponent clamped to Decimal's bound. The value keeps its sign,
    digits and which side of any storable range it lies on (zero stays zero), so the item rules refuse it for
    its magnitude (422) instead of the codec failing on it.
    """
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    match = _NUMBER.fullmatch(text)
    if match is None:  # json only calls this with its own number syntax
        raise JsonDecodeError(f"{text[:20]!r} is not a JSON number")
    sign, whole, fraction, exponent_sign, exponent_digits = match.groups()
    digits = tuple(int(digit) for digit in (whole + (fraction or "")).lstrip("0")) or (0,)
    # Past 19 digits only the exponent's sign matters; int() of thousands of digits would itself be refused.
    exponent_digits = exponent_digits.lstrip("0") or "0"
    exponent = int(exponent_digits) if len(exponent_digits) <= 19 else LARGEST_DECIMAL_EXPONENT + 1
    exponent = -exponent if exponent_sign == "-" else exponent
    # Decimal bounds the exponent of the leading digit (the adjusted exponent), so the clamp leaves room for the rest.
    largest = LARGEST_DECIMAL_EXPONENT - (len(digits) - 1)
    clamped = max(-LARGEST_DECIMAL_EXPONENT, min(largest, exponent - len(fraction or "")))
    return Decimal((1 if sign else 0, digits, clamped))


def loads(text: str) -> Any:
    """Parse JSON, every number as Decimal (ints too: no float rounding, no int-digit limit)."""
    try:
        return json.loads(text, parse_float=number, parse_int=Decimal, parse_constant=_reject_constant)
    except JsonDecodeError:
        raise
    except (ValueError, RecursionError) as error:
        raise JsonDecodeError("not valid JSON") from error


def is_valid_unicode(text: str) -> bool:
    """False when `text` holds a surrogate code point (an unpaired surrogate escape in the JSON it came from)."""
    return _SURROGATE.search(text) is None


def escaped_surrogates(text: str) -> str:
    """`text` with each surrogate written as the JSON escape that produced it (\\ud800), to name it in messages."""
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _text(text: str) -> str:
    return json.dumps(_SURROGATE.sub("\ufffd", text), ensure_ascii=False)


def response_size(text: str) -> int:
    """Bytes `text` takes as a string inside the function's response: Lambda's runtime JSON-encodes the body again.

    Measured with every non-ASCII character escaped, the longest form the runtime can write (a control character,
    6 bytes in the body, takes 7 there), so the figure is an upper bound whichever form the runtime uses.
    """
    return len(json.dumps(text)) - 2


class EncodedJson(str):
    """JSON text that `dumps` writes as it is, e.g. an item already encoded once to measure its size."""

    __slots__ = ()


def dumps(value: Any, *, sort_keys: bool = False) -> str:
    """Serialize to compact JSON, writing Decimals as JSON numbers digit for digit."""
    parts: list[str] = []
    _encode(value, sort_keys, parts.append)
    return "".join(parts)


def _encode(value: Any, sort_keys: bool, write: Callable[[str], object]) -> None:
    # One recursive function writing into a list: nested generators cost a frame switch per piece of text.
    if isinstance(value, str):
        write(value if isinstance(value, EncodedJson) else _text(value))
    elif value is None:
        write("null")
    elif value is True:
        write("true")
    elif value is False:
        write("false")
    elif isinstance(value, Decimal):
        write(_number(value))
    elif isinstance(value, int):
        write(str(value))
    elif isinstance(value, dict):
        _encode_object(value, sort_keys, write)
    elif isinstance(value, (list, tuple)):
        _encode_array(value, sort_keys, write)
    else:
        # Floats never reach here by design (they would lose digits); anything else is a programming error.
        raise TypeError(f"cannot serialize {type(value).__name__} as JSON")


def _number(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError("NaN and Infinity have no JSON representation")
    return str(value)


def _encode_object(value: dict[Any, Any], sort_keys: bool, write: Callable[[str], object]) -> None:
    write("{")
    pairs = sorted(value.items()) if sort_keys else value.items()
    for index, (key, item) in enumerate(pairs):
        if index:
            write(",")
        write(_text(str(key)))
        write(":")
        _encode(item, sort_keys, write)
    write("}")


def _encode_array(value: list[Any] | tuple[Any, ...], sort_keys: bool, write: Callable[[str], object]) -> None:
    write("[")
    for index, item in enumerate(value):
        if index:
            write(",")
        _encode(item, sort_keys, write)
    write("]")
