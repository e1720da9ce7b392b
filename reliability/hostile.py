"""Hostile request bodies for the fuzz harness: the inputs that a generator working from the OpenAPI schema misses.

Every strategy yields raw JSON text (bytes), because the classes are spellings that no JSON encoder writes:
- strings and keys holding unpaired surrogate escapes ("\\ud800"), which decode to no Unicode text;
- numbers with many written digits and few significant ones, zeros with huge exponents, and numbers just
  inside and just outside DynamoDB's precision and range;
- numbers whose exponent is past what Python's Decimal holds (1e99999999999999999999);
- arrays and objects nested right around DynamoDB's 32 levels, with scalar or empty innermost values, and far
  past them (thousands of levels);
- object keys that are empty, or around DynamoDB Local's 50,000-byte name limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

_SURROGATE = re.compile("[\\ud800-\\udfff]")
UNPAIRED_SURROGATE = st.characters(categories=["Cs"])
INVALID_TEXT = st.builds(
    lambda before, surrogate, after: before + surrogate + after,
    st.text(max_size=3),
    UNPAIRED_SURROGATE,
    st.text(max_size=3),
)
ATTRIBUTE_NAME = st.from_regex(r"\A[a-z][a-z0-9_]{0,11}\Z").filter(lambda name: name != "name")
SIGNIFICANT_DIGITS = 38
SMALLEST_EXPONENT, LARGEST_EXPONENT = -130, 125
NESTING_LIMIT = 31


@dataclass(frozen=True)
class Literal:
    """JSON text written as is (a number spelling that json.dumps would not produce)."""

    text: str


def to_json(value: Any) -> str:
    """JSON text in UTF-8 terms: surrogates written as \\udXXX escapes, Literals as they are, the rest as json.dumps."""
    if isinstance(value, Literal):
        return value.text
    if isinstance(value, str):
        return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(value, ensure_ascii=False))
    if isinstance(value, dict):
        return "{" + ",".join(f"{to_json(key)}:{to_json(inner)}" for key, inner in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(inner) for inner in value) + "]"
    return json.dumps(value)


@st.composite
def spelled(draw: st.DrawFn, sign: str, coefficient: int, exponent: int) -> str:
    """One JSON spelling of sign * coefficient * 10**exponent: trailing zeros, leading zeros, any exponent form."""
    padding = draw(st.integers(min_value=0, max_value=60))
    digits = str(coefficient) + "0" * padding
    exponent -= padding
    if draw(st.booleans()):
        leading = draw(st.integers(min_value=0, max_value=60))
        mantissa = "0." + "0" * leading + digits
        exponent += leading + len(digits)
    else:
        point = draw(st.integers(min_value=1, max_value=len(digits)))
        mantissa = digits[:point] + ("." + digits[point:] if point < len(digits) else "")
        exponent += len(digits) - point
    marker = draw(st.sampled_from(["e", "E", "e+", "E+"] if exponent >= 0 else ["e", "E"]))
    return f"{sign}{mantissa}{marker}{exponent}"


@st.composite
def storable_number(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A JSON spelling of a number DynamoDB can store, and that number."""
    sign = draw(st.sampled_from(["", "-"]))
    coefficient = draw(st.integers(min_value=1, max_value=10**SIGNIFICANT_DIGITS - 1).filter(lambda n: n % 10))
    width = len(str(coefficient))
    exponent = draw(st.integers(min_value=SMALLEST_EXPONENT - width + 1, max_value=LARGEST_EXPONENT - width + 1))
    return draw(spelled(sign, coefficient, exponent)), Decimal(f"{sign}{coefficient}E{exponent}")


