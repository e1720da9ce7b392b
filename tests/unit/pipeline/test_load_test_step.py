"""The dev load test: after the integration tests, against the dev API, as the dev test runner, with cdk.json's
thresholds."""

from __future__ import annotations

import json
from typing import Any

Resources = dict[str, dict[str, Any]]
Actions = dict[tuple[str, str], dict[str, Any]]


def _project(resources: Resources, action: dict[str, Any]) -> dict[str, Any]:
    return resources[action["Configuration"]["ProjectName"]["Ref"]]["Properties"]


def _environment(action: dict[str, Any]) -> dict[str, str]:
    return {item["name"]: item["value"] for item in json.loads(action["Configuration"]["EnvironmentVariables"])}


def test_the_load_test_runs_the_harness_with_the_configured_budget_and_thresholds(
    resources: Resources, actions: Actions, synthesized
) -> None:
    load = synthesized.config.load_test
    spec = json.loads(_project(resources, actions[("Dev", "LoadTest")])["Source"]["BuildSpec"])

    assert spec["phases"]["build"]["commands"] == [
        f".venv/bin/python -m reliability.load_gate --clients {load.clients} --seconds {load.seconds} "
        f"--pause-ms {load.pause_ms} --max-error-rate-percent {load.max_error_rate_percent} "
        f"--max-p99-ms {load.max_p99_ms}"
    ]
    assert spec["phases"]["install"]["commands"] == [
        "python -m venv .venv",
        ".venv/bin/pip install -r requirements-tests.txt",
    ]


def test_the_load_test_targets_the_dev_api_from_the_dev_stage_outputs(actions: Actions) -> None:
    namespace = actions[("Dev", "items-api-dev.Deploy")]["Namespace"]

    assert _environment(actions[("Dev", "LoadTest")]) == {
        "API_URL": f"#{{{namespace}.ApiUrl}}",
        "API_ROLE_ARN": f"#{{{namespace}.ApiTestRoleArn}}",
    }


def test_the_load_test_runs_as_the_dev_test_runner(resources: Resources, actions: Actions) -> None:
    load = _project(resources, actions[("Dev", "LoadTest")])["ServiceRole"]
    tests = _project(resources, actions[("Dev", "IntegrationTests")])["ServiceRole"]

    assert load == tests


def test_the_load_test_follows_the_integration_tests_and_precedes_the_prod_approval(stages: dict) -> None:
    orders = {action["Name"]: action.get("RunOrder", 1) for action in stages["Dev"]}

    assert orders["LoadTest"] == orders["IntegrationTests"] + 1 == max(orders.values())
    assert list(stages).index("Dev") < list(stages).index("Prod")
