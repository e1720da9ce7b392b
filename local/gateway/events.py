"""Build the Lambda proxy integration event (payload format 1.0) the way API Gateway's REST APIs send it.

Faithful details that handlers notice: `path` and `pathParameters` keep the client's percent-encoding (`a%2Fb`,
`caf%C3%A9`) while query parameters are decoded; absent query strings, path parameters and stage variables are
None, not {}; Content-Length is not passed on (REST APIs leave it out: the body is the event's `body`);
`requestContext.domainName` is the API's execute-api name and `domainPrefix` its first label;
the single-value maps keep the last value of a repeated name; an empty body is None; a body whose
Content-Type is one of the API's binary media types arrives base64-encoded (locally, so does any body
that is not valid UTF-8, so nothing is lost).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from local.gateway.http_types import HttpRequest

# Connection-level headers end at API Gateway's front door; the integration never sees them.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "te", "transfer-encoding", "upgrade"})
# Framing of the client's message, which the integration does not receive as such.
NOT_FORWARDED = HOP_BY_HOP | {"content-length"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Caller:
    """The IAM identity behind a valid signature, as `requestContext.identity` reports it."""

    access_key: str
    account_id: str
    user_id: str
    user_arn: str


@dataclass(frozen=True)
class EventContext:
    """What API Gateway knows about a request besides the request itself.

    `path` is the raw path without the stage; `path_parameters` are raw segments, passed on as they are.
    """

    stage: str
    resource_path: str
    resource_id: str
    path: str
    request_id: str
    api_id: str
    account_id: str
    region: str
    request_time: datetime
    path_parameters: dict[str, str] = field(default_factory=dict)
    stage_variables: dict[str, str] = field(default_factory=dict)
    caller: Caller | None = None
    binary_media_types: tuple[str, ...] = ()
    extended_request_id: str = ""
    trace_id: str = ""


def request_time(moment: datetime) -> str:
    """`requestTime` in API Gateway's CLF format, e.g. 09/Apr/2015:12:34:56 +0000 (independent of the locale)."""
    return f"{moment:%d}/{MONTHS[moment.month - 1]}/{moment:%Y:%H:%M:%S} +0000"


def is_binary(content_type: str | None, binary_media_types: tuple[str, ...]) -> bool:
    """Whether a media type matches one of the API's binary media types (`*/*` and `type/*` included)."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    kind = media.split("/", 1)[0]
    return any(pattern.lower() in (media, f"{kind}/*", "*/*") for pattern in binary_media_types)


def _maps(pairs: list[tuple[str, str]]) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """API Gateway's single-value (last wins) and multi-value views of repeated names; None when empty."""
    if not pairs:
        return None, None
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        single[name] = value
        multi.setdefault(name, []).append(value)
    return single, multi


def _headers(request: HttpRequest, context: EventContext) -> list[tuple[str, str]]:
    """The client's headers in their own case, plus those API Gateway adds in front of the integration."""
    forwarded_for = request.header("X-Forwarded-For")
    host = request.header("Host") or ""
    port = host.rsplit(":", 1)[1] if ":" in host else "80"
    added = {
        "X-Amzn-Trace-Id": context.trace_id,
        "X-Forwarded-For": f"{forwarded_for}, {request.source_ip}" if forwarded_for else request.source_ip,
        "X-Forwarded-Port": port,
        "X-Forwarded-Proto": "http",
    }
    dropped = {name.lower() for name in added} | NOT_FORWARDED
    kept = [(name, value) for name, value in request.headers if name.lower() not in dropped]
    return kept + [(name, value) for name, value in added.items() if value]


def _body(request: HttpRequest, binary_media_types: tuple[str, ...]) -> tuple[str | None, bool]:
    if not request.body:
        return None, False
    if not is_binary(request.header("Content-Type"), binary_media_types):
        try:
            return request.body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(request.body).decode("ascii"), True


def _identity(request: HttpRequest, caller: Caller | None) -> dict[str, Any]:
    return {
        "cognitoIdentityPoolId": None,
        "accountId": caller.account_id if caller else None,
        "cognitoIdentityId": None,
        "caller": caller.user_id if caller else None,
        "sourceIp": request.source_ip,
        "principalOrgId": None,
        "accessKey": caller.access_key if caller else None,
        "apiKey": None,  # this API has no usage plans: no API key is ever sent to the function
        "apiKeyId": None,
        "cognitoAuthenticationType": None,
        "cognitoAuthenticationProvider": None,
        "userArn": caller.user_arn if caller else None,
        "userAgent": request.header("User-Agent"),
        "user": caller.user_id if caller else None,
    }


def _request_context(request: HttpRequest, context: EventContext) -> dict[str, Any]:
    domain = f"{context.api_id}.execute-api.{context.region}.amazonaws.com"
    return {
        "resourceId": context.resource_id,
        "resourcePath": context.resource_path,
        "httpMethod": request.method,
        "extendedRequestId": context.extended_request_id,
        "requestTime": request_time(context.request_time),
        "path": f"/{context.stage}{context.path}",
        "accountId": context.account_id,
        "protocol": request.protocol,
        "stage": context.stage,
        "domainPrefix": domain.split(".", 1)[0],
        "requestTimeEpoch": int(context.request_time.timestamp() * 1000),
        "requestId": context.request_id,
        "identity": _identity(request, context.caller),
        "domainName": domain,
        "apiId": context.api_id,
    }


def proxy_event(request: HttpRequest, context: EventContext) -> dict[str, Any]:
    """The event a Lambda proxy integration receives for `request`."""
    headers, multi_headers = _maps(_headers(request, context))
    query, multi_query = _maps(parse_qsl(request.raw_query, keep_blank_values=True))
    body, is_base64 = _body(request, context.binary_media_types)
    return {
        "resource": context.resource_path,
        "path": context.path,
        "httpMethod": request.method,
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_query,
        "pathParameters": dict(context.path_parameters) or None,
        "stageVariables": dict(context.stage_variables) or None,
        "requestContext": _request_context(request, context),
        "body": body,
        "isBase64Encoded": is_base64,
    }
