"""The one place where exceptions become HTTP responses (status, fixed public message, metrics, log level)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from items_api import names
from items_api.conditional import NotModifiedError, PreconditionFailedError, PreconditionSyntaxError
from items_api.exceptions import (
    IdempotencyKeyReusedError,
    InvalidCursorError,
    ItemNotFoundError,
    ItemValidationError,
    RequestInProgressError,
    StoreUnavailableError,
    UpdateConflictError,
    VersionMismatchError,
)
from items_api.http_responses import error_response, etag, not_modified
from items_api.observability import count, logger
from items_api.request_body import MalformedBodyError, PayloadTooLargeError, UnsupportedMediaTypeError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response

INTERNAL_ERROR_MESSAGE = "Internal server error"

# Exception -> (status, public message or None to use the exception's own text, metric to count or None).
# Only messages written by this service are ever shown: never text from a library or a stack trace.
_CLIENT_ERRORS: dict[type[Exception], tuple[int, str | None, str | None]] = {
    MalformedBodyError: (400, None, names.METRIC_VALIDATION_ERRORS),
    PreconditionSyntaxError: (400, None, names.METRIC_VALIDATION_ERRORS),
    InvalidCursorError: (400, "cursor is malformed or was altered", names.METRIC_VALIDATION_ERRORS),
    ItemNotFoundError: (404, "Item not found", None),
    NotFoundError: (404, "Not found", None),
    RequestInProgressError: (409, "a request with this Idempotency-Key is still in progress", names.METRIC_CONFLICTS),
    UpdateConflictError: (
        409,
        "the item kept changing while this update was applied; retry it",
        names.METRIC_CONFLICTS,
    ),
    VersionMismatchError: (412, "the item's version does not meet If-Match or If-None-Match", names.METRIC_CONFLICTS),
    PreconditionFailedError: (412, "If-Match or If-None-Match is not met", names.METRIC_CONFLICTS),
    PayloadTooLargeError: (413, None, names.METRIC_VALIDATION_ERRORS),
    UnsupportedMediaTypeError: (415, None, names.METRIC_VALIDATION_ERRORS),
    IdempotencyKeyReusedError: (
        422,
        "this Idempotency-Key was already used with a different body",
        names.METRIC_VALIDATION_ERRORS,
    ),
}


def _headers(error: Exception) -> dict[str, str] | None:
    # A 412 says what the item's version is now, so the client can retry without reading it first.
    if isinstance(error, VersionMismatchError):
        return {"ETag": etag(error.current_version)}
    if isinstance(error, PreconditionFailedError) and error.version is not None:
        return {"ETag": etag(error.version)}
    return None


def _client_error(error: Exception) -> Response[str]:
    status, message, metric = next(_CLIENT_ERRORS[cls] for cls in type(error).__mro__ if cls in _CLIENT_ERRORS)
    if metric is not None:
        count(metric)
    logger.info("request refused", extra={"status": status, "reason": type(error).__name__})
    return error_response(status, message or str(error), headers=_headers(error))


def _item_invalid(error: ItemValidationError) -> Response[str]:
    count(names.METRIC_VALIDATION_ERRORS)
    problems = [{"field": problem.field, "message": problem.message} for problem in error.problems]
    logger.info("item refused", extra={"status": 422, "fields": [problem["field"] for problem in problems]})
    return error_response(422, "item validation failed", problems)


def _parameter_message(detail: Mapping[str, Any]) -> str:
    # Pattern errors would print the whole regex; the OpenAPI document states the expected format.
    return "has an invalid format" if detail.get("type") == "string_pattern_mismatch" else str(detail["msg"])


def _parameter_invalid(error: RequestValidationError) -> Response[str]:
    """Query, header and path parameters that fail their declared schema (the body is read by request_body)."""
    count(names.METRIC_VALIDATION_ERRORS)
    problems = [{"field": str(detail["loc"][-1]), "message": _parameter_message(detail)} for detail in error.errors()]
    logger.info("parameters refused", extra={"status": 400, "fields": [problem["field"] for problem in problems]})
    return error_response(400, "invalid request parameters", problems)


def _not_modified(error: NotModifiedError) -> Response[None]:
    """304: no body, and the ETag the client already holds (RFC 9110, section 15.4.5)."""
    return not_modified(etag(error.version) if error.version is not None else None)


def _store_unavailable(error: StoreUnavailableError) -> Response[str]:
    logger.warning("DynamoDB unavailable", extra={"reason": str(error)})
    return error_response(
        503, "service temporarily unavailable, retry later", headers={"Retry-After": str(error.retry_after_seconds)}
    )


def _unexpected(error: Exception) -> Response[str]:
    logger.exception("unhandled error")
    return error_response(500, INTERNAL_ERROR_MESSAGE)


def register_error_handlers(app: APIGatewayRestResolver) -> None:
    """Attach every mapping to the resolver (the most specific exception class wins)."""
    app.exception_handler(list(_CLIENT_ERRORS))(_client_error)
    app.exception_handler(ItemValidationError)(_item_invalid)
    app.exception_handler(RequestValidationError)(_parameter_invalid)
    app.exception_handler(NotModifiedError)(_not_modified)
    app.exception_handler(StoreUnavailableError)(_store_unavailable)
    app.exception_handler(Exception)(_unexpected)
