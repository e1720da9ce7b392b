"""Opaque, tamper-evident list cursors: the id to continue after, signed with HMAC-SHA256.

The signing key is derived from the items table name. It is not a secret: a cursor only says where a scan
resumes, which grants nothing beyond listing itself. The signature makes cursors tamper-evident (an altered
or made-up cursor is refused with 400 instead of steering the scan) and binds each cursor to one table, so a
cursor from one environment is refused by another.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from items_api.exceptions import InvalidCursorError

_SIGNATURE_BYTES = 16
MAX_CURSOR_LENGTH = 512


def signing_key(table_name: str) -> bytes:
    return hashlib.sha256(b"items-api list cursor\x00" + table_name.encode()).digest()


def _sign(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    if _b64(data) != text:
        # Unused trailing bits let several texts decode to the same bytes; only the canonical one is valid.
        raise ValueError("non-canonical base64")
    return data


def encode_cursor(key: bytes, item_id: str) -> str:
    payload = item_id.encode()
    return f"{_b64(payload)}.{_b64(_sign(key, payload))}"


def decode_cursor(key: bytes, cursor: str) -> str:
    """The item id a cursor continues after; InvalidCursorError if it is malformed or was not signed with `key`."""
    encoded_payload, dot, encoded_signature = cursor.partition(".")
    if not dot or len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursorError("malformed cursor")
    try:
        payload, signature = _unb64(encoded_payload), _unb64(encoded_signature)
        item_id = payload.decode()
    except (binascii.Error, ValueError):
        raise InvalidCursorError("malformed cursor") from None
    if not item_id or not hmac.compare_digest(signature, _sign(key, payload)):
        raise InvalidCursorError("cursor was altered or issued elsewhere")
    return item_id
