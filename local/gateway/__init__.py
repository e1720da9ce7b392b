"""API Gateway's behaviour for a local stage: routes, SigV4 auth, the proxy event, gateway responses.

What `__all__` names is the package's API: other packages import these, never its modules.
"""

from local.gateway.gateway import INTEGRATION_TIMEOUT_SECONDS, MAX_PAYLOAD_BYTES, Gateway
from local.gateway.http_types import HttpRequest, HttpResponse
from local.gateway.responses import (
    CODING_NOT_SUPPORTED,
    LOCAL_FAILURE,
    REQUEST_TIMEOUT,
    REQUEST_TOO_LARGE,
    THROTTLED,
    TOO_MANY_HEADERS,
    URI_TOO_LONG,
    VERSION_NOT_SUPPORTED,
    GatewayError,
    bad_request,
    headers_too_large,
)
from local.gateway.sigv4 import LocalCredentials, SigV4Verifier

__all__ = [
    "CODING_NOT_SUPPORTED",
    "INTEGRATION_TIMEOUT_SECONDS",
    "LOCAL_FAILURE",
    "MAX_PAYLOAD_BYTES",
    "REQUEST_TIMEOUT",
    "REQUEST_TOO_LARGE",
    "THROTTLED",
    "TOO_MANY_HEADERS",
    "URI_TOO_LONG",
    "VERSION_NOT_SUPPORTED",
    "Gateway",
    "GatewayError",
    "HttpRequest",
    "HttpResponse",
    "LocalCredentials",
    "SigV4Verifier",
    "bad_request",
    "headers_too_large",
]
