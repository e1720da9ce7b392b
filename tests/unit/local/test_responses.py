"""Proxy results and gateway errors turned into HTTP responses as API Gateway does."""

from __future__ import annotations

import json

import pytest

from local.gateway.http_types import HttpRequest
from local.gateway.responses import (
    MISSING_TOKEN,
    REQUEST_TOO_LARGE,
    MalformedProxyResponseError,
    gateway_response,
    proxy_response,
)
from local.template.api import GatewayResponse, MappedHeader, RestApiStage

REQUEST = HttpRequest(method="GET", raw_path="/dev/items", headers=(("Origin", "https://app.example"),))


def _api(*responses: GatewayResponse) -> RestApiStage:
    return RestApiStage(
        logical_id="Api",
        api_id="abc",
        name="api",
        stage_name="dev",
        stage_variables={},
        routes={},
        gateway_responses={response.response_type: response for response in responses},
    )


def test_proxy_result_becomes_status_headers_and_body() -> None:
    payload = json.dumps({"statusCode": 201, "headers": {"ETag": '"1"'}, "body": '{"id":"1"}'})

    response = proxy_response(payload, REQUEST, ())

    assert (response.status, response.body) == (201, b'{"id":"1"}')
    assert response.header("ETag") == '"1"'


def test_missing_content_type_defaults_to_json() -> None:
    response = proxy_response(json.dumps({"statusCode": 204}), REQUEST, ())

    assert response.header("Content-Type") == "application/json"
    assert response.body == b""


def test_multi_value_headers_replace_the_single_value_of_the_same_name() -> None:
    payload = {
        "statusCode": 200,
        "headers": {"Vary": "x", "A": "1"},
        "multiValueHeaders": {"vary": ["Origin", "Accept"]},
    }

    headers = proxy_response(json.dumps(payload), REQUEST, ()).headers

    assert [value for name, value in headers if name.lower() == "vary"] == ["Origin", "Accept"]
    assert ("A", "1") in headers


def test_base64_body_is_decoded_when_the_client_accepts_a_binary_type() -> None:
    payload = json.dumps({"statusCode": 200, "isBase64Encoded": True, "body": "AAEC"})
    request = HttpRequest(method="GET", raw_path="/dev/f", headers=(("Accept", "application/octet-stream"),))

    assert proxy_response(payload, request, ("application/octet-stream",)).body == b"\x00\x01\x02"


def test_base64_body_stays_text_without_binary_media_types() -> None:
    payload = json.dumps({"statusCode": 200, "isBase64Encoded": True, "body": "AAEC"})

    assert proxy_response(payload, REQUEST, ()).body == b"AAEC"


@pytest.mark.parametrize(
    "result",
    [
        "not an object",
        {"body": "no status"},
        {"statusCode": "two hundred"},
        {"statusCode": 200, "body": {"not": "a string"}},
        {"statusCode": 200, "headers": {"X": {"nested": 1}}},
        {"statusCode": 200, "multiValueHeaders": {"X": "not a list"}},
        {"statusCode": 200, "body": "", "cookies": ["a=b"]},
        {"statusCode": 200, "body": "", "StatusCode": 200},
        {"statusCode": 200, "body": "", "extra": None},
    ],
)
def test_malformed_proxy_results_are_refused(result: object) -> None:
    with pytest.raises(MalformedProxyResponseError):
        proxy_response(json.dumps(result), REQUEST, ())


def test_every_key_of_the_rest_output_format_is_accepted() -> None:
    result = {"statusCode": 200, "headers": {}, "multiValueHeaders": {}, "body": "", "isBase64Encoded": False}

    assert proxy_response(json.dumps(result), REQUEST, ()).status == 200


def test_gateway_error_body_is_the_message() -> None:
    response = gateway_response(MISSING_TOKEN, _api(), REQUEST, "req-1")

    assert (response.status, json.loads(response.body)) == (403, {"message": "Missing Authentication Token"})
    assert response.header("x-amzn-RequestId") == "req-1"
    assert response.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException"


def test_gateway_error_takes_headers_of_the_default_4xx_response() -> None:
    cors = GatewayResponse("DEFAULT_4XX", None, (MappedHeader("Access-Control-Allow-Origin", literal="*"),), None)

    response = gateway_response(REQUEST_TOO_LARGE, _api(cors), REQUEST, "req-1")

    assert response.status == 413
    assert response.header("Access-Control-Allow-Origin") == "*"


def test_specific_gateway_response_overrides_status_template_and_headers() -> None:
    custom = GatewayResponse(
        "MISSING_AUTHENTICATION_TOKEN",
        404,
        (MappedHeader("Access-Control-Allow-Origin", request_header="Origin"),),
        '{"error":$context.error.messageString,"id":"$context.requestId"}',
    )
    default = GatewayResponse("DEFAULT_4XX", None, (MappedHeader("X-Default", literal="yes"),), None)

    response = gateway_response(MISSING_TOKEN, _api(custom, default), REQUEST, "req-1")

    assert response.status == 404
    assert json.loads(response.body) == {"error": "Missing Authentication Token", "id": "req-1"}
    assert response.header("Access-Control-Allow-Origin") == "https://app.example"
    assert response.header("X-Default") is None
