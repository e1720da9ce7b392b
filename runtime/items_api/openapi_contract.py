"""What the OpenAPI document adds to the routes' own description: the API as a client meets it through API Gateway.

Powertools documents each route as the function sees it. A client also meets the gateway in front of it:
- SigV4 on every operation (API Gateway's export writes AWS_IAM as an `apiKey` scheme on `Authorization` with
  `x-amazon-apigateway-authtype: awsSigv4`);
- the gateway's own answers: 403 (no or bad signature, unknown route, WAF), 429 (stage throttling), 502 and 504
  (the function failed or timed out), each `{"message": ...}`;
- the stage in every URL (`servers` with a `{stage}` variable);
- If-Match and If-None-Match on every operation (conditional.py evaluates them on every route);
- request bodies as named schemas (ItemCreate, ItemUpdate), and no component that nothing uses.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from items_api.conditional import IF_MATCH, IF_NONE_MATCH

SIGV4 = "sigv4"
SECURITY_SCHEMES = {
    SIGV4: {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "description": (
            "AWS Signature Version 4 for the execute-api service (IAM authorization). Sign the request as it is "
            "sent, query string included (awscurl, or curl 8 or newer with --aws-sigv4)"
        ),
        "x-amazon-apigateway-authtype": "awsSigv4",
    }
}
SERVERS = [
    {
        "url": "https://{restApiId}.execute-api.{region}.amazonaws.com/{stage}",
        "description": "A stage on API Gateway (the stack output ApiUrl)",
        "variables": {
            "restApiId": {"default": "restapiid", "description": "The REST API's id (the first label of ApiUrl)"},
            "region": {"default": "us-east-1", "description": "The environment's region"},
            "stage": {"default": "dev", "description": "The stage: the environment's name"},
        },
    },
    {
        "url": "http://127.0.0.1:{port}/{stage}",
        "description": "The local stack (make run)",
        "variables": {
            "port": {"default": "3000", "description": "make run PORT="},
            "stage": {"default": "dev", "description": "make run STAGE="},
        },
    },
]
_ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
_ERROR_TYPE = {
    "x-amzn-ErrorType": {"description": "API Gateway's error type", "schema": {"type": "string"}},
}
GATEWAY_RESPONSES = {
    "403": "API Gateway refused the request: no or an invalid SigV4 signature, an unknown route, or the WAF",
    "429": "API Gateway is throttling this stage; retry with backoff",
    "502": "The function failed or returned a malformed response (API Gateway)",
    "504": "The function did not answer within API Gateway's 29 seconds",
}
CONDITIONAL_PARAMETERS = [
    {
        "name": IF_MATCH,
        "in": "header",
        "required": False,
        "description": (
            'Act only if the current ETag is one of these entity tags ("<version>", comma-separated) or *; '
            'strong comparison, so W/"1" and "01" never match. Otherwise 412 with the current ETag'
        ),
        "schema": {"type": "string"},
    },
    {
        "name": IF_NONE_MATCH,
        "in": "header",
        "required": False,
        "description": (
            'Act only if the current ETag is none of these entity tags ("<version>" or W/"<version>", '
            "comma-separated; * matches anything that exists). A match is 304 on GET, 412 otherwise"
        ),
        "schema": {"type": "string"},
    },
]


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [operation for path in document["paths"].values() for operation in path.values()]


def _named_request_bodies(document: dict[str, Any]) -> None:
    """An inline request schema with a title becomes a component of that name, referenced from the operation."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for operation in _operations(document):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            schema = media.get("schema", {})
            if "title" in schema and "$ref" not in schema:
                schemas[schema["title"]] = schema
                media["schema"] = {"$ref": f"#/components/schemas/{schema['title']}"}


def _gateway_answers(operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    for status, description in GATEWAY_RESPONSES.items():
        responses.setdefault(status, {"description": description, "headers": _ERROR_TYPE, "content": _ERROR_BODY})
    operation["responses"] = dict(sorted(responses.items()))


def _referenced(value: Any) -> set[str]:
    text = json.dumps(value)
    prefix = '"#/components/schemas/'
    return {part.split('"', 1)[0] for part in text.split(prefix)[1:]}


def _without_unused_schemas(document: dict[str, Any]) -> None:
    """Drop schemas nothing reaches from the paths (Powertools adds its validation-error models regardless)."""
    schemas = document["components"]["schemas"]
    reached: set[str] = set()
    pending = _referenced(document["paths"])
    while pending:
        name = pending.pop()
        if name not in reached and name in schemas:
            reached.add(name)
            pending |= _referenced(schemas[name])
    document["components"]["schemas"] = {name: schemas[name] for name in sorted(reached)}


def as_clients_meet_it(generated: dict[str, Any]) -> dict[str, Any]:
    """The routes' document with the gateway, the stage, SigV4 and the conditional headers described."""
    document = copy.deepcopy(generated)
    document["servers"] = SERVERS
    document["security"] = [{SIGV4: []}]
    document.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    _named_request_bodies(document)
    for operation in _operations(document):
        operation["parameters"] = [*operation.get("parameters", []), *CONDITIONAL_PARAMETERS]
        _gateway_answers(operation)
    _without_unused_schemas(document)
    return document
