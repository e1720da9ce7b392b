"""BeforeAllowTraffic: call every route of the new version directly, before any caller reaches it."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from release_hooks.codedeploy import client, report
from release_hooks.route_check import check_routes

logging.getLogger().setLevel(logging.INFO)
TARGET_VERSION_ARN = "TARGET_VERSION_ARN"  # the qualified ARN of the version being released
STAGE_NAME = "STAGE_NAME"


def invoke_version(event: dict[str, Any]) -> dict[str, Any]:
    """Invoke the version under test with an API Gateway event; a function error is an exception."""
    response = client("lambda").invoke(FunctionName=os.environ[TARGET_VERSION_ARN], Payload=json.dumps(event))
    payload: dict[str, Any] = json.loads(response["Payload"].read() or b"null")
    if response.get("FunctionError"):
        raise RuntimeError(f"function error: {str(payload)[:200]}")
    return payload


def handler(event: dict[str, Any], context: object) -> str:
    del context
    result = check_routes(invoke_version, os.environ[STAGE_NAME])
    return report(event, result.passed, result.problems or result.steps)
