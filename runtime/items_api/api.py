"""The HTTP API: Powertools resolver with CORS and parameter validation, one call into the domain per route."""

from __future__ import annotations

import re
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

from items_api import api_docs, items, json_codec, names, store
from items_api.conditional import Preconditions
from items_api.cursor import MAX_CURSOR_LENGTH
from items_api.errors import register_error_handlers
from items_api.http_responses import created_location, item_response, json_response, no_content
from items_api.idempotency import create_item_once
from items_api.request_body import read_json_object

# Printable ASCII, 1-255 characters, neither starting nor ending with a space: HTTP strips a field value's leading
# and trailing white space (RFC 9110 section 5.5), so a key with them could never arrive as written.
_IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7E](?:[\x20-\x7E]{0,253}[\x21-\x7E])?$"


class AlwaysCORSConfig(CORSConfig):
    """CORS headers on every response, even without an Origin header (Powertools adds them only with one).

    With allow_origin="*" the headers are the same for every caller, and clients and checks that send no
    Origin see exactly what a browser would.
    """

    def allowed_origin(self, extracted_origin: str | None) -> str | None:
        return "*" if "*" in self._allowed_origins else super().allowed_origin(extracted_origin or "")


# Validation is switched on per route (VALIDATED) rather than resolver-wide: the resolver-wide switch also
# documents a generic 422 on every route, while this API answers 422 only to POST and PUT bodies.
VALIDATED = True
TAG = "items"
app = APIGatewayRestResolver(
    cors=AlwaysCORSConfig(
        allow_origin="*",
        allow_headers=list(names.CORS_ALLOW_HEADERS),
        expose_headers=list(names.CORS_EXPOSE_HEADERS),
    ),
    serializer=json_codec.dumps,
)
register_error_handlers(app)


def _bound_to_invocation(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """DynamoDB attempts that could not finish before this invocation times out are refused (503)."""
    context = app.lambda_context
    store.deadline.set(context.get_remaining_time_in_millis() if context is not None else None)
    try:
        return next_middleware(app)
    finally:
        store.deadline.set(None)


app.use(middlewares=[_bound_to_invocation])

ItemId = Annotated[str, Path(alias="id", description="The item's itemId")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        pattern=_IDEMPOTENCY_KEY_PATTERN,
        description="1-255 printable characters; a retry with the same key and body within 24 h replays the result",
    ),
]


def without_base_path(event: dict[str, Any]) -> dict[str, Any]:
    """The event with `path` relative to the API, as the routes are written.

    On a custom domain with a base path mapping, API Gateway puts the base path in the event's `path`
    (/shop/items/<id>), not only in requestContext.path. The matched resource (/items/{id}) says how many
    trailing segments are the API's own; whatever comes before them is the base path. Counting segments
    rather than matching "/items" keeps an id that happens to read "items" an id.
    """
    resource, path = event.get("resource"), event.get("path")
    if not resource or not path:
        return event
    segments = path.rstrip("/").split("/")
    own = resource.rstrip("/").count("/")
    if not 0 < own < len(segments) - 1:
        return event
    return {**event, "path": "/" + "/".join(segments[-own:])}


def _rule(path: str) -> str:
    """names.py writes paths the OpenAPI way ({id}); the resolver wants <id>."""
    return re.sub(r"\{(\w+)\}", r"<\1>", path)


def _preconditions() -> Preconditions:
    """If-Match and If-None-Match, every line of each (a declared header parameter would see only the last line,
    or refuse several); openapi_contract.py documents them on every operation."""
    return Preconditions.from_event(app.current_event.raw_event)


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
def list_items(
    limit: Annotated[int, Query(ge=1, le=100, description="Page size (a page may hold fewer items)")] = 25,
    cursor: Annotated[
        str | None, Query(min_length=1, max_length=MAX_CURSOR_LENGTH, description="nextCursor of the previous page")
    ] = None,
) -> Response[str]:
    _preconditions().check(None, read=True)  # the collection has no ETag: only * can match it
    page = items.list_items(limit=limit, cursor=cursor)
    return json_response(200, {"items": page.items, "count": len(page.items), "nextCursor": page.next_cursor})


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
    body = read_json_object(app.current_event)
    _preconditions().check(None, read=False)  # the target is the collection, which exists and has no ETag
    if idempotency_key is None:
        created = items.create_item(body)
    else:
        created = create_item_once(idempotency_key, body, app.lambda_context)
    return item_response(
        created, status_code=201, location=created_location(app.current_event.raw_event, created["itemId"])
    )


@app.get(
    _rule(names.ITEM_PATH),
    enable_validation=VALIDATED,
    operation_id="getItem",
    tags=[TAG],
    description=("The item and its ETag; with If-None-Match naming that ETag, 304 and no body."),
    summary="Get one item",
    responses=api_docs.responses(api_docs.item(200, "The item"), 304, 400, 404, 412),
)
def get_item(item_id: ItemId) -> Response[str]:
    preconditions = _preconditions()
    item = items.get_item(item_id)
    preconditions.check(item["version"], read=True)
    return item_response(item)


@app.put(
    _rule(names.ITEM_PATH),
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
    condition = _preconditions().version_condition()
    body = read_json_object(app.current_event)
    return item_response(items.update_item(item_id, body, condition))


@app.delete(
    _rule(names.ITEM_PATH),
    enable_validation=VALIDATED,
    operation_id="deleteItem",
    tags=[TAG],
    description=("Deletes the item; with If-Match, only if it is still at that version."),
    summary="Delete an item",
    responses=api_docs.responses(api_docs.no_content("Deleted"), 400, 404, 412),
)
def delete_item(item_id: ItemId) -> Response[None]:
    items.delete_item(item_id, _preconditions().version_condition())
    return no_content()
