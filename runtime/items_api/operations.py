"""What each route does once its parameters are known: one call into the domain, then the HTTP response.

Shared by items_api.api (which serves requests) and items_api.documented_api (which documents the routes and
judges refused parameters), so both answer every request the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from items_api import items
from items_api.http_responses import created_location, item_response, json_response, no_content
from items_api.idempotency import create_item_once
from items_api.request_body import read_json_object

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import Response
    from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
    from aws_lambda_powertools.utilities.typing import LambdaContext


def _expected_versions(if_match: str | None) -> tuple[int, ...] | None:
    """The versions If-Match accepts, or None when any existing version will do (no header, or *)."""
    if if_match is None or if_match.strip() == "*":
        return None
    return tuple(sorted({int(tag.strip().strip('"')) for tag in if_match.split(",")}))


def list_page(limit: int, cursor: str | None) -> Response[str]:
    page = items.list_items(limit=limit, cursor=cursor)
    return json_response(200, {"items": page.items, "count": len(page.items), "nextCursor": page.next_cursor})


def create(event: APIGatewayProxyEvent, context: LambdaContext | None, idempotency_key: str | None) -> Response[str]:
    body = read_json_object(event)
    created = items.create_item(body) if idempotency_key is None else create_item_once(idempotency_key, body, context)
    return item_response(created, status_code=201, location=created_location(event.raw_event, created["itemId"]))


def get(item_id: str) -> Response[str]:
    return item_response(items.get_item(item_id))


def update(event: APIGatewayProxyEvent, item_id: str, if_match: str | None) -> Response[str]:
    body = read_json_object(event)
    return item_response(items.update_item(item_id, body, _expected_versions(if_match)))


def delete(item_id: str, if_match: str | None) -> Response[None]:
    items.delete_item(item_id, _expected_versions(if_match))
    return no_content()
