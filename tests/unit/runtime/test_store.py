"""store: which DynamoDB failures mean "retry later" (503) and how long to wait."""

import pytest
from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError
from items_api.store import unavailability


def client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, "GetItem")


@pytest.mark.parametrize(
    "code", ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]
)
def test_throttling_asks_to_retry_after_one_second(code):
    assert unavailability(client_error(code)).retry_after_seconds == 1


@pytest.mark.parametrize("code", ["InternalServerError", "ServiceUnavailable"])
def test_dynamodb_server_errors_ask_to_retry_after_five_seconds(code):
    assert unavailability(client_error(code)).retry_after_seconds == 5


@pytest.mark.parametrize(
    "error",
    [
        EndpointConnectionError(endpoint_url="http://127.0.0.1:1"),
        ConnectTimeoutError(endpoint_url="http://127.0.0.1:1"),
        ReadTimeoutError(endpoint_url="http://127.0.0.1:1"),
    ],
)
def test_network_failures_ask_to_retry_after_five_seconds(error):
    assert unavailability(error).retry_after_seconds == 5


@pytest.mark.parametrize("code", ["ValidationException", "ResourceNotFoundException", "AccessDeniedException"])
def test_other_errors_are_not_unavailability(code):
    assert unavailability(client_error(code)) is None
