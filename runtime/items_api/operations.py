"""What each route does once its parameters are known: one call into the domain, then the HTTP response.

Shared by items_api.api (which serves requests) and items_api.documented_api (which documents the routes and
judges refused parameters), so both answer every request the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from items_api import items
from items_api.conditional import Preconditions
from items_api.http_responses import created_location, item_response, json_response, no_content
from items_api.idempotency import create_item_once
from items_api.request_body import read_json_object

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import Response
    from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
    from aws_lambda_powertools.utilities.typing import LambdaContext


def _preconditions(event: APIGatewayProxyEvent) -> Preconditions:
    """If-Match and If-None-Match, every line of each (a declared header parameter would see only the last line,
    or refuse several); openapi_contract.py documents them on every operation."""
    return Preconditions.from_event(event.raw_event)


def list_page(event: APIGatewayProxyEvent, limit: int, cursor: str | None) -> Response[str]:
    _preconditions(event).check(None, read=True)  # the collection has no ETag: only * can match it
    page = items.list_items(limit=limit, cursor=cursor)
    return json_response(200, {"items": page.items, "count": len(page.items), "nextCursor": page.next_cursor})


def create(event: APIGatewayProxyEvent, context: LambdaContext | None, idempotency_key: str | None) -> Response[str]:
    body = read_json_object(event)
    _preconditions(event).check(None, read=False)  # the target is the collection, which exists and has no ETag
    created = items.create_item(body) if idempotency_key is None else create_item_once(idempotency_key, body, context)
    return item_response(created, status_code=201, location=created_location(event.raw_event, created["itemId"]))


def get(event: APIGatewayProxyEvent, item_id: str) -> Response[str]:
    preconditions = _preconditions(event)
    item = items.get_item(item_id)
    preconditions.check(item["version"], read=True)
    return item_response(item)


def update(event: APIGatewayProxyEvent, item_id: str) -> Response[str]:
    condition = _preconditions(event).version_condition()
    body = read_json_object(event)
    return item_response(items.update_item(item_id, body, condition))


def delete(event: APIGatewayProxyEvent, item_id: str) -> Response[None]:
    items.delete_item(item_id, _preconditions(event).version_condition())
    return no_content()
