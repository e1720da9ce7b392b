"""Turn outcomes into HTTP responses as API Gateway does: a function's proxy response, or a gateway response.

Gateway responses (403, 413, 502, 504, ...) take their headers and template from the API's
`AWS::ApiGateway::GatewayResponse` of the same type, else from DEFAULT_4XX / DEFAULT_5XX, so the CORS
headers the stack configures there appear on local errors too.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from local.gateway.events import is_binary
from local.gateway.http_types import HttpRequest, HttpResponse
from local.template import GatewayResponse, MappedHeader, RestApiStage

DEFAULT_TEMPLATE = '{"message":$context.error.messageString}'


@dataclass(frozen=True)
class GatewayError:
    """An answer API Gateway gives without (or instead of) the integration's."""

    response_type: str
    status: int
    message: str
    error_type: str
    retry_after_seconds: int | None = None


MISSING_TOKEN = GatewayError(
    "MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", "MissingAuthenticationTokenException"
)
UNKNOWN_STAGE = GatewayError("DEFAULT_4XX", 403, "Forbidden", "ForbiddenException")
REQUEST_TOO_LARGE = GatewayError("REQUEST_TOO_LARGE", 413, "Request Too Long", "RequestTooLargeException")
INTERNAL_ERROR = GatewayError("DEFAULT_5XX", 502, "Internal server error", "InternalServerErrorException")
ENDPOINT_TIMEOUT = GatewayError(
    "INTEGRATION_TIMEOUT", 504, "Endpoint request timed out", "InternalServerErrorException"
)
LOCAL_FAILURE = GatewayError("DEFAULT_5XX", 500, "local gateway failure, see its log", "InternalServerErrorException")

# What the front door answers before a request reaches the stage: HTTP framing, size and time limits, capacity.
REQUEST_TIMEOUT = GatewayError("DEFAULT_4XX", 408, "Request Timeout", "RequestTimeoutException")
URI_TOO_LONG = GatewayError("DEFAULT_4XX", 414, "Request-URI Too Long", "BadRequestException")
TOO_MANY_HEADERS = GatewayError("DEFAULT_4XX", 431, "Too many request headers", "BadRequestException")
VERSION_NOT_SUPPORTED = GatewayError("DEFAULT_5XX", 505, "HTTP Version Not Supported", "BadRequestException")
CODING_NOT_SUPPORTED = GatewayError(
    "DEFAULT_5XX", 501, "Transfer-Encoding other than chunked is not supported", "BadRequestException"
)
THROTTLED = GatewayError("THROTTLED", 429, "Too Many Requests", "TooManyRequestsException", retry_after_seconds=1)


def bad_request(message: str) -> GatewayError:
    return GatewayError("DEFAULT_4XX", 400, message, "BadRequestException")


def headers_too_large(limit_bytes: int) -> GatewayError:
    """API Gateway's quota on the request line and headers together, and its words for going over it."""
    return GatewayError("DEFAULT_4XX", 431, f"HTTP header is larger than {limit_bytes} bytes.", "BadRequestException")


class MalformedProxyResponseError(ValueError):
    """The function's result is not a valid proxy response (API Gateway answers 502)."""


# The output format of a proxy integration for REST APIs; any other top-level key (`cookies`, which HTTP APIs take,
# or a typo) makes API Gateway log "Malformed Lambda proxy response" and answer 502.
PROXY_RESPONSE_KEYS = frozenset({"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"})


def _header_value(header: MappedHeader, request: HttpRequest) -> str | None:
    return header.literal if header.literal is not None else request.header(header.request_header or "")


def _configured(api: RestApiStage, error: GatewayError) -> GatewayResponse | None:
    fallback = "DEFAULT_4XX" if error.status < 500 else "DEFAULT_5XX"
    return api.gateway_responses.get(error.response_type) or api.gateway_responses.get(fallback)


def gateway_response(error: GatewayError, api: RestApiStage, request: HttpRequest, request_id: str) -> HttpResponse:
    """The HTTP answer for `error`, shaped by the API's gateway responses."""
    configured = _configured(api, error)
    template = (configured.template if configured else None) or DEFAULT_TEMPLATE
    body = (
        template.replace("$context.error.messageString", json.dumps(error.message))
        .replace("$context.error.message", error.message)
        .replace("$context.error.responseType", error.response_type)
        .replace("$context.requestId", request_id)
    )
    headers = [
        ("Content-Type", "application/json"),
        ("x-amzn-RequestId", request_id),
        ("x-amzn-ErrorType", error.error_type),
    ]
    for header in configured.headers if configured else ():
        value = _header_value(header, request)
        if value is not None:
            headers.append((header.name, value))
    if error.retry_after_seconds is not None:
        headers.append(("Retry-After", str(error.retry_after_seconds)))
    status = configured.status if configured and configured.status else error.status
    return HttpResponse(status=status, headers=headers, body=body.encode())


def _text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool)):
        return json.dumps(value)
    raise MalformedProxyResponseError(f"{where} must be a string, got {type(value).__name__}")


def _status(result: dict[str, Any]) -> int:
    status = result.get("statusCode")
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise MalformedProxyResponseError(f"statusCode must be an HTTP status code, got {status!r}")
    return status


def _headers(result: dict[str, Any]) -> list[tuple[str, str]]:
    """`headers` and `multiValueHeaders` merged; a name in both takes only the multi-value list."""
    single = result.get("headers") or {}
    multi = result.get("multiValueHeaders") or {}
    if not isinstance(single, dict) or not isinstance(multi, dict):
        raise MalformedProxyResponseError("headers and multiValueHeaders must be objects")
    headers: list[tuple[str, str]] = []
    for name, values in multi.items():
        if not isinstance(values, list):
            raise MalformedProxyResponseError(f"multiValueHeaders.{name} must be a list")
        headers += [(name, _text(value, f"multiValueHeaders.{name}")) for value in values]
    in_multi = {name.lower() for name in multi}
    headers += [
        (name, _text(value, f"headers.{name}")) for name, value in single.items() if name.lower() not in in_multi
    ]
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    return headers


def proxy_response(payload: str, request: HttpRequest, binary_media_types: tuple[str, ...]) -> HttpResponse:
    """The HTTP response for a function's proxy result (its JSON text); raises MalformedProxyResponseError."""
    try:
        result = json.loads(payload)
    except json.JSONDecodeError as error:
        raise MalformedProxyResponseError(f"not JSON: {error}") from None
    if not isinstance(result, dict):
        raise MalformedProxyResponseError(f"expected an object, got {type(result).__name__}")
    extra = sorted(set(result) - PROXY_RESPONSE_KEYS)
    if extra:
        raise MalformedProxyResponseError(f"unexpected top-level keys {extra}")
    body = result.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedProxyResponseError(f"body must be a string, got {type(body).__name__}")
    encoded = (body or "").encode()
    accept = (request.header("Accept") or "").split(",", 1)[0]
    if result.get("isBase64Encoded") is True and is_binary(accept, binary_media_types):
        try:
            encoded = base64.b64decode(body or "", validate=True)
        except binascii.Error as error:
            raise MalformedProxyResponseError(f"body is not valid base64: {error}") from None
    return HttpResponse(status=_status(result), headers=_headers(result), body=encoded)
