"""No body value reaches a 500, on any route that reads a body, with or without Idempotency-Key.

Numbers whose exponent is past what Decimal holds (1e99999999999999999999) used to escape the JSON codec, and a
body nested hundreds of levels deep used to crash the idempotent path, which hashed the body before the item
rules refused it. The same body must get the same answer on every route: created/updated, or 400/422.
"""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliability.hostile import bodies, extreme_number, very_deep

JSON = {"Content-Type": "application/json"}
FUNCTION_FIXTURES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
REFUSED = {400, 413, 422}  # a generated body may pass the 64 KiB limit: 413, the same on every route


def _body(value: str) -> str:
    return f'{{"name": "hostile", "v": {value}}}'


def _answers(invoke, item_id: str, body: str) -> dict[str, int]:
    """The status of `body` on POST, POST with a fresh Idempotency-Key, and PUT of an existing item."""
    key = {"Idempotency-Key": f"hostile-{uuid.uuid4()}"}
    return {
        "POST": invoke("POST", "/items", body=body, headers=JSON).status,
        "POST+key": invoke("POST", "/items", body=body, headers={**JSON, **key}).status,
        "PUT": invoke("PUT", f"/items/{item_id}", body=body, headers=JSON).status,
    }


@pytest.fixture
def item_id(created_item) -> str:
    return created_item()["itemId"]


def _consistent(answers: dict[str, int]) -> bool:
    """Every route accepted it (201, 201, 200), or every route refused it with the same 4xx."""
    return answers == {"POST": 201, "POST+key": 201, "PUT": 200} or (
        len(set(answers.values())) == 1 and answers["POST"] in REFUSED
    )


@pytest.mark.parametrize(
    "value",
    [
        "1e9999999999999999999",
        "-1E+99999999999999999999",
        "1e-99999999999999999999",
        '[[{"n": 2e+' + "9" * 40 + "}]]",
    ],
)
def test_a_number_past_decimals_exponent_is_a_422_on_every_route(invoke, item_id, value):
    assert set(_answers(invoke, item_id, _body(value)).values()) == {422}


def test_zero_with_any_exponent_is_stored_as_zero_on_every_route(invoke, item_id):
    answers = _answers(invoke, item_id, _body("0e99999999999999999999"))
    assert answers == {"POST": 201, "POST+key": 201, "PUT": 200}


@pytest.mark.parametrize("levels", [32, 500, 900])
@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ('{"a":', "}")])
def test_deep_nesting_is_refused_alike_with_or_without_a_key(invoke, item_id, levels, opening, closing):
    answers = _answers(invoke, item_id, _body(opening * levels + "1" + closing * levels))
    assert set(answers.values()) == {422}, answers


@FUNCTION_FIXTURES
@given(st.one_of(extreme_number(), very_deep().map(lambda literal: literal.text)))
def test_extreme_exponents_and_depths_never_reach_a_500(invoke, item_id, value):
    answers = _answers(invoke, item_id, _body(value))
    assert _consistent(answers), (value[:80], answers)


@FUNCTION_FIXTURES
@given(bodies())
def test_hostile_bodies_get_the_same_answer_on_every_route(invoke, item_id, body):
    answers = _answers(invoke, item_id, body.decode("utf-8", "surrogatepass"))
    assert _consistent(answers), (body[:80], answers)
