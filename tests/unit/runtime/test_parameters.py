"""Parameters checked without pydantic answer every request exactly as the documented API (pydantic) does.

The API serves a request whose parameters items_api.parameters vouches for, and hands any other to the documented
API; either way the answer must be the documented API's own. Each case runs both on the same event.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.runtime.conftest import LambdaContextAttributes, api_event

VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["1", "25", "100", "0", "101", "007", "+5", " 5", "5 ", "1e2", "5.0", "-1", "", "\u0665"]),
    st.integers(min_value=-5, max_value=150).map(str),
)
IDEMPOTENCY_KEYS = st.one_of(st.text(max_size=8), st.sampled_from(["k", "x" * 255, "x" * 256, "caf\u00e9", "a\tb"]))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _answers(event: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    from items_api.api import resolve  # noqa: PLC0415 - after the function's environment is set
    from items_api.documented_api import app as documented  # noqa: PLC0415

    context: Any = LambdaContextAttributes()  # what the handler reads of a LambdaContext
    return resolve(event, context), documented.resolve(event, context)


def _same(served: dict[str, Any], documented: dict[str, Any], *, compare_body: bool = True) -> None:
    assert served["statusCode"] == documented["statusCode"]
    if compare_body:
        assert served["body"] == documented["body"]


@SETTINGS
@given(limit=st.one_of(st.none(), VALUES), cursor=st.one_of(st.none(), VALUES))
def test_list_parameters_are_answered_as_documented(function_environment: None, limit: Any, cursor: Any) -> None:
    query = {name: value for name, value in (("limit", limit), ("cursor", cursor)) if value is not None}
    served, documented = _answers(api_event("GET", "/items", query=query or None))

    _same(served, documented, compare_body=served["statusCode"] != 200)  # pages may differ as other tests write


@SETTINGS
@given(key=IDEMPOTENCY_KEYS)
def test_idempotency_key_is_answered_as_documented(function_environment: None, key: str) -> None:
    event = api_event("POST", "/items", body={"name": ""}, headers={"Idempotency-Key": key})

    _same(*_answers(event))  # 400 for a refused header, else 422 for the body: nothing is written


def test_a_parameter_given_twice_is_answered_as_documented(function_environment: None) -> None:
    event = api_event("GET", "/items", query={"limit": "5"})
    event["multiValueQueryStringParameters"] = {"limit": ["5", "6"]}

    _same(*_answers(event), compare_body=False)


@pytest.mark.parametrize(("limit", "status"), [("0", 400), ("101", 400), ("abc", 400), ("100", 200)])
def test_limits_outside_1_to_100_are_refused_naming_the_parameter(
    function_environment: None, limit: str, status: int
) -> None:
    served, _ = _answers(api_event("GET", "/items", query={"limit": limit}))

    assert served["statusCode"] == status
    if status == 400:
        assert '"field":"limit"' in served["body"]