@st.composite
def unstorable_number(draw: st.DrawFn) -> str:
    """A JSON spelling of a number DynamoDB cannot store: too many significant digits, or out of range."""
    sign = draw(st.sampled_from(["", "-"]))
    if draw(st.booleans()):
        coefficient = draw(st.integers(min_value=10**SIGNIFICANT_DIGITS, max_value=10**45).filter(lambda n: n % 10))
        return draw(spelled(sign, coefficient, draw(st.integers(min_value=-80, max_value=40))))
    exponent = draw(
        st.integers(min_value=LARGEST_EXPONENT + 1, max_value=LARGEST_EXPONENT + 5)
        | st.integers(min_value=SMALLEST_EXPONENT - 5, max_value=SMALLEST_EXPONENT - 1)
        | st.sampled_from([999_999_999, -999_999_999])
    )
    return draw(spelled(sign, 1, exponent))


ZERO = st.builds(
    lambda sign, zeros, exponent: f"{sign}0{'.' + '0' * zeros if zeros else ''}e{exponent}",
    st.sampled_from(["", "-"]),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=-999_999, max_value=999_999),
)


@st.composite
def extreme_number(draw: st.DrawFn) -> str:
    """A number whose exponent is past what Python's Decimal holds (19+ digits, up to thousands), or a huge mantissa.

    Zero stays storable whatever its exponent; anything else is out of DynamoDB's range.
    """
    sign = draw(st.sampled_from(["", "-"]))
    mantissa = draw(st.sampled_from(["0", "1", "9.5", "0.000", "123456789"]) | st.from_regex(r"\A[1-9][0-9]{0,60}\Z"))
    marker = draw(st.sampled_from(["e", "E", "e+", "E+", "e-", "E-"]))
    digits = draw(st.integers(min_value=18, max_value=25) | st.sampled_from([100, 4_000]))
    exponent = "9" * digits if draw(st.booleans()) else "1" + "0" * (digits - 1)
    return f"{sign}{mantissa}{marker}{exponent}"


NUMBER = st.one_of(
    storable_number().map(lambda spelling: spelling[0]), unstorable_number(), ZERO, extreme_number()
).map(Literal)


@st.composite
def deep(draw: st.DrawFn) -> Any:
    """Arrays and objects nested just inside or just past the limit, around a scalar or an empty container."""
    value: Any = draw(st.sampled_from(["leaf", None, True, Literal("1.50"), {}, []]))
    for _ in range(draw(st.integers(min_value=NESTING_LIMIT - 2, max_value=NESTING_LIMIT + 1))):
        value = {"inner": value} if draw(st.booleans()) else [value]
    return value


@st.composite
def very_deep(draw: st.DrawFn) -> Any:
    """Arrays or objects nested far past the limit (hundreds to thousands of levels), as JSON text."""
    levels = draw(st.integers(min_value=NESTING_LIMIT + 2, max_value=3_000))
    inner = to_json(draw(st.sampled_from(["leaf", None, 1, {}, []])))
    if draw(st.booleans()):
        return Literal("[" * levels + inner + "]" * levels)
    return Literal('{"a":' * levels + inner + "}" * levels)


HOSTILE_KEY = st.one_of(
    INVALID_TEXT, st.just(""), st.sampled_from(["k" * 50_000, "k" * 50_001, "é" * 25_000, "é" * 25_000 + "k"])
)
HOSTILE_VALUE = (
    st.recursive(
        st.one_of(NUMBER, INVALID_TEXT, st.text(max_size=5)),
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(HOSTILE_KEY | ATTRIBUTE_NAME, children, max_size=2)
        ),
        max_leaves=6,
    )
    | deep()
    | very_deep()
)


@st.composite
def bodies(draw: st.DrawFn, named: bool = True) -> bytes:
    """A JSON object body whose attributes hold hostile values; sometimes a hostile name or attribute name."""
    body: dict[str, Any] = draw(st.dictionaries(ATTRIBUTE_NAME, HOSTILE_VALUE, min_size=0 if named else 1, max_size=3))
    if named or draw(st.booleans()):
        body = {"name": draw(st.text(min_size=1, max_size=8) | INVALID_TEXT), **body}
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        body[draw(INVALID_TEXT)] = 1
    return to_json(body).encode("utf-8")
