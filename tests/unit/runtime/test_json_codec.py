"""json_codec: numbers survive parsing and serializing digit for digit."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from items_api import json_codec

JSON_NUMBER = st.from_regex(r"\A-?(0|[1-9][0-9]{0,40})(\.[0-9]{1,20})?\Z")


def test_decimal_fraction_is_written_as_the_same_number():
    assert json_codec.dumps(json_codec.loads('{"price": 19.99}')) == '{"price":19.99}'


def test_integer_beyond_64_bits_is_written_unchanged():
    assert json_codec.dumps(json_codec.loads("[12345678901234567890]")) == "[12345678901234567890]"


@given(JSON_NUMBER)
def test_any_json_number_round_trips_as_text(number):
    assert json_codec.dumps(json_codec.loads(number)) == str(Decimal(number))


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_decimal_round_trips_by_value(value):
    assert json_codec.loads(json_codec.dumps({"v": value})) == {"v": value}


@given(st.text())
def test_strings_round_trip(text):
    assert json_codec.loads(json_codec.dumps([text])) == [text]


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", '{"a": -Infinity}', "{", "", "[1,]"])
def test_text_that_is_not_strict_json_is_refused(text):
    with pytest.raises(json_codec.JsonDecodeError):
        json_codec.loads(text)


def test_deeply_nested_text_is_refused_instead_of_crashing():
    with pytest.raises(json_codec.JsonDecodeError):
        json_codec.loads("[" * 100_000 + "]" * 100_000)


def test_sorted_keys_give_the_same_text_for_the_same_object():
    first = json_codec.dumps({"b": 1, "a": {"d": 2, "c": 3}}, sort_keys=True)
    assert first == json_codec.dumps({"a": {"c": 3, "d": 2}, "b": 1}, sort_keys=True)


def test_floats_are_refused_because_they_lose_digits():
    with pytest.raises(TypeError):
        json_codec.dumps({"price": 19.99})


def test_encoded_json_is_written_as_it_is():
    page = {"items": [json_codec.EncodedJson('{"price":19.99}')], "count": Decimal(1)}

    assert json_codec.dumps(page) == '{"items":[{"price":19.99}],"count":1}'


@given(st.from_regex(r"\A-?(0|[1-9][0-9]{0,40})(\.[0-9]{1,20})?[eE][-+]?0{0,30}[1-9][0-9]{18,400}\Z"))
def test_a_number_with_any_exponent_parses_keeping_its_sign_and_side_of_one(number):
    value = json_codec.loads(number)
    mantissa, _, exponent = number.lower().partition("e")
    if Decimal(mantissa) == 0:
        assert value == 0
    else:
        assert (value.is_signed(), value.adjusted() > 0) == (number.startswith("-"), not exponent.startswith("-"))


def test_leading_zeros_of_an_exponent_do_not_count():
    assert json_codec.loads("1e" + "0" * 40 + "5") == Decimal("1e5")
