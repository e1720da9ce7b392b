"""Reading a JSON request body: size, media type, syntax and shape are checked here and nowhere else."""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from items_api import json_codec

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

MAX_BODY_BYTES = 64 * 1024


class RequestBodyError(Exception):
    """The request body cannot be read as an item document (the subclass says why)."""


class PayloadTooLargeError(RequestBodyError):
    """The body is over MAX_BODY_BYTES."""


class UnsupportedMediaTypeError(RequestBodyError):
    """The Content-Type is not JSON."""


class MalformedBodyError(RequestBodyError):
    """The body is not JSON, or not a JSON object."""


def is_json_media_type(content_type: str | None) -> bool:
    """application/json or any +json type, parameters (charset) allowed."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


def _body_bytes(event: BaseProxyEvent) -> bytes:
    raw = event.body or ""
    if not event.is_base64_encoded:
        return raw.encode("utf-8")
    try:
        return base64.b64decode(raw, validate=True)
    except binascii.Error:
        raise MalformedBodyError("body is not valid base64") from None


def read_json_object(event: BaseProxyEvent) -> dict[str, Any]:
    """The body as a JSON object with Decimal numbers; checks in order: size (413), media type (415), JSON (400)."""
    body = _body_bytes(event)
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLargeError(f"request body is larger than {MAX_BODY_BYTES // 1024} KiB")
    if not is_json_media_type(event.headers.get("content-type")):
        raise UnsupportedMediaTypeError("Content-Type must be application/json")
    try:
        document = json_codec.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json_codec.JsonDecodeError):
        raise MalformedBodyError("request body is not valid JSON") from None
    if not isinstance(document, dict):
        raise MalformedBodyError("request body must be a JSON object")
    return document
