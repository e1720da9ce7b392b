"""AfterAllowTraffic: fail the deployment if a release alarm was in ALARM at any time during the bake."""

from __future__ import annotations

import logging
import os
from typing import Any

from release_hooks.alarms import alarmed
from release_hooks.codedeploy import client, report

logging.getLogger().setLevel(logging.INFO)
RELEASE_ALARMS = "RELEASE_ALARMS"  # comma-separated alarm names


def handler(event: dict[str, Any], context: object) -> str:
    del context
    deployment = client("codedeploy").get_deployment(deploymentId=event["DeploymentId"])["deploymentInfo"]
    started = deployment["createTime"]
    cloudwatch = client("cloudwatch")
    problems = []
    for name in filter(None, os.environ[RELEASE_ALARMS].split(",")):
        pages = cloudwatch.get_paginator("describe_alarm_history").paginate(
            AlarmName=name, HistoryItemType="StateUpdate", StartDate=started
        )
        problems += alarmed(item for page in pages for item in page["AlarmHistoryItems"])
    return report(event, not problems, problems or ["no release alarm was in ALARM during the bake"])
