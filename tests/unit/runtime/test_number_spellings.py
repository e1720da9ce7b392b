"""Any spelling of a number DynamoDB can store is stored (as DynamoDB normalizes it); any other is a 422, never a 500.

JSON allows many spellings of one number: 1, 1.000 (with 40+ zeros), 100E-2, 0.0001e4; zeros with any exponent
(0E+999, -0.000e-500). DynamoDB stores the value with leading and trailing zeros trimmed; boto3's serializer
works in a 38-digit context that traps rounding, so such spellings used to fail with a 500.
"""

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

JSON = {"Content-Type": "application/json"}
FUNCTION_FIXTURES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# A value DynamoDB can store: 1-38 significant digits, magnitude from 1E-130 to below 1E+126.
COEFFICIENT = st.integers(min_value=1, max_value=10**38 - 1).filter(lambda number: number % 10)
STORABLE = st.builds(
    lambda sign, coefficient, exponent: (sign, coefficient, exponent),
    st.sampled_from(["", "-"]),
    COEFFICIENT,
    st.integers(min_value=-167, max_value=125),
).filter(lambda value: -130 <= value[2] + len(str(value[1])) - 1 <= 125)


@st.composite
def spellings(draw: st.DrawFn, value: tuple[str, int, int]) -> str:
    """One JSON spelling of sign * coefficient * 10**exponent: leading zeros, trailing zeros, any exponent form."""
    sign, coefficient, exponent = value
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
    marker = draw(st.sampled_from(["e", "E", "e+", "E+"])) if exponent >= 0 else draw(st.sampled_from(["e", "E"]))
    return f"{sign}{mantissa}{marker}{exponent}"


def number_literal(text: str, attribute: str = "n") -> str:
    match = re.search(rf'"{attribute}":(-?[0-9][0-9.eE+-]*)', text)
    assert match, text
    return match.group(1)


def post_number(invoke, literal: str):
    return invoke("POST", "/items", body=f'{{"name": "number", "n": {literal}}}', headers=JSON)


@FUNCTION_FIXTURES
@given(data=st.data(), value=STORABLE)
def test_any_spelling_of_a_storable_number_is_stored_as_that_number(invoke, data, value):
    sign, coefficient, exponent = value
    literal = data.draw(spellings(value))
    created = post_number(invoke, literal)
    assert created.status == 201, (literal, created.text)
    assert created.json()["n"] == Decimal(f"{sign}{coefficient}E{exponent}")


@FUNCTION_FIXTURES
@given(data=st.data(), value=STORABLE)
def test_create_and_get_write_a_stored_number_the_same_way(invoke, data, value):
    created = post_number(invoke, data.draw(spellings(value)))
    fetched = invoke("GET", f"/items/{created.json()['itemId']}")
    assert number_literal(created.text) == number_literal(fetched.text)


@pytest.mark.parametrize(
    ("literal", "stored"),
    [
        ("1." + "0" * 45, "1"),
        ("1" + "0" * 40 + "e-40", "1"),
        ("12345678901234567890123456789012345678" + "0" * 50 + "e-50", "12345678901234567890123456789012345678"),
        ("0.5" + "0" * 60, "0.5"),
        ("0E+999", "0"),
        ("0.000e-500", "0"),
        ("-0.0E-999999999", "0"),
        ("1" + "0" * 40, "1" + "0" * 40),
    ],
)
def test_numbers_with_many_written_digits_are_stored_as_their_value(invoke, literal, stored):
    created = post_number(invoke, literal)
    fetched = invoke("GET", f"/items/{created.json()['itemId']}")
    assert (created.status, created.json()["n"], fetched.json()["n"]) == (201, Decimal(stored), Decimal(stored))


def test_update_with_a_long_spelling_of_a_number_stores_its_value(invoke, created_item):
    item = created_item()
    response = invoke(
        "PUT", f"/items/{item['itemId']}", body='{"n": 2.50000000000000000000000000000000000000000}', headers=JSON
    )
    assert (response.status, response.json()["n"]) == (200, Decimal("2.5"))


def test_nested_long_spellings_of_numbers_are_stored_as_their_values(invoke):
    zeros = "0" * 45
    created = invoke("POST", "/items", body=f'{{"name": "n", "spec": {{"w": [1.{zeros}, 0E+999]}}}}', headers=JSON)
    assert (created.status, created.json()["spec"]) == (201, {"w": [Decimal(1), Decimal(0)]})
