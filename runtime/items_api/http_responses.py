"""Building HTTP responses: exact JSON bodies (Decimals digit for digit), ETag and Location headers."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types

from items_api import json_codec, names


def json_response(status_code: int, body: Any, headers: dict[str, str] | None = None) -> Response[str]:
    # Serialized here, not by the resolver: its encoder would turn Decimals into strings or floats.
    return Response(
        status_code=status_code,
        content_type=content_types.APPLICATION_JSON,
        body=json_codec.dumps(body),
        headers=headers,
    )


def etag(version: Any) -> str:
    return f'"{version}"'


def item_response(item: dict[str, Any], status_code: int = 200, location: str | None = None) -> Response[str]:
    """The item with its ETag, and where it lives (`location`, for a 201)."""
    headers = {"ETag": etag(item["version"])}
    if location is not None:
        headers["Location"] = location
    return json_response(status_code, item, headers)


def created_location(event: dict[str, Any], item_id: str) -> str:
    """Where an item created by POST to the collection lives, as the client addresses this API.

    requestContext.path is the path the client sent: with the stage on the execute-api URL (/dev/items),
    with the base path on a custom domain (/shop/items). The event's own `path` leaves the stage out, so a
    Location made from it would resolve outside the stage (403).
    """
    sent = (event.get("requestContext") or {}).get("path") or names.ITEMS_PATH
    return f"{sent.rstrip('/')}/{item_id}"


def no_content() -> Response[None]:
    return Response(status_code=204, body=None)


def not_modified(current_etag: str | None) -> Response[None]:
    return Response(status_code=304, body=None, headers={"ETag": current_etag} if current_etag else None)


def error_response(
    status_code: int, message: str, problems: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> Response[str]:
    """The one error shape: {"message"}, plus "field" and "errors" when fields are at fault."""
    body: dict[str, Any] = {"message": message}
    if problems:
        body["field"] = problems[0]["field"]
        body["errors"] = problems
    return json_response(status_code, body, headers)
