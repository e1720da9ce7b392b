"""Conditional requests as RFC 9110, section 13 defines them, on every route; a failed precondition never writes.

The RFC's own examples (13.1.1, 13.1.2) and its comparison table (8.8.3.2) are the fixtures: If-Match compares
strongly (`"01"` and `W/"1"` are not version 1), If-None-Match weakly, lists may hold empty elements and arrive on
several lines, a valid tag that matches nothing is a 412 with the current ETag (not a 400).
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from items_api.conditional import ANY, EntityTag, PreconditionSyntaxError, entity_tags

FUNCTION_FIXTURES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def item(invoke, created_item):
    """An item at version 2 (so "1" is stale and "2" current)."""
    created = created_item()
    return invoke("PUT", f"/items/{created['itemId']}", body={"color": "red"}).json()


def _path(item) -> str:
    return f"/items/{item['itemId']}"


def _unchanged(invoke, item) -> bool:
    return invoke("GET", _path(item)).json() == item


# The field syntax: RFC 9110's examples parse as written; what is not an entity tag list is a 400.


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ('"xyzzy"', (EntityTag("xyzzy"),)),
        ('"xyzzy", "r2d2xxxx", "c3piozzzz"', (EntityTag("xyzzy"), EntityTag("r2d2xxxx"), EntityTag("c3piozzzz"))),
        ('W/"xyzzy"', (EntityTag("xyzzy", weak=True),)),
        ('W/"xyzzy", W/"r2d2xxxx"', (EntityTag("xyzzy", weak=True), EntityTag("r2d2xxxx", weak=True))),
        ("*", ANY),
        ('""', (EntityTag(""),)),
        (' , "1" ,, W/"2", ', (EntityTag("1"), EntityTag("2", weak=True))),
        ('"a,b", "1"', (EntityTag("a,b"), EntityTag("1"))),
    ],
)
def test_rfc_examples_and_empty_list_elements_parse_as_entity_tags(value, tags):
    assert entity_tags(value, "If-Match") == tags


@pytest.mark.parametrize("value", ["abc", '"1', "W/1", "1", '"1" "2"', '*, "1"', 'w/"1"', '"a b"', '"\x7f"'])
def test_a_field_that_is_not_an_entity_tag_list_is_a_syntax_error(value):
    with pytest.raises(PreconditionSyntaxError):
        entity_tags(value, "If-Match")


@pytest.mark.parametrize("field", ["If-Match", "If-None-Match"])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_invalid_syntax_is_a_400_and_nothing_is_written(invoke, item, field, method):
    body = {"color": "blue"} if method == "PUT" else None
    response = invoke(method, _path(item), body=body, headers={field: "1"})
    assert response.status == 400
    assert _unchanged(invoke, item)


# If-Match: strong comparison (RFC 9110, 8.8.3.2 and 13.1.1).


@pytest.mark.parametrize("tag", ['"02"', '"002"', 'W/"2"', '"abc"', '""', '"2.0"', '"1"', '"+2"'])
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_if_match_without_a_strong_match_is_a_412_with_the_current_etag_and_no_write(invoke, item, method, tag):
    body = {"color": "blue"} if method == "PUT" else None
    response = invoke(method, _path(item), body=body, headers={"If-Match": tag})
    assert (response.status, response.header("ETag")) == (412, '"2"')
    assert _unchanged(invoke, item)


@pytest.mark.parametrize("value", ['W/"5", "2"', '"2"', "*", ', ,"2",', '"1", "2", "3"', '"a,b", "2"'])
def test_if_match_listing_the_current_etag_updates(invoke, item, value):
    response = invoke("PUT", _path(item), body={"color": "blue"}, headers={"If-Match": value})
    assert (response.status, response.header("ETag")) == (200, '"3"')


def test_if_match_on_two_lines_is_one_list(invoke, item):
    response = invoke("DELETE", _path(item), header_lines={"If-Match": ['"7"', '"2"']})
    assert response.status == 204


def test_if_match_on_two_lines_without_a_match_is_a_412(invoke, item):
    response = invoke("DELETE", _path(item), header_lines={"If-Match": ['"5"', '"7"']})
    assert (response.status, response.header("ETag")) == (412, '"2"')


def test_if_none_match_lines_whose_names_differ_in_case_are_one_list(invoke, item):
    """RFC 9110 section 5.1: field names are case-insensitive, so `if-none-match: "2"` on a second line matches."""
    lines = {"If-None-Match": ['"9"'], "if-none-match": ['"2"']}
    assert invoke("DELETE", _path(item), header_lines=lines).status == 412
    assert invoke("GET", _path(item), header_lines=lines).status == 304


def test_if_match_on_a_missing_item_is_a_404(invoke):
    missing = "/items/00000000-0000-4000-8000-000000000000"
    assert invoke("DELETE", missing, headers={"If-Match": '"1"'}).status == 404


def test_get_with_if_match_not_matching_is_a_412(invoke, item):
    response = invoke("GET", _path(item), headers={"If-Match": '"1"'})
    assert (response.status, response.header("ETag")) == (412, '"2"')


# If-None-Match: weak comparison; 304 on reads, 412 (and no write) otherwise (RFC 9110, 13.1.2).


@pytest.mark.parametrize("value", ['"2"', 'W/"2"', '"1", W/"2"', "*"])
def test_get_with_if_none_match_matching_is_a_304_with_the_etag_and_no_body(invoke, item, value):
    response = invoke("GET", _path(item), headers={"If-None-Match": value})
    assert (response.status, response.header("ETag"), response.text or "") == (304, '"2"', "")


@pytest.mark.parametrize("value", ['"1"', 'W/"1"', '"02"', '""'])
def test_get_with_if_none_match_not_matching_returns_the_item(invoke, item, value):
    response = invoke("GET", _path(item), headers={"If-None-Match": value})
    assert (response.status, response.json()) == (200, item)


@pytest.mark.parametrize("value", ["*", '"2"', 'W/"2"'])
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_if_none_match_matching_a_write_is_a_412_and_never_performed(invoke, item, method, value):
    body = {"color": "blue"} if method == "PUT" else None
    response = invoke(method, _path(item), body=body, headers={"If-None-Match": value})
    assert (response.status, response.header("ETag")) == (412, '"2"')
    assert _unchanged(invoke, item)


def test_if_none_match_not_matching_lets_the_delete_happen(invoke, item):
    assert invoke("DELETE", _path(item), headers={"If-None-Match": '"1"'}).status == 204


# The collection: it exists and has no ETag, so only * matches it.


def test_list_with_if_none_match_star_is_a_304(invoke):
    assert invoke("GET", "/items", headers={"If-None-Match": "*"}).status == 304


def test_list_with_if_match_listing_tags_is_a_412(invoke):
    assert invoke("GET", "/items", headers={"If-Match": '"1"'}).status == 412


def test_create_with_if_none_match_star_is_a_412_and_creates_nothing(invoke, all_pages):
    before = sum(page["count"] for page in all_pages())
    response = invoke("POST", "/items", body={"name": "never"}, headers={"If-None-Match": "*"})
    assert response.status == 412
    assert sum(page["count"] for page in all_pages()) == before


def test_create_with_if_match_star_creates(invoke):
    assert invoke("POST", "/items", body={"name": "made"}, headers={"If-Match": "*"}).status == 201


# Any combination: the write happens exactly when RFC 9110 says both conditions hold for the current ETag "2".

TAG = st.sampled_from(['"1"', '"2"', '"3"', 'W/"1"', 'W/"2"', '"02"', '""', '"x"'])
FIELD = st.none() | st.just("*") | st.lists(TAG, max_size=4).map(", ".join)


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")[1:-1]


def _rfc_allows(if_match: str | None, if_none_match: str | None, current: str = "2") -> bool:
    """Section 13.2.2 spelled out with the RFC's string comparisons (strong for If-Match, weak for If-None-Match)."""
    if if_match not in (None, "*") and not any(
        not tag.startswith("W/") and _opaque(tag) == current for tag in if_match.split(", ") if tag
    ):
        return False
    if if_none_match == "*":
        return False
    return if_none_match is None or not any(_opaque(tag) == current for tag in if_none_match.split(", ") if tag)


@FUNCTION_FIXTURES
@given(if_match=FIELD, if_none_match=FIELD, method=st.sampled_from(["PUT", "DELETE"]))
def test_a_write_happens_exactly_when_both_preconditions_hold(invoke, created_item, if_match, if_none_match, method):
    item = invoke("PUT", _path(created_item()), body={"color": "red"}).json()  # a fresh item at version 2
    fields = (("If-Match", if_match), ("If-None-Match", if_none_match))
    headers = {name: value for name, value in fields if value is not None}
    body = {"color": "blue"} if method == "PUT" else None
    response = invoke(method, _path(item), body=body, headers=headers)
    if _rfc_allows(if_match, if_none_match):
        assert response.status in (200, 204), (headers, response.text)
    else:
        assert (response.status, response.header("ETag")) == (412, '"2"'), headers
        assert _unchanged(invoke, item)
