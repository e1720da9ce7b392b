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


def item_response(item: dict[str, Any], status_code: int = 200) -> Response[str]:
    """The item with its ETag; a 201 also says where the new item lives."""
    headers = {"ETag": etag(item["version"])}
    if status_code == 201:
        headers["Location"] = names.ITEM_PATH.replace("{id}", str(item["itemId"]))
    return json_response(status_code, item, headers)


def no_content() -> Response[None]:
    return Response(status_code=204, body=None)


def error_response(
    status_code: int, message: str, problems: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> Response[str]:
    """The one error shape: {"message"}, plus "field" and "errors" when fields are at fault."""
    body: dict[str, Any] = {"message": message}
    if problems:
        body["field"] = problems[0]["field"]
        body["errors"] = problems
    return json_response(status_code, body, headers)
