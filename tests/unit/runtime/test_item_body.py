"""item_body: the precompiled schema's fast path gives exactly what the pydantic models give, for every body.

A body the fast path accepts becomes what the models would return (same attributes, same order); a body it
refuses is the models' to refuse, so each 422 names the same fields with the same messages.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from items_api import item_body, models
from items_api.exceptions import ItemValidationError
from items_api.item_rules import SERVER_FIELDS

from tests.unit.runtime.test_models import JSON_VALUES, VALID_ATTRIBUTE_NAME, nested

NAMES = st.one_of(
    st.text(max_size=210),
    st.sampled_from(["", " ", " lamp ", "x" * 200, " " + "x" * 201, "\ud800", "lamp\ud800", "\u2003lamp\u2003"]),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=3), max_size=2),
)
ATTRIBUTE_NAMES = st.one_of(
    VALID_ATTRIBUTE_NAME, st.sampled_from([*SERVER_FIELDS, "x" * 65, "bad name", "\ud800", "é"]), st.text(max_size=8)
)
VALUES = st.one_of(
    JSON_VALUES,
    st.sampled_from([Decimal("1E+126"), Decimal("1.50"), Decimal("0E+999"), "\ud800", nested(31), nested(32), 1.5]),
)
BODIES = st.builds(
    lambda name, attributes, has_name: ({"name": name} if has_name else {}) | attributes,
    NAMES,
    st.dictionaries(ATTRIBUTE_NAMES, VALUES, max_size=6),
    st.booleans(),
)
# The bodies of the unit and integration suites' validation cases, and the limits at their boundaries.
EXAMPLES: list[dict[str, Any]] = [
    {"name": "lamp"},
    {"name": "  lamp  ", "price": Decimal("19.99"), "tags": ["a", "b"]},
    {"name": ""},
    {"name": "   "},
    {"name": "x" * 201},
    {"name": " " + "x" * 200 + " "},
    {"name": 7},
    {"name": None},
    {"name": ["lamp"]},
    {"color": "red"},
    {},
    {"name": "lamp", "itemId": "mine"},
    {"name": "lamp", "version": 3},
    {"name": "lamp", **{f"a{index}": index for index in range(49)}},
    {"name": "lamp", **{f"a{index}": index for index in range(50)}},
    {"name": "lamp", "tree": nested(31)},
    {"name": "lamp", "tree": nested(32)},
    {"name": "lamp", "n": Decimal("1E+126")},
    {"name": "lamp", "n": Decimal("9.9999999999999999999999999999999999999E+125")},
    {"name": "lamp", "n": Decimal("1E-131")},
    {"name": "lamp", "price": 19.99},
    {"name": "lamp", "\ud800": 1},
    {"name": "lamp\ud800"},
    {"name": "lamp", "note": "\udfff"},
]


def _outcome(parse: Any, body: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "accepted", list(parse(copy.deepcopy(body)).items())
    except ItemValidationError as error:
        return "refused", error.problems


@pytest.mark.parametrize("body", EXAMPLES)
def test_examples_are_created_or_refused_exactly_as_the_models_do(body: dict[str, Any]) -> None:
    assert _outcome(item_body.parse_new_item, body) == _outcome(models.parse_new_item, body)


@pytest.mark.parametrize("body", EXAMPLES)
def test_examples_are_updates_or_refused_exactly_as_the_models_do(body: dict[str, Any]) -> None:
    assert _outcome(item_body.parse_item_changes, body) == _outcome(models.parse_item_changes, body)


@settings(max_examples=300)
@given(BODIES)
def test_any_new_item_body_gives_what_the_models_give(body: dict[str, Any]) -> None:
    assert _outcome(item_body.parse_new_item, body) == _outcome(models.parse_new_item, body)


@settings(max_examples=300)
@given(BODIES)
def test_any_update_body_gives_what_the_models_give(body: dict[str, Any]) -> None:
    assert _outcome(item_body.parse_item_changes, body) == _outcome(models.parse_item_changes, body)


def test_a_valid_body_is_parsed_without_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(body: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("the models parsed a valid body")

    monkeypatch.setattr(models, "parse_new_item", refuse)
    monkeypatch.setattr(models, "parse_item_changes", refuse)

    assert item_body.parse_new_item({"name": " lamp ", "price": Decimal("1.50")}) == {"name": "lamp", "price": 1.5}
    assert item_body.parse_item_changes({"color": "red"}) == {"color": "red"}


def test_an_invalid_body_is_handed_to_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "parse_new_item", lambda body: {"handed": body})

    assert item_body.parse_new_item({"name": ""}) == {"handed": {"name": ""}}


def test_checking_a_body_leaves_it_as_it_was() -> None:
    body = {"color": "red"}

    item_body.parse_item_changes(body)

    assert body == {"color": "red"}  # the schema's defaults (name: null) are never filled in
