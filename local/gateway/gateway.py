"""The local API Gateway: one request in, one response out, following the synthesized stage's template.

Order of checks as API Gateway applies them: payload size, stage, route and method, IAM signature,
required parameters, then the integration (MOCK answered here, AWS_PROXY through the function's pool).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from local.gateway.events import Caller, EventContext, proxy_event
from local.gateway.http_types import HttpRequest, HttpResponse
from local.gateway.responses import (
    ENDPOINT_TIMEOUT,
    INTERNAL_ERROR,
    MISSING_TOKEN,
    REQUEST_TOO_LARGE,
    UNKNOWN_STAGE,
    GatewayError,
    MalformedProxyResponseError,
    gateway_response,
    proxy_response,
)
from local.gateway.routing import Router
from local.gateway.sigv4 import SignatureError, SigV4Verifier
from local.template import Method, MockIntegration, ProxyIntegration, ServiceTemplate
from local.workers import HandlerPool, PoolClosedError

log = logging.getLogger(__name__)

MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
INTEGRATION_TIMEOUT_SECONDS = 29.0


class _RejectedError(Exception):
    def __init__(self, error: GatewayError) -> None:
        super().__init__(error.message)
        self.error = error


def _trace_id() -> str:
    return f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)}"


def _resource_id(resource_path: str) -> str:
    return hashlib.sha256(resource_path.encode()).hexdigest()[:6]


class Gateway:
    """Serves one stage: routes, IAM auth, CORS preflight, proxy integration, gateway responses."""

    def __init__(
        self,
        service: ServiceTemplate,
        pools: Mapping[str, HandlerPool],
        verifier: SigV4Verifier,
        *,
        integration_timeout: float = INTEGRATION_TIMEOUT_SECONDS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.service = service
        self.api = service.api
        self._pools = pools
        self._verifier = verifier
        self._router = Router(self.api.routes)
        self._integration_timeout = integration_timeout
        self._clock = clock

    def handle(self, request: HttpRequest) -> HttpResponse:
        """The response API Gateway would give; every one carries `x-amzn-RequestId`."""
        request_id = str(uuid.uuid4())
        try:
            return self._serve(request, request_id, deadline=time.monotonic() + self._integration_timeout)
        except _RejectedError as rejected:
            return gateway_response(rejected.error, self.api, request, request_id)

    def reject(self, error: GatewayError, request: HttpRequest) -> HttpResponse:
        """The gateway response for `error`, e.g. for what the HTTP front door refuses, with a new request id."""
        return gateway_response(error, self.api, request, str(uuid.uuid4()))

    def _method(self, request: HttpRequest) -> tuple[Method, str, dict[str, str]]:
        if request.body_size > MAX_PAYLOAD_BYTES:
            raise _RejectedError(REQUEST_TOO_LARGE)
        stage, _, rest = request.raw_path.lstrip("/").partition("/")
        if stage != self.api.stage_name:
            raise _RejectedError(UNKNOWN_STAGE)
        path = "/" + rest
        match = self._router.match(path)
        if match is None:
            raise _RejectedError(MISSING_TOKEN)
        methods = self.api.routes[match.resource_path]
        method = methods.get(request.method) or methods.get("ANY")
        if method is None:
            raise _RejectedError(MISSING_TOKEN)
        return method, path, match.path_parameters

    def _authorize(self, method: Method, request: HttpRequest) -> Caller | None:
        if method.authorization != "AWS_IAM":
            return None
        try:
            return self._verifier.verify(request)
        except SignatureError as error:
            raise _RejectedError(GatewayError(error.response_type, 403, error.message, error.error_type)) from None

    def _validate(self, method: Method, request: HttpRequest, path_parameters: dict[str, str]) -> None:
        present = {f"path.{name}" for name, value in path_parameters.items() if value}
        present |= {f"header.{name.lower()}" for name, _ in request.headers}
        present |= {f"querystring.{pair.partition('=')[0]}" for pair in request.raw_query.split("&") if pair}
        missing = [
            parameter.split(".", 1)[1]
            for parameter in method.required_parameters
            if (parameter.lower() if parameter.startswith("header.") else parameter) not in present
        ]
        if missing:
            message = f"Missing required request parameters: [{', '.join(missing)}]"
            raise _RejectedError(GatewayError("BAD_REQUEST_PARAMETERS", 400, message, "BadRequestException"))

    def _serve(self, request: HttpRequest, request_id: str, deadline: float) -> HttpResponse:
        method, path, path_parameters = self._method(request)
        caller = self._authorize(method, request)
        self._validate(method, request, path_parameters)
        if isinstance(method.integration, MockIntegration):
            response = _mock_response(method.integration, request)
        else:
            context = EventContext(
                stage=self.api.stage_name,
                resource_path=method.resource_path,
                resource_id=_resource_id(method.resource_path),
                path=path,
                request_id=request_id,
                api_id=self.api.api_id,
                account_id=self.service.environment.account,
                region=self.service.environment.region,
                request_time=self._clock(),
                path_parameters=path_parameters,
                stage_variables=self.api.stage_variables,
                caller=caller,
                binary_media_types=self.api.binary_media_types,
                extended_request_id=base64.b64encode(secrets.token_bytes(12)).decode(),
                trace_id=_trace_id(),
            )
            response = self._invoke(method.integration, request, context, deadline)
        response.headers.append(("x-amzn-RequestId", request_id))
        return response

    def _invoke(
        self, integration: ProxyIntegration, request: HttpRequest, context: EventContext, deadline: float
    ) -> HttpResponse:
        function = self.service.functions[integration.function_id]
        qualifier = integration.resolved_qualifier(self.api.stage_variables)
        arn = f"{function.arn}:{qualifier}" if qualifier else function.arn
        try:
            invocation = self._pools[integration.function_id].invoke(
                proxy_event(request, context), request_id=str(uuid.uuid4()), invoked_function_arn=arn, deadline=deadline
            )
        except PoolClosedError:
            raise _RejectedError(INTERNAL_ERROR) from None
        if invocation.outcome == "deadline":
            log.warning("%s: %s", context.request_id, invocation.detail)
            raise _RejectedError(ENDPOINT_TIMEOUT)
        if invocation.outcome != "ok" or invocation.payload is None:
            log.error("%s: Lambda %s: %s", context.request_id, invocation.outcome, invocation.detail)
            raise _RejectedError(INTERNAL_ERROR)
        try:
            response = proxy_response(invocation.payload, request, self.api.binary_media_types)
        except MalformedProxyResponseError as error:
            log.error(
                "%s: Execution failed due to configuration error: Malformed Lambda proxy response (%s)",
                context.request_id,
                error,
            )
            raise _RejectedError(INTERNAL_ERROR) from None
        response.headers.extend(
            [("x-amz-apigw-id", context.extended_request_id), ("X-Amzn-Trace-Id", f"{context.trace_id};Sampled=0")]
        )
        return response


def _mock_response(mock: MockIntegration, request: HttpRequest) -> HttpResponse:
    """A MOCK answer, e.g. CORS preflight; a listed Origin is echoed as CDK's preflight template does."""
    origin = request.header("Origin")
    headers = []
    for header in mock.headers:
        value = header.literal if header.literal is not None else request.header(header.request_header or "")
        if header.name.lower() == "access-control-allow-origin" and origin in mock.echo_origins:
            value = origin
        if value is not None:
            headers.append((header.name, value))
    headers.append(("Content-Type", "application/json"))
    return HttpResponse(status=mock.status, headers=headers, body=mock.body.encode())
