"""The HTTP API as documented: every route with its OpenAPI parameters, request body and responses.

docs/openapi.json is generated from this resolver (items_api.openapi), and it judges the requests whose
parameters items_api.parameters cannot vouch for (Powertools' validation with pydantic, so a refused parameter
is named as it always was). Each route does what items_api.api's does: both call items_api.operations.
Importing this module imports pydantic: the API serves valid requests without it.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

from items_api import api_docs, names, operations, parameters
from items_api.api import route_rule
from items_api.cursor import MAX_CURSOR_LENGTH
from items_api.resolver import new_resolver

# Validation is switched on per route (VALIDATED) rather than resolver-wide: the resolver-wide switch also
# documents a generic 422 on every route, while this API answers 422 only to POST and PUT bodies.
VALIDATED = True
TAG = "items"
app = new_resolver()

ItemId = Annotated[str, Path(alias="id", description="The item's itemId")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=parameters.IDEMPOTENCY_KEY_HEADER,
        pattern=parameters.IDEMPOTENCY_KEY_PATTERN,
        description="1-255 printable characters; a retry with the same key and body within 24 h replays the result",
    ),
]
Limit = Annotated[
    int,
    Query(
        alias=parameters.LIMIT_QUERY,
        ge=parameters.MIN_LIMIT,
        le=parameters.MAX_LIMIT,
        description="Page size (a page may hold fewer items)",
    ),
]
Cursor = Annotated[
    str | None,
    Query(
        alias=parameters.CURSOR_QUERY,
        min_length=1,
        max_length=MAX_CURSOR_LENGTH,
        description="nextCursor of the previous page",
    ),
]


@app.get(
    names.ITEMS_PATH,
    enable_validation=VALIDATED,
    operation_id="listItems",
    tags=[TAG],
    description=(
        "One page of items in table order (not sorted); follow nextCursor until it is null. A page may hold "
        "fewer than `limit` items and still have a next one."
    ),
    summary="List items, one page at a time",
    responses=api_docs.responses(api_docs.page(), 304, 400, 412, on_item=False),
)
def list_items(limit: Limit = parameters.DEFAULT_LIMIT, cursor: Cursor = None) -> Response[str]:
    return operations.list_page(app.current_event, limit, cursor)


@app.post(
    names.ITEMS_PATH,
    enable_validation=VALIDATED,
    operation_id="createItem",
    tags=[TAG],
    description=(
        "Creates an item at version 1 from `name` and any client attributes. With Idempotency-Key, a retry "
        "with the same item replays the first answer instead of creating another."
    ),
    summary="Create an item",
    responses=api_docs.responses(api_docs.item(201, "The created item"), 400, 409, 412, 413, 415, 422, on_item=False),
    openapi_extensions=api_docs.CREATE_BODY,
)
def create_item(idempotency_key: IdempotencyKey = None) -> Response[str]:
    return operations.create(app.current_event, app.lambda_context, idempotency_key)


@app.get(
    route_rule(names.ITEM_PATH),
    enable_validation=VALIDATED,
    operation_id="getItem",
    tags=[TAG],
    description=("The item and its ETag; with If-None-Match naming that ETag, 304 and no body."),
    summary="Get one item",
    responses=api_docs.responses(api_docs.item(200, "The item"), 304, 400, 404, 412),
)
def get_item(item_id: ItemId) -> Response[str]:
    return operations.get(app.current_event, item_id)


@app.put(
    route_rule(names.ITEM_PATH),
    enable_validation=VALIDATED,
    operation_id="updateItem",
    tags=[TAG],
    description=(
        "Sets the given attributes and bumps the version; attributes not given stay. With If-Match, only if "
        "the item is still at that version (optimistic locking)."
    ),
    summary="Set some attributes of an item (never creates one)",
    responses=api_docs.responses(api_docs.item(200, "The updated item"), 400, 404, 409, 412, 413, 415, 422),
    openapi_extensions=api_docs.UPDATE_BODY,
)
def update_item(item_id: ItemId) -> Response[str]:
    return operations.update(app.current_event, item_id)


@app.delete(
    route_rule(names.ITEM_PATH),
    enable_validation=VALIDATED,
    operation_id="deleteItem",
    tags=[TAG],
    description=("Deletes the item; with If-Match, only if it is still at that version."),
    summary="Delete an item",
    responses=api_docs.responses(api_docs.no_content("Deleted"), 400, 404, 412),
)
def delete_item(item_id: ItemId) -> Response[None]:
    return operations.delete(app.current_event, item_id)
