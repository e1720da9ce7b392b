"""The Lambda proxy event (format 1.0) built from a request, field for field."""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, datetime
from typing import Any

from local.gateway.events import Caller, EventContext, proxy_event, request_time
from local.gateway.http_types import HttpRequest

MOMENT = datetime(2026, 3, 9, 8, 7, 6, 543000, tzinfo=UTC)
CALLER = Caller(
    access_key="AKIALOCALDEVELOPER00",
    account_id="222222222222",
    user_id="AIDALOCALDEVELOPER0",
    user_arn="arn:aws:iam::222222222222:user/local-developer",
)


CONTEXT = EventContext(
    stage="dev",
    resource_path="/items/{id}",
    resource_id="abc123",
    path="/items/a%20b",
    request_id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    api_id="9d69caf3bc",
    account_id="222222222222",
    region="eu-west-1",
    request_time=MOMENT,
    path_parameters={"id": "a%20b"},
    stage_variables={"environment": "dev", "lambdaAlias": "live"},
    caller=CALLER,
    extended_request_id="Ww2VvGGQgQXZWXKC",
    trace_id="Root=1-69ae7f46-0123456789abcdef01234567",
)
REQUEST = HttpRequest(
    method="PUT",
    raw_path="/dev/items/a%20b",
    raw_query="tag=x&tag=y%2Bz&plain",
    headers=(
        ("Host", "127.0.0.1:3000"),
        ("User-Agent", "curl/7.88.1"),
        ("content-type", "application/json"),
        ("X-Custom", "one"),
        ("X-Custom", "two"),
        ("Connection", "keep-alive"),
        ("Content-Length", "16"),
    ),
    body=b'{"name":"first"}',
    source_ip="127.0.0.1",
)


# What API Gateway sends for REQUEST in CONTEXT: connection headers and Content-Length dropped, its own headers
# added, path parameters as sent (percent-encoded), the execute-api domain.
EXPECTED_EVENT = {
    "resource": "/items/{id}",
    "path": "/items/a%20b",
    "httpMethod": "PUT",
    "headers": {
        "Host": "127.0.0.1:3000",
        "User-Agent": "curl/7.88.1",
        "content-type": "application/json",
        "X-Custom": "two",
        "X-Amzn-Trace-Id": "Root=1-69ae7f46-0123456789abcdef01234567",
        "X-Forwarded-For": "127.0.0.1",
        "X-Forwarded-Port": "3000",
        "X-Forwarded-Proto": "http",
    },
    "multiValueHeaders": {
        "Host": ["127.0.0.1:3000"],
        "User-Agent": ["curl/7.88.1"],
        "content-type": ["application/json"],
        "X-Custom": ["one", "two"],
        "X-Amzn-Trace-Id": ["Root=1-69ae7f46-0123456789abcdef01234567"],
        "X-Forwarded-For": ["127.0.0.1"],
        "X-Forwarded-Port": ["3000"],
        "X-Forwarded-Proto": ["http"],
    },
    "queryStringParameters": {"tag": "y+z", "plain": ""},
    "multiValueQueryStringParameters": {"tag": ["x", "y+z"], "plain": [""]},
    "pathParameters": {"id": "a%20b"},
    "stageVariables": {"environment": "dev", "lambdaAlias": "live"},
    "requestContext": {
        "resourceId": "abc123",
        "resourcePath": "/items/{id}",
        "httpMethod": "PUT",
        "extendedRequestId": "Ww2VvGGQgQXZWXKC",
        "requestTime": "09/Mar/2026:08:07:06 +0000",
        "path": "/dev/items/a%20b",
        "accountId": "222222222222",
        "protocol": "HTTP/1.1",
        "stage": "dev",
        "domainPrefix": "9d69caf3bc",
        "requestTimeEpoch": 1773043626543,
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "identity": {
            "cognitoIdentityPoolId": None,
            "accountId": "222222222222",
            "cognitoIdentityId": None,
            "caller": "AIDALOCALDEVELOPER0",
            "sourceIp": "127.0.0.1",
            "principalOrgId": None,
            "accessKey": "AKIALOCALDEVELOPER00",
            "apiKey": None,
            "apiKeyId": None,
            "cognitoAuthenticationType": None,
            "cognitoAuthenticationProvider": None,
            "userArn": "arn:aws:iam::222222222222:user/local-developer",
            "userAgent": "curl/7.88.1",
            "user": "AIDALOCALDEVELOPER0",
        },
        "domainName": "9d69caf3bc.execute-api.eu-west-1.amazonaws.com",
        "apiId": "9d69caf3bc",
    },
    "body": '{"name":"first"}',
    "isBase64Encoded": False,
}


def _context(**changes: Any) -> EventContext:
    return dataclasses.replace(CONTEXT, **changes)


def _request(**changes: Any) -> HttpRequest:
    return dataclasses.replace(REQUEST, **changes)


