"""DynamoDB out of reach, out of time or failing unexpectedly: 503 with Retry-After, or a bare 500."""

import uuid

import pytest

from local.database import Dynalite

# However DynamoDB fails, the function answers within its Lambda timeout (10 s in cdk.json).
pytestmark = pytest.mark.timeout(10)

ITEM_PATH = f"/items/{uuid.uuid4()}"
REQUESTS = {
    "list": ("GET", "/items", {}),
    "get": ("GET", ITEM_PATH, {}),
    "create": ("POST", "/items", {"body": {"name": "lamp"}}),
    "create with key": ("POST", "/items", {"body": {"name": "lamp"}, "headers": {"Idempotency-Key": "k-503"}}),
    "update": ("PUT", ITEM_PATH, {"body": {"name": "lamp"}}),
    "delete": ("DELETE", ITEM_PATH, {}),
}


@pytest.fixture(scope="module")
def stopped_endpoint() -> str:
    """The endpoint of a dynalite that was started and stopped again: its port refuses connections."""
    server = Dynalite().start()
    server.stop()
    return server.endpoint


@pytest.fixture
def stopped_database(point_function, stopped_endpoint):
    point_function(stopped_endpoint)


@pytest.fixture
def database_without_tables(point_function):
    """A running dynalite where the function's tables do not exist: DynamoDB answers with an unexpected error."""
    with Dynalite() as server:
        point_function(server.endpoint)
        yield


@pytest.mark.parametrize("request_name", REQUESTS)
def test_unreachable_dynamodb_returns_503_with_retry_after(invoke, stopped_database, request_name):
    method, path, event = REQUESTS[request_name]
    response = invoke(method, path, **event)
    assert (response.status, response.header("Retry-After")) == (503, "5")


def test_unreachable_dynamodb_response_keeps_the_error_shape_and_cors(invoke, stopped_database):
    response = invoke("GET", "/items")
    assert (set(response.json()), response.header("Access-Control-Allow-Origin")) == ({"message"}, "*")


def test_call_that_could_not_finish_before_the_lambda_timeout_returns_503(invoke, created_item):
    item = created_item()
    response = invoke("GET", f"/items/{item['itemId']}", remaining_milliseconds=1500)
    assert (response.status, response.header("Retry-After")) == (503, "5")


def test_unexpected_dynamodb_error_returns_500_saying_only_internal_server_error(invoke, database_without_tables):
    response = invoke("GET", ITEM_PATH)
    assert (response.status, response.json()) == (500, {"message": "Internal server error"})


def test_internal_server_error_carries_cors_headers(invoke, database_without_tables):
    assert invoke("GET", "/items").header("Access-Control-Allow-Origin") == "*"


def test_function_serves_again_once_dynamodb_is_back(invoke, point_function, stopped_endpoint, database):
    point_function(stopped_endpoint)
    invoke("GET", "/items")
    point_function(database.endpoint)
    assert invoke("GET", "/items").status == 200
