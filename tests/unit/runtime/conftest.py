"""Runtime test fixtures: a dynalite server with both tables, the handler pointed at it, API Gateway events."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from items_api import json_codec, names

from local.database import Database, chosen_database, client_environment, create_tables
from local.template import TableSpec
from tests.tiers import component

ITEMS_TABLE = "items-unit-test"
IDEMPOTENCY_TABLE = "idempotency-unit-test"
FUNCTION_ENVIRONMENT = {
    names.ENV_TABLE_NAME: ITEMS_TABLE,
    names.ENV_IDEMPOTENCY_TABLE_NAME: IDEMPOTENCY_TABLE,
    names.ENV_ENVIRONMENT: "test",
    names.ENV_PROJECT_NAME: "items-api",
    names.ENV_SERVICE_NAME: "items-api",
    names.ENV_LOG_LEVEL: "INFO",
    names.ENV_METRICS_NAMESPACE: "ItemsApiTest",
    "POWERTOOLS_TRACE_DISABLED": "true",
}


# Set before any test module imports the runtime: Powertools reads these when the observability objects are
# created, as Lambda guarantees in production. The DynamoDB endpoint is set later, by function_environment.
for _variable, _value in FUNCTION_ENVIRONMENT.items():
    os.environ.setdefault(_variable, _value)


def create_service_tables(endpoint: str) -> None:
    """Both tables with the stack's key schemas; returns once dynalite reports them ACTIVE."""
    client = boto3.client("dynamodb", **_client_arguments(endpoint))
    tables = [
        TableSpec.on_demand(ITEMS_TABLE, names.ITEMS_PARTITION_KEY),
        TableSpec.on_demand(IDEMPOTENCY_TABLE, names.IDEMPOTENCY_PARTITION_KEY),
    ]
    create_tables(client, tables)


def _client_arguments(endpoint: str) -> dict[str, Any]:
    environment = client_environment(endpoint)
    return {
        "endpoint_url": endpoint,
        "region_name": environment["AWS_REGION"],
        "aws_access_key_id": environment["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": environment["AWS_SECRET_ACCESS_KEY"],
    }


@pytest.fixture(scope="session")
@component("starts dynalite (or DynamoDB Local)")
def database() -> Iterator[Database]:
    """dynalite in memory, or Amazon DynamoDB Local when LOCAL_DB=dynamodb-local (`make test DB=dynamodb-local`)."""
    server = Database(chosen_database()).start()
    try:
        create_service_tables(server.endpoint)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def items_table() -> str:
    return ITEMS_TABLE


@pytest.fixture(scope="session")
def dynamodb(database: Database) -> Any:
    """A boto3 client of the test's own, to inspect the tables directly."""
    return boto3.client("dynamodb", **_client_arguments(database.endpoint))


def point_function_at(monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    """Set the function's environment for `endpoint` and drop the container's cached client."""
    from items_api import store  # noqa: PLC0415  (after the environment above: it creates the Powertools objects)

    for variable, value in {**FUNCTION_ENVIRONMENT, **client_environment(endpoint)}.items():
        monkeypatch.setenv(variable, value)
    store.dynamodb_client.cache_clear()


@pytest.fixture(scope="session")
def function_environment(database: Database) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_function_at(monkeypatch, database.endpoint)
        yield
    from items_api import store  # noqa: PLC0415

    store.dynamodb_client.cache_clear()


@pytest.fixture
def point_function(monkeypatch: pytest.MonkeyPatch, function_environment: None) -> Iterator[Callable[[str], None]]:
    """Point the function at another DynamoDB endpoint for one test (with a new client), then back."""
    from items_api import store  # noqa: PLC0415

    yield lambda endpoint: point_function_at(monkeypatch, endpoint)
    store.dynamodb_client.cache_clear()


@pytest.fixture(scope="session")
def lambda_handler(function_environment: None) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    # Imported here, not at the top: the handler validates its environment when imported.
    from items_api.handler import lambda_handler  # noqa: PLC0415

    return lambda_handler


@dataclass
class LambdaContextAttributes:
    """What the handler reads from the Lambda context; the remaining time drives the DynamoDB deadline."""

    remaining_milliseconds: int = 10_000
    function_name: str = "items-api-test"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:items-api-test"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_milliseconds


@pytest.fixture
def lambda_context() -> LambdaContextAttributes:
    return LambdaContextAttributes()


@dataclass
class ApiResponse:
    status: int
    headers: dict[str, str]
    text: str | None

    def json(self) -> Any:
        assert self.text is not None
        return json_codec.loads(self.text)

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), None)


