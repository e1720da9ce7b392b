"""The HTTP API as it serves requests: the Powertools resolver, one call into the domain per route, no pydantic.

Parameters are checked by items_api.parameters; a request with a parameter it cannot vouch for is answered by
items_api.documented_api instead, whose pydantic validation names the parameter exactly as the OpenAPI document
describes it. Importing pydantic and building those validators costs more than a whole bare boto3 cold start, so
requests that need neither never pay for them (docs/performance.md, "Cold request").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from items_api import names, operations, parameters
from items_api.resolver import new_resolver

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import Response
    from aws_lambda_powertools.utilities.typing import LambdaContext

app = new_resolver()


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


def resolve(event: dict[str, Any], context: LambdaContext | None) -> dict[str, Any]:
    """Answer one API Gateway event: here, or by the documented API when a parameter must be judged."""
    # Powertools annotates the context as required but only keeps it for the handlers: ours and the middleware
    # (resolver.py) take it as optional, for SnapStart's priming requests, which have no invocation.
    invocation = cast("LambdaContext", context)
    if parameters.refused(event):
        from items_api.documented_api import app as documented  # noqa: PLC0415 - pydantic only for these

        return documented.resolve(event, invocation)
    return app.resolve(event, invocation)


def route_rule(path: str) -> str:
    """names.py writes paths the OpenAPI way ({id}); the resolver wants <id>."""
    return re.sub(r"\{(\w+)\}", r"<\1>", path)


def _checked(value: Any) -> Any:
    # resolve() sent every request with a refused parameter to the documented API: none can reach a route here.
    if isinstance(value, parameters.Refused):
        raise RuntimeError("a refused parameter reached the API's routes")
    return value


@app.get(names.ITEMS_PATH)
def list_items() -> Response[str]:
    limit, cursor = _checked(parameters.list_query(app.current_event.raw_event))
    return operations.list_page(app.current_event, limit, cursor)


@app.post(names.ITEMS_PATH)
def create_item() -> Response[str]:
    key = _checked(parameters.idempotency_key(app.current_event.raw_event))
    return operations.create(app.current_event, app.lambda_context, key)


@app.get(route_rule(names.ITEM_PATH))
def get_item(id: str) -> Response[str]:
    return operations.get(app.current_event, id)


@app.put(route_rule(names.ITEM_PATH))
def update_item(id: str) -> Response[str]:
    return operations.update(app.current_event, id)


@app.delete(route_rule(names.ITEM_PATH))
def delete_item(id: str) -> Response[None]:
    return operations.delete(app.current_event, id)