def test_event_for_a_signed_request_is_exact() -> None:
    event = proxy_event(REQUEST, CONTEXT)

    assert event == EXPECTED_EVENT


def test_absent_query_path_parameters_and_body_are_none() -> None:
    request = _request(method="GET", raw_path="/dev/items", raw_query="", body=b"")

    event = proxy_event(request, _context(resource_path="/items", path="/items", path_parameters={}))

    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["pathParameters"] is None
    assert event["body"] is None
    assert event["isBase64Encoded"] is False


def test_no_stage_variables_is_none() -> None:
    assert proxy_event(_request(), _context(stage_variables={}))["stageVariables"] is None


def test_unsigned_caller_has_null_identity_fields() -> None:
    identity = proxy_event(_request(), _context(caller=None))["requestContext"]["identity"]

    assert (identity["accessKey"], identity["caller"], identity["user"], identity["userArn"]) == (
        None,
        None,
        None,
        None,
    )
    assert identity["sourceIp"] == "127.0.0.1"


def test_body_of_a_binary_media_type_is_base64() -> None:
    request = _request(headers=(("Host", "h"), ("Content-Type", "application/octet-stream")), body=b"\x00\x01\xff")

    event = proxy_event(request, _context(binary_media_types=("application/octet-stream",)))

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\x00\x01\xff"


def test_body_that_is_not_utf8_is_base64_rather_than_lost() -> None:
    event = proxy_event(_request(body=b"\xff\xfe"), _context())

    assert (event["isBase64Encoded"], event["body"]) == (True, "//4=")


def test_client_forwarded_for_is_extended_with_the_source_ip() -> None:
    request = _request(headers=(("Host", "h:1"), ("X-Forwarded-For", "10.0.0.1")), source_ip="127.0.0.2")

    assert proxy_event(request, _context())["headers"]["X-Forwarded-For"] == "10.0.0.1, 127.0.0.2"


def test_request_time_uses_english_month_names() -> None:
    assert request_time(datetime(2026, 12, 1, 0, 0, 0, tzinfo=UTC)) == "01/Dec/2026:00:00:00 +0000"


def test_path_parameters_are_passed_percent_encoded() -> None:
    context = _context(path="/items/caf%C3%A9%2Fx", path_parameters={"id": "caf%C3%A9%2Fx"})

    assert proxy_event(_request(raw_path="/dev/items/caf%C3%A9%2Fx"), context)["pathParameters"] == {
        "id": "caf%C3%A9%2Fx"
    }


def test_content_length_is_not_passed_to_the_function() -> None:
    event = proxy_event(_request(headers=(("Host", "h"), ("content-length", "16"))), _context())

    assert not {name.lower() for name in event["headers"]} & {"content-length"}
    assert not {name.lower() for name in event["multiValueHeaders"]} & {"content-length"}


# AWS's own REST API event for an IAM-signed request (API Gateway's test-invoke output, recorded in
# https://blog.daringkoala.com/posts/apigw-lambda-integration-payloads), as key sets: what a handler can rely on.
AWS_IAM_EVENT_KEYS = {
    "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
    "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body", "isBase64Encoded",
}  # fmt: skip
AWS_IAM_REQUEST_CONTEXT_KEYS = {
    "resourceId", "resourcePath", "httpMethod", "extendedRequestId", "requestTime", "path", "accountId", "protocol",
    "stage", "domainPrefix", "requestTimeEpoch", "requestId", "identity", "domainName", "apiId",
}  # fmt: skip
AWS_IAM_IDENTITY_KEYS = {
    "cognitoIdentityPoolId", "cognitoIdentityId", "apiKey", "principalOrgId", "cognitoAuthenticationType", "userArn",
    "apiKeyId", "userAgent", "accountId", "caller", "sourceIp", "accessKey", "cognitoAuthenticationProvider", "user",
}  # fmt: skip


def test_event_has_the_keys_of_aws_rest_api_events_for_a_signed_request() -> None:
    event = proxy_event(REQUEST, CONTEXT)

    assert set(event) == AWS_IAM_EVENT_KEYS
    assert set(event["requestContext"]) == AWS_IAM_REQUEST_CONTEXT_KEYS
    assert set(event["requestContext"]["identity"]) == AWS_IAM_IDENTITY_KEYS
    assert (event["requestContext"]["identity"]["apiKey"], event["requestContext"]["identity"]["apiKeyId"]) == (
        None,
        None,
    )


def test_event_is_valid_for_powertools_model_of_the_rest_proxy_event() -> None:
    from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventModel  # noqa: PLC0415

    for event in (proxy_event(REQUEST, CONTEXT), proxy_event(_request(body=b"", raw_query=""), _context(caller=None))):
        parsed = APIGatewayProxyEventModel.model_validate(event)
        assert parsed.requestContext.domainName == "9d69caf3bc.execute-api.eu-west-1.amazonaws.com"
