"""The function's attribute-value codec writes and reads what boto3's TypeSerializer and TypeDeserializer do,
apart from the two documented differences (numbers digit for digit; sets and binary as sorted lists and base64)."""

from __future__ import annotations

import base64
from decimal import Decimal, Rounded
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from hypothesis import given
from hypothesis import strategies as st
from items_api.attribute_values import (
    from_attribute_value,
    from_attribute_values,
    to_attribute_value,
    to_attribute_values,
)

# Numbers boto3 accepts (38 significant digits, DynamoDB's exponent range), so both sides must agree exactly.
_NUMBERS = st.integers(min_value=-(10**38) + 1, max_value=10**38 - 1) | st.decimals(
    allow_nan=False, allow_infinity=False, places=6, min_value=Decimal("-1e20"), max_value=Decimal("1e20")
)
_SCALARS = st.none() | st.booleans() | _NUMBERS | st.text(max_size=20)
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_BINARY = st.binary(min_size=1, max_size=8)
_NUMBER_TEXT = _NUMBERS.map(str)
ATTRIBUTE_VALUES = st.recursive(
    st.just({"NULL": True})
    | st.booleans().map(lambda value: {"BOOL": value})
    | _NUMBER_TEXT.map(lambda value: {"N": value})
    | st.text(max_size=20).map(lambda value: {"S": value})
    | _BINARY.map(lambda value: {"B": value})
    | st.lists(_NUMBER_TEXT, min_size=1, max_size=4, unique_by=Decimal).map(lambda values: {"NS": values})
    | st.lists(st.text(max_size=8), min_size=1, max_size=4, unique=True).map(lambda values: {"SS": values})
    | st.lists(_BINARY, min_size=1, max_size=4, unique=True).map(lambda values: {"BS": values}),
    lambda children: (
        st.lists(children, max_size=4).map(lambda values: {"L": values})
        | st.dictionaries(st.text(max_size=8), children, max_size=4).map(lambda values: {"M": values})
    ),
    max_leaves=12,
)


def _as_boto3_reads_it_adjusted(value: Any) -> Any:
    """boto3's reading with the codec's two differences applied: sets as sorted lists, binary as base64 text."""
    if isinstance(value, set):
        return sorted(_as_boto3_reads_it_adjusted(element) for element in value)
    if isinstance(value, list):
        return [_as_boto3_reads_it_adjusted(element) for element in value]
    if isinstance(value, dict):
        return {name: _as_boto3_reads_it_adjusted(element) for name, element in value.items()}
    if hasattr(value, "value") and isinstance(value.value, bytes):  # boto3's Binary
        return base64.b64encode(value.value).decode("ascii")
    return value


@given(JSON_VALUES)
def test_every_json_value_is_written_as_boto3_writes_it(value: Any) -> None:
    assert to_attribute_value(value) == TypeSerializer().serialize(value)


@given(ATTRIBUTE_VALUES)
def test_every_attribute_value_reads_as_boto3_reads_it_with_sets_and_binary_as_lists(attribute: dict) -> None:
    assert from_attribute_value(attribute) == _as_boto3_reads_it_adjusted(TypeDeserializer().deserialize(attribute))


@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5))
def test_an_item_survives_the_round_trip(item: dict[str, Any]) -> None:
    assert from_attribute_values(to_attribute_values(item)) == item


def test_a_number_beyond_38_digits_is_written_and_read_digit_for_digit() -> None:
    spelled_out = Decimal("1" + "0" * 40)  # 1E+40 as DynamoDB returns it

    assert to_attribute_value(spelled_out) == {"N": str(spelled_out)}
    assert from_attribute_value({"N": str(spelled_out)}) == spelled_out
    with pytest.raises(Rounded):
        TypeSerializer().serialize(spelled_out)  # what boto3 would have done to a valid stored number


@pytest.mark.parametrize("value", [1.5, Decimal("Infinity"), Decimal("NaN"), b"bytes", {"a", "b"}, object()])
def test_a_value_the_api_never_stores_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        to_attribute_value(value)


@pytest.mark.parametrize("attribute", [{}, {"X": "1"}])
def test_an_attribute_value_of_no_known_type_is_refused(attribute: dict) -> None:
    with pytest.raises(TypeError):
        from_attribute_value(attribute)
