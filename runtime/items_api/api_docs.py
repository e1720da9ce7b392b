"""What the OpenAPI document says about each route: request bodies, every status code, headers, error schema."""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse, OpenAPIResponseHeader

from items_api.models import ErrorBody, Item, ItemCreate, ItemPage, ItemUpdate
from items_api.request_body import MAX_BODY_BYTES

_JSON = "application/json"
_ERROR_DESCRIPTIONS = {
    400: "Malformed request: body not JSON or not an object, or a bad parameter, header or cursor",
    404: "No such item",
    409: (
        "A request with the same Idempotency-Key is still in progress (POST), or the item kept changing while "
        "the update was applied (PUT); retry"
    ),
    412: (
        "If-Match or If-None-Match is not met; on an item, the ETag header gives its current version (the "
        "write was not performed)"
    ),
    413: f"Request body larger than {MAX_BODY_BYTES // 1024} KiB",
    415: "Content-Type is not application/json",
    422: (
        "The item breaks a validation rule (the field is named; `body` when the item as a whole would have over 50 "
        "attributes or 400 KB after the update), or the Idempotency-Key came with another body"
    ),
    500: "Internal server error",
    503: "DynamoDB is throttling or unavailable; retry after Retry-After seconds",
}
_ETAG: dict[str, Any] = {
    "description": 'The item\'s version, quoted: "<version>"',
    "required": True,
    "schema": {"type": "string"},
}
_LOCATION = {
    "description": "The new item's path as the request addressed the API (stage or base path kept), /dev/items/{id}",
    "required": True,
    "schema": {"type": "string"},
}
_RETRY_AFTER: dict[str, Any] = {
    "description": "Seconds to wait before retrying",
    "required": True,
    "schema": {"type": "string"},
}
_CURRENT_ETAG: dict[str, Any] = {
    "description": 'The item\'s current version, quoted: "<version>" (send it as If-Match to retry)',
    "required": True,
    "schema": {"type": "string"},
}
_ERROR_HEADERS: dict[int, dict[str, dict[str, Any]]] = {
    412: {"ETag": _CURRENT_ETAG},
    503: {"Retry-After": _RETRY_AFTER},
}


def _headers(headers: dict[str, dict[str, Any]]) -> dict[str, OpenAPIResponseHeader]:
    """OpenAPI's Header Object has `required` (it follows the Parameter Object); Powertools' TypedDict of it omits
    that key, so the headers are written as what they are and handed over as its type."""
    return cast("dict[str, OpenAPIResponseHeader]", headers)


def _not_modified(on_item: bool) -> OpenAPIResponse:
    # An explicit empty content map, as for 204: otherwise Powertools documents a JSON string body.
    response: OpenAPIResponse = {
        "description": "If-None-Match matched the current ETag (or was *): no body",
        "content": {},
    }
    if on_item:
        response["headers"] = _headers({"ETag": _ETAG})
    return response


def _error(status: int, on_item: bool) -> OpenAPIResponse:
    if status == 304:
        return _not_modified(on_item)
    response: OpenAPIResponse = {
        "description": _ERROR_DESCRIPTIONS[status],
        "content": {_JSON: {"model": ErrorBody}},
    }
    if status in _ERROR_HEADERS and (on_item or status != 412):  # the collection has no ETag
        response["headers"] = _headers(_ERROR_HEADERS[status])
    return response


def responses(
    success: dict[int, OpenAPIResponse], *error_statuses: int, on_item: bool = True
) -> dict[int, OpenAPIResponse]:
    """The success response(s) plus the listed errors; 500 and 503 can happen on every route. `on_item`: the
    route addresses one item, whose ETag a 304 or 412 carries."""
    return {**success, **{status: _error(status, on_item) for status in (*error_statuses, 500, 503)}}


def item(status: int, description: str) -> dict[int, OpenAPIResponse]:
    headers: dict[str, Any] = {"ETag": _ETAG}
    if status == 201:
        headers["Location"] = _LOCATION
    return {status: {"description": description, "headers": headers, "content": {_JSON: {"model": Item}}}}


def page() -> dict[int, OpenAPIResponse]:
    return {200: {"description": "One page of items", "content": {_JSON: {"model": ItemPage}}}}


def no_content(description: str) -> dict[int, OpenAPIResponse]:
    # An explicit empty content map: without it Powertools documents the `None` return as a JSON null body.
    return {204: {"description": description, "content": {}}}


def _request_body(model: type[ItemCreate] | type[ItemUpdate], description: str) -> dict[str, Any]:
    # The body is read by request_body.py (so size and media type are checked before parsing), not by the
    # resolver; the schema is declared here so the document still describes it exactly.
    schema = model.model_json_schema()
    return {"requestBody": {"required": True, "description": description, "content": {_JSON: {"schema": schema}}}}


CREATE_BODY = _request_body(ItemCreate, "The new item: name plus any client attributes")
UPDATE_BODY = _request_body(ItemUpdate, "Client attributes to set; attributes not given stay as they are")
