"""Names shared by the stack and the runtime: environment variables, metrics, routes.

Plain constants only (no imports), so the CDK app can import this module without pulling in the runtime.
"""

# Environment variables the stack sets and the handler reads.
ENV_TABLE_NAME = "ITEMS_TABLE_NAME"
ENV_IDEMPOTENCY_TABLE_NAME = "IDEMPOTENCY_TABLE_NAME"
ENV_ENVIRONMENT = "ENVIRONMENT"
ENV_PROJECT_NAME = "PROJECT_NAME"
ENV_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME"
ENV_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL"
ENV_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE"

# Lambda entry point, relative to the code asset root.
HANDLER = "items_api.handler.lambda_handler"

# Custom metrics the handler emits (namespace comes from ENV_METRICS_NAMESPACE).
METRIC_ITEMS_CREATED = "ItemsCreated"
METRIC_ITEMS_UPDATED = "ItemsUpdated"
METRIC_ITEMS_DELETED = "ItemsDeleted"
METRIC_VALIDATION_ERRORS = "ValidationErrors"
METRIC_CONFLICTS = "Conflicts"
CUSTOM_METRICS = (
    METRIC_ITEMS_CREATED,
    METRIC_ITEMS_UPDATED,
    METRIC_ITEMS_DELETED,
    METRIC_VALIDATION_ERRORS,
    METRIC_CONFLICTS,
)

# Table keys.
ITEMS_PARTITION_KEY = "itemId"
IDEMPOTENCY_PARTITION_KEY = "id"
IDEMPOTENCY_EXPIRY_ATTRIBUTE = "expiration"

# REST resources: path -> methods (OPTIONS is added by CORS preflight).
ITEMS_PATH = "/items"
ITEM_PATH = "/items/{id}"
ROUTES = {
    ITEMS_PATH: ("GET", "POST"),
    ITEM_PATH: ("GET", "PUT", "DELETE"),
}

# Request headers the API accepts from browsers, and response headers they may read.
CORS_ALLOW_HEADERS = (
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
    "Idempotency-Key",
    "If-Match",
)
CORS_EXPOSE_HEADERS = ("ETag", "Location")
CORS_ALLOW_METHODS = ("GET", "POST", "PUT", "DELETE", "OPTIONS")
