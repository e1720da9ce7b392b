"""Any spelling of a number DynamoDB can store is stored, as DynamoDB normalizes it, never answered with a 500.

JSON allows many spellings of one number: 1, 1.000 (with 40+ zeros), 100E-2, 0.0001e4; zeros with any exponent
(0E+999, -0.000e-500). DynamoDB stores the value with leading and trailing zeros trimmed; boto3's serializer
works in a 38-digit context that traps rounding, so such spellings used to fail with a 500.
"""

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from reliability.hostile import storable_number

JSON = {"Content-Type": "application/json"}
FUNCTION_FIXTURES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def number_literal(text: str, attribute: str = "n") -> str:
    match = re.search(rf'"{attribute}":(-?[0-9][0-9.eE+-]*)', text)
    assert match, text
    return match.group(1)


def post_number(invoke, literal: str):
    return invoke("POST", "/items", body=f'{{"name": "number", "n": {literal}}}', headers=JSON)


@FUNCTION_FIXTURES
@given(storable_number())
def test_any_spelling_of_a_storable_number_is_stored_as_that_number(invoke, spelling):
    literal, value = spelling
    created = post_number(invoke, literal)
    assert created.status == 201, (literal, created.text)
    assert created.json()["n"] == value


@FUNCTION_FIXTURES
@given(storable_number())
def test_create_and_get_write_a_stored_number_the_same_way(invoke, spelling):
    created = post_number(invoke, spelling[0])
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
