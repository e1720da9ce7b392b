"""The Powertools resolver both APIs share: CORS on every response, exact JSON, the error mapping, the deadline.

items_api.api serves requests with it; items_api.documented_api adds the OpenAPI declarations (and pydantic) for
the document and for requests whose parameters it must judge.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from items_api import json_codec, names, store
from items_api.errors import register_error_handlers


class AlwaysCORSConfig(CORSConfig):
    """CORS headers on every response, even without an Origin header (Powertools adds them only with one).

    With allow_origin="*" the headers are the same for every caller, and clients and checks that send no
    Origin see exactly what a browser would.
    """

    def allowed_origin(self, extracted_origin: str | None) -> str | None:
        return "*" if "*" in self._allowed_origins else super().allowed_origin(extracted_origin or "")


def _bound_to_invocation(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
    """DynamoDB attempts that could not finish before this invocation times out are refused (503)."""
    context = app.lambda_context
    store.deadline.set(context.get_remaining_time_in_millis() if context is not None else None)
    try:
        return next_middleware(app)
    finally:
        store.deadline.set(None)


def new_resolver() -> APIGatewayRestResolver:
    """A resolver with the API's CORS headers, serializer, error handlers and invocation deadline, but no routes."""
    app = APIGatewayRestResolver(
        cors=AlwaysCORSConfig(
            allow_origin="*",
            allow_headers=list(names.CORS_ALLOW_HEADERS),
            expose_headers=list(names.CORS_EXPOSE_HEADERS),
        ),
        serializer=json_codec.dumps,
    )
    register_error_handlers(app)
    app.use(middlewares=[_bound_to_invocation])
    return app
