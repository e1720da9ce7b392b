"""An API Gateway REST proxy event (payload 1.0) as the stage sends one, for requests the function makes itself."""

from __future__ import annotations

from typing import Any


def proxy_event(
    method: str,
    resource: str,
    *,
    request_id: str,
    stage: str,
    item_id: str | None = None,
    query: dict[str, str] | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    """A JSON request to `resource` (names.ITEMS_PATH, or names.ITEM_PATH naming `item_id`)."""
    parameters = {"id": item_id} if item_id is not None and "{id}" in resource else None
    path = resource.replace("{id}", parameters["id"]) if parameters else resource
    headers = {"Content-Type": "application/json"}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {name: [value] for name, value in query.items()} if query else None,
        "pathParameters": parameters,
        "requestContext": {"requestId": request_id, "stage": stage, "path": f"/{stage}{path}"},
        "body": body,
        "isBase64Encoded": False,
    }
