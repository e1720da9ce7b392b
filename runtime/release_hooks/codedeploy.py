"""Reporting a lifecycle hook's verdict to CodeDeploy, and reading the deployment it belongs to."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any, Literal

log = logging.getLogger(__name__)


@cache
def client(service: Literal["cloudwatch", "codedeploy", "lambda"]) -> Any:
    import boto3  # noqa: PLC0415 - only in Lambda: the checks themselves run without AWS

    return boto3.client(service)


def report(event: dict[str, Any], passed: bool, details: list[str]) -> str:
    """Tell CodeDeploy the hook passed or failed (a failure stops the deployment and rolls it back)."""
    status = "Succeeded" if passed else "Failed"
    log.info("release hook %s: %s", status, details)
    client("codedeploy").put_lifecycle_event_hook_execution_status(
        deploymentId=event["DeploymentId"],
        lifecycleEventHookExecutionId=event["LifecycleEventHookExecutionId"],
        status=status,
    )
    return status