def api_event(
    method: str,
    path: str,
    *,
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    base64_body: bool = False,
    request_id: str | None = None,
    base_path: str | None = None,
    header_lines: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy (payload 1.0) event, as the stage's /items resources send it.

    Without `base_path`, the request came to the execute-api URL: `path` is without the stage, and
    requestContext.path is with it. With one, it came to a custom domain whose base path mapping is
    `base_path`: API Gateway then puts the base path in both. `header_lines` are headers sent on several lines:
    all of them in multiValueHeaders, the last one in headers, as API Gateway passes them.
    """
    headers = dict(headers or {})
    if body is not None and not isinstance(body, (str, bytes)):
        body = json_codec.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    if isinstance(body, bytes) or (base64_body and body is not None):
        body = base64.b64encode(body if isinstance(body, bytes) else body.encode()).decode()
        base64_body = True
    headers.update({name: lines[-1] for name, lines in (header_lines or {}).items()})
    segments = path.strip("/").split("/")
    resource = names.ITEM_PATH if len(segments) == 2 else names.ITEMS_PATH
    request_id = request_id or str(uuid.uuid4())
    sent_path = f"{base_path}{path}" if base_path else f"/test{path}"
    return {
        "resource": resource,
        "path": sent_path if base_path else path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {key: [value] for key, value in headers.items()} | (header_lines or {}),
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {key: [value] for key, value in query.items()} if query else None,
        "pathParameters": {"id": segments[1]} if len(segments) == 2 else None,
        "stageVariables": None,
        "requestContext": {
            "requestId": request_id,
            "stage": "test",
            "path": sent_path,
            "resourcePath": resource,
            "httpMethod": method,
            "domainName": "api.example.com" if base_path else "abcdef1234.execute-api.us-east-1.amazonaws.com",
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "body": body,
        "isBase64Encoded": base64_body,
    }


Invoke = Callable[..., ApiResponse]


@pytest.fixture
def invoke(lambda_handler: Callable[[dict[str, Any], Any], dict[str, Any]]) -> Invoke:
    """Call the handler in-process the way API Gateway does and return the decoded response."""

    def call(method: str, path: str, *, remaining_milliseconds: int = 10_000, **event: Any) -> ApiResponse:
        context = LambdaContextAttributes(remaining_milliseconds=remaining_milliseconds)
        result = lambda_handler(api_event(method, path, **event), context)
        headers = {key: ",".join(values) for key, values in result.get("multiValueHeaders", {}).items()}
        headers.update(result.get("headers") or {})
        return ApiResponse(status=result["statusCode"], headers=headers, text=result.get("body"))

    return call


@pytest.fixture
def created_item(invoke: Invoke) -> Callable[..., dict[str, Any]]:
    """Create an item through the API and return it."""

    def create(**attributes: Any) -> dict[str, Any]:
        response = invoke("POST", names.ITEMS_PATH, body={"name": "widget", **attributes})
        assert response.status == 201, response.text
        return response.json()

    return create


@pytest.fixture
def all_pages(invoke: Invoke) -> Callable[..., list[dict[str, Any]]]:
    """Every page of GET /items with `limit`, following nextCursor to the end; each page must be a 200."""

    def pages(limit: int = 100) -> list[dict[str, Any]]:
        found, cursor = [], None
        while True:
            query = {"limit": str(limit), **({"cursor": cursor} if cursor else {})}
            response = invoke("GET", "/items", query=query)
            assert response.status == 200, response.text
            found.append(response.json())
            cursor = found[-1]["nextCursor"]
            if cursor is None:
                return found

    return pages


@pytest.fixture
def stored_item(dynamodb: Any, items_table: str) -> Iterator[Callable[..., str]]:
    """Writes an item straight to the table, as another writer might (attributes in DynamoDB's JSON form, server
    fields filled in unless given); returns its id. Every item written is deleted after the test."""
    written: list[str] = []

    def write(**attributes: dict[str, Any]) -> str:
        item_id = str(uuid.uuid4())
        server_fields = {
            "itemId": {"S": item_id},
            "name": {"S": "stored"},
            "createdAt": {"S": "2026-01-01T00:00:00.000Z"},
            "updatedAt": {"S": "2026-01-01T00:00:00.000Z"},
            "version": {"N": "1"},
        }
        dynamodb.put_item(TableName=items_table, Item={**server_fields, **attributes})
        written.append(item_id)
        return item_id

    yield write
    for item_id in written:
        dynamodb.delete_item(TableName=items_table, Key={"itemId": {"S": item_id}})
