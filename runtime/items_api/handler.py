"""Lambda entry point (items_api.handler.lambda_handler): observability wiring around the API resolver."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from items_api.api import resolve, without_base_path
from items_api.observability import logger, metrics, tracer
from items_api.settings import get_settings
from items_api.snapstart import register_hooks

# Fail the init, naming the missing variables, rather than the first request.
get_settings()
# With SnapStart, the snapshot holds a primed handler and each restore renews its own state (items_api.snapstart).
register_hooks()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return resolve(without_base_path(event), context)
