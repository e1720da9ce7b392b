"""cursor: list cursors are opaque, round-trip, and refuse tampering."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from items_api.cursor import decode_cursor, encode_cursor, signing_key
from items_api.exceptions import InvalidCursorError

KEY = signing_key("items-dev")


@given(st.text(min_size=1, max_size=100))
def test_cursor_round_trips_the_item_id(item_id):
    assert decode_cursor(KEY, encode_cursor(KEY, item_id)) == item_id


def test_cursor_does_not_show_the_item_id_in_clear():
    assert "abc-123" not in encode_cursor(KEY, "abc-123")


def test_cursor_with_a_changed_payload_is_refused():
    signature = encode_cursor(KEY, "item-1").partition(".")[2]
    forged_payload = encode_cursor(KEY, "item-2").partition(".")[0]
    with pytest.raises(InvalidCursorError):
        decode_cursor(KEY, f"{forged_payload}.{signature}")


def test_cursor_with_a_changed_signature_is_refused():
    cursor = encode_cursor(KEY, "item-1")
    flipped = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    with pytest.raises(InvalidCursorError):
        decode_cursor(KEY, flipped)


def test_cursor_issued_for_another_table_is_refused():
    with pytest.raises(InvalidCursorError):
        decode_cursor(signing_key("items-prod"), encode_cursor(KEY, "item-1"))


@pytest.mark.parametrize("cursor", ["", "no-dot", "!!!.???", ".", "a" * 600 + ".b"])
def test_malformed_cursor_is_refused(cursor):
    with pytest.raises(InvalidCursorError):
        decode_cursor(KEY, cursor)


@given(st.text(max_size=80))
def test_arbitrary_text_is_never_accepted_as_a_cursor(text):
    with pytest.raises(InvalidCursorError):
        decode_cursor(KEY, text)
