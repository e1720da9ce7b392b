"""The local API Gateway's answers: routing, IAM auth, preflight, limits, and the function's failures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from local.gateway.gateway import MAX_PAYLOAD_BYTES, Gateway
from local.gateway.http_types import HttpRequest, HttpResponse
from local.gateway.sigv4 import LocalCredentials, SigV4Verifier
from local.template.service import ServiceTemplate
from local.workers.pool import HandlerPool, worker_spec
from tests.unit.local.fixtures.service_app import PREFLIGHT_MAX_AGE_SECONDS
from tests.unit.local.fixtures.signing import signed_request, unsigned_request

DATABASE_ENVIRONMENT = {"AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9"}
INTERNAL_ERROR = {"message": "Internal server error"}


def _pools(service: ServiceTemplate) -> dict[str, HandlerPool]:
    return {
        logical_id: HandlerPool(worker_spec(function, "us-east-1", DATABASE_ENVIRONMENT), function.timeout_seconds, 2)
        for logical_id, function in service.functions.items()
    }


@pytest.fixture(scope="module")
def gateway(service: ServiceTemplate, credentials: LocalCredentials) -> Iterator[Gateway]:
    pools = _pools(service)
    yield Gateway(service, pools, SigV4Verifier(credentials, "us-east-1"))
    for pool in pools.values():
        pool.close()


@pytest.fixture
def sign(credentials: LocalCredentials) -> Any:
    def signed(method: str, path: str, **kwargs: Any) -> HttpRequest:
        return signed_request(credentials, "us-east-1", method, path, **kwargs)

    return signed


def _json(response: HttpResponse) -> Any:
    return json.loads(response.body)


def test_signed_request_reaches_the_function_with_the_request_id(gateway: Gateway, sign: Any) -> None:
    response = gateway.handle(sign("PUT", "/dev/items/a%20b", body=b"{}"))

    event = _json(response)["event"]
    assert response.status == 200
    assert event["requestContext"]["requestId"] == response.header("x-amzn-RequestId")
    assert (event["resource"], event["pathParameters"]) == ("/items/{id}", {"id": "a%20b"})
    assert event["stageVariables"] == {"environment": "dev", "lambdaAlias": "live"}


def test_function_sees_the_signer_as_caller(gateway: Gateway, sign: Any, credentials: LocalCredentials) -> None:
    identity = _json(gateway.handle(sign("GET", "/dev/items")))["event"]["requestContext"]["identity"]

    assert identity["accessKey"] == credentials.access_key


def test_unsigned_request_to_an_iam_method_is_refused(gateway: Gateway) -> None:
    response = gateway.handle(unsigned_request("GET", "/dev/items"))

    assert (response.status, _json(response)) == (403, {"message": "Missing Authentication Token"})


def test_badly_signed_request_is_refused(gateway: Gateway, sign: Any) -> None:
    request = sign("POST", "/dev/items", body=b"{}")
    tampered = HttpRequest(request.method, request.raw_path, "", request.headers, b'{"x":1}')

    response = gateway.handle(tampered)

    assert response.status == 403
    assert _json(response)["message"].startswith("The request signature we calculated does not match")


def test_unknown_path_is_a_missing_authentication_token(gateway: Gateway, sign: Any) -> None:
    response = gateway.handle(sign("GET", "/dev/orders"))

    assert (response.status, _json(response)) == (403, {"message": "Missing Authentication Token"})


def test_unknown_method_is_a_missing_authentication_token(gateway: Gateway, sign: Any) -> None:
    response = gateway.handle(sign("PATCH", "/dev/items/1"))

    assert (response.status, _json(response)) == (403, {"message": "Missing Authentication Token"})


def test_other_stage_is_forbidden(gateway: Gateway, sign: Any) -> None:
    response = gateway.handle(sign("GET", "/prod/items"))

    assert (response.status, _json(response)) == (403, {"message": "Forbidden"})


def test_gateway_errors_carry_the_configured_cors_headers(gateway: Gateway) -> None:
    response = gateway.handle(unsigned_request("GET", "/dev/orders"))

    assert response.header("Access-Control-Allow-Origin") == "*"
    assert response.header("x-amzn-RequestId")


def test_preflight_is_answered_without_any_function(service: ServiceTemplate, credentials: LocalCredentials) -> None:
    without_functions = Gateway(service, {}, SigV4Verifier(credentials, "us-east-1"))
    request = unsigned_request("OPTIONS", "/dev/items/1", headers=(("Origin", "https://app.example"),))

    response = without_functions.handle(request)

    assert response.status == 204
    assert response.header("Access-Control-Allow-Origin") == "*"
    assert response.header("Access-Control-Allow-Methods") == "GET,POST,PUT,DELETE,OPTIONS"
    assert response.header("Access-Control-Allow-Headers") == "Content-Type,Authorization"


def test_preflight_lets_browsers_cache_it_as_the_template_says(gateway: Gateway) -> None:
    request = unsigned_request("OPTIONS", "/dev/items", headers=(("Origin", "https://app.example"),))

    response = gateway.handle(request)

    assert response.header("Access-Control-Max-Age") == str(PREFLIGHT_MAX_AGE_SECONDS)


def test_gateway_errors_expose_the_configured_headers(gateway: Gateway) -> None:
    response = gateway.handle(unsigned_request("GET", "/dev/items"))

    assert response.header("Access-Control-Expose-Headers") == "ETag,Retry-After,x-amzn-RequestId"


def test_open_method_with_greedy_path_needs_no_signature(gateway: Gateway) -> None:
    response = gateway.handle(unsigned_request("DELETE", "/dev/public/a/b"))

    event = _json(response)["event"]
    assert (event["resource"], event["pathParameters"]) == ("/public/{proxy+}", {"proxy": "a/b"})


def test_missing_required_parameter_is_a_bad_request(gateway: Gateway, sign: Any) -> None:
    response = gateway.handle(sign("GET", "/dev/search"))

    assert (response.status, _json(response)) == (400, {"message": "Missing required request parameters: [q]"})


def test_required_parameter_present_reaches_the_function(gateway: Gateway, sign: Any) -> None:
    assert gateway.handle(sign("GET", "/dev/search", query="q=x")).status == 200


def test_payload_over_ten_megabytes_is_too_large(gateway: Gateway) -> None:
    request = HttpRequest("POST", "/dev/items", content_length=MAX_PAYLOAD_BYTES + 1)

    response = gateway.handle(request)

    assert (response.status, _json(response)) == (413, {"message": "Request Too Long"})
    assert response.header("Access-Control-Allow-Origin") == "*"


@pytest.mark.parametrize("action", ["sleep", "crash", "raise", "malformed", "large"])
def test_function_failures_are_internal_server_errors(gateway: Gateway, action: str) -> None:
    response = gateway.handle(unsigned_request("GET", "/dev/public/x", query=f"action={action}&seconds=30"))

    assert (response.status, _json(response)) == (502, INTERNAL_ERROR)
    assert response.header("Access-Control-Allow-Origin") == "*"
    assert response.header("x-amzn-RequestId")


def test_function_slower_than_the_integration_timeout_is_a_gateway_timeout(
    service: ServiceTemplate, credentials: LocalCredentials
) -> None:
    pools = _pools(service)
    impatient = Gateway(service, pools, SigV4Verifier(credentials, "us-east-1"), integration_timeout=1.0)
    try:
        response = impatient.handle(unsigned_request("GET", "/dev/public/x", query="action=sleep&seconds=1.5"))
    finally:
        for pool in pools.values():
            pool.close()

    assert (response.status, _json(response)) == (504, {"message": "Endpoint request timed out"})


def test_binary_response_is_decoded_for_a_binary_accept(gateway: Gateway) -> None:
    request = unsigned_request(
        "GET", "/dev/public/x", query="action=binary", headers=(("Accept", "application/octet-stream"),)
    )

    response = gateway.handle(request)

    assert (response.status, response.body) == (200, b"\x00\x01\x02")
