"""models: the item rules (names, attributes, values, numbers) and how the OpenAPI pattern states them."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from items_api.exceptions import ItemValidationError
from items_api.item_rules import NAME_PATTERN, SERVER_FIELDS
from items_api.models import parse_item_changes, parse_new_item

VALID_ATTRIBUTE_NAME = st.from_regex(r"\A[A-Za-z0-9_]{1,64}\Z").filter(
    lambda name: name not in (*SERVER_FIELDS, "name")
)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.text(max_size=20)
    | st.integers(min_value=-(10**38) + 1, max_value=10**38 - 1)  # DynamoDB keeps 38 significant digits
    | st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**20), max_value=10**20)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(min_size=1, max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


def nested(depth: int) -> object:
    value: object = "leaf"
    for _ in range(depth):
        value = {"next": value}
    return value


def fields_of(error: pytest.ExceptionInfo[ItemValidationError]) -> list[str]:
    return [problem.field for problem in error.value.problems]


def test_new_item_name_is_trimmed():
    assert parse_new_item({"name": "  lamp  "})["name"] == "lamp"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, 7, None, ["lamp"]])
def test_new_item_with_bad_name_is_refused_naming_the_field(name):
    with pytest.raises(ItemValidationError) as error:
        parse_new_item({"name": name})
    assert fields_of(error) == ["name"]


def test_new_item_without_name_is_refused():
    with pytest.raises(ItemValidationError) as error:
        parse_new_item({"color": "red"})
    assert fields_of(error) == ["name"]


def test_name_of_200_characters_after_trimming_is_accepted():
    assert len(parse_new_item({"name": " " + "x" * 200 + " "})["name"]) == 200


@given(st.text(max_size=230))
def test_openapi_name_pattern_states_exactly_the_trimming_rule(name):
    assert (re.search(NAME_PATTERN, name) is not None) == (1 <= len(name.strip()) <= 200)


@given(VALID_ATTRIBUTE_NAME, JSON_VALUES)
def test_any_valid_attribute_name_and_json_value_is_accepted(attribute, value):
    assert parse_new_item({"name": "lamp", attribute: value})[attribute] == value


@given(st.text(max_size=70).filter(lambda name: re.fullmatch(r"[A-Za-z0-9_]{1,64}", name) is None))
def test_attribute_names_outside_the_allowed_alphabet_or_length_are_refused(attribute):
    with pytest.raises(ItemValidationError) as error:
        parse_new_item({"name": "lamp", attribute: 1})
    assert fields_of(error) == [attribute]


@pytest.mark.parametrize("field", SERVER_FIELDS)
def test_setting_a_server_field_is_refused(field):
    with pytest.raises(ItemValidationError) as error:
        parse_new_item({"name": "lamp", field: "mine"})
    assert fields_of(error) == [field]


def test_fifty_attributes_including_name_are_accepted():
    body = {"name": "lamp", **{f"a{index}": index for index in range(49)}}
    assert len(parse_new_item(body)) == 50


def test_fifty_one_attributes_are_refused():
    with pytest.raises(ItemValidationError) as error:
        parse_new_item({"name": "lamp", **{f"a{index}": index for index in range(50)}})
    assert fields_of(error) == ["body"]


def test_value_nested_31_levels_is_accepted():
    assert parse_new_item({"name": "lamp", "tree": nested(31)})["tree"] == nested(31)


def test_value_nested_32_levels_is_refused():
    with pytest.raises(ItemValidationError) as error:
        parse_new_item({"name": "lamp", "tree": nested(32)})
    assert fields_of(error) == ["tree"]


@pytest.mark.parametrize("number", ["1E+126", "-1E+126", "1E-131", "123456789012345678901234567890123456789"])
def test_numbers_dynamodb_cannot_store_exactly_are_refused(number):
    with pytest.raises(ItemValidationError) as error:
        parse_new_item({"name": "lamp", "n": Decimal(number)})
    assert fields_of(error) == ["n"]


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**30), max_value=10**30))
def test_numbers_are_kept_as_the_same_decimal(number):
    assert parse_new_item({"name": "lamp", "price": number})["price"] == number


@pytest.mark.parametrize(
    "number", ["9.9999999999999999999999999999999999999E+125", "1E-130", "12345678901234567890123456789012345678", "0"]
)
def test_numbers_at_the_dynamodb_limits_are_accepted(number):
    assert parse_new_item({"name": "lamp", "n": Decimal(number)})["n"] == Decimal(number)


def test_floats_are_refused_because_they_are_not_exact():
    with pytest.raises(ItemValidationError):
        parse_new_item({"name": "lamp", "price": 19.99})


def test_update_returns_only_the_given_attributes():
    assert parse_item_changes({"color": "red"}) == {"color": "red"}


def test_update_with_no_attributes_is_refused():
    with pytest.raises(ItemValidationError) as error:
        parse_item_changes({})
    assert fields_of(error) == ["body"]


def test_update_setting_name_to_null_is_refused():
    with pytest.raises(ItemValidationError) as error:
        parse_item_changes({"name": None})
    assert fields_of(error) == ["name"]


def test_update_trims_a_given_name():
    assert parse_item_changes({"name": " lamp "}) == {"name": "lamp"}


def test_update_setting_a_server_field_is_refused():
    with pytest.raises(ItemValidationError) as error:
        parse_item_changes({"version": 9})
    assert fields_of(error) == ["version"]
