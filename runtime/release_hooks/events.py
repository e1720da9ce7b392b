"""API Gateway REST proxy events (payload 1.0) for the routes, as the deployed stage sends them to the function.

The items function's bundle builds its own (items_api/proxy_event.py, for SnapStart's priming); this bundle holds
release_hooks alone (stages/bundling.py, package_code), so it cannot import that one, and the items bundle leaves
release_hooks out (SEPARATE_PACKAGES). The emulator's builder (local/gateway/events.py) turns real HTTP requests
into events, a different job.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

ITEM_RESOURCE = "/items/{id}"
ITEMS_RESOURCE = "/items"
# Marks every request of the checks in the function's logs and access logs (User-Agent).
USER_AGENT = "items-api-release-check"


def rest_event(
    method: str,
    resource: str,
    *,
    stage: str,
    item_id: str | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> dict[str, Any]:
    """The event API Gateway's Lambda proxy integration would build for this request on `stage`."""
    path = resource.replace("{id}", item_id or "")
    sent = {"Accept": "application/json", "User-Agent": USER_AGENT, **(headers or {})}
    if body is not None:
        sent["Content-Type"] = "application/json"
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": sent,
        "multiValueHeaders": {name: [value] for name, value in sent.items()},
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {name: [value] for name, value in query.items()} if query else None,
        "pathParameters": {"id": item_id} if item_id is not None else None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/{stage}{path}",
            "stage": stage,
            "requestId": request_id,
            "extendedRequestId": request_id,
            "requestTimeEpoch": int(time.time() * 1000),
            "protocol": "HTTP/1.1",
            "identity": {"sourceIp": "127.0.0.1", "userAgent": USER_AGENT},
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }
