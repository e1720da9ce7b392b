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

# Request headers the API accepts from browsers (browser SigV4 signers add X-Amz-Content-Sha256 and
# X-Amz-User-Agent), and response headers their scripts may read.
CORS_ALLOW_HEADERS = (
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
    "X-Amz-Content-Sha256",
    "X-Amz-User-Agent",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
)
CORS_EXPOSE_HEADERS = ("ETag", "Location", "Retry-After", "x-amzn-RequestId")
CORS_ALLOW_METHODS = ("GET", "POST", "PUT", "DELETE", "OPTIONS")
# How long browsers may reuse a preflight answer: Chromium caps it at 7200 s (Firefox at 86400 s). A cached
# answer only delays the removal of a permission: a request needing a header or method the cached answer
# lacks makes the browser ask again.
CORS_MAX_AGE_SECONDS = 7200
