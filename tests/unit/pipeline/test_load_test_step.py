"""The dev load test: in the integration tests' step, after the suite, so against the dev API as the dev test
runner, with cdk.json's thresholds, and without a step of its own on the critical path."""

from __future__ import annotations

import json
from typing import Any

Resources = dict[str, dict[str, Any]]
Actions = dict[tuple[str, str], dict[str, Any]]


def _project(resources: Resources, action: dict[str, Any]) -> dict[str, Any]:
    return resources[action["Configuration"]["ProjectName"]["Ref"]]["Properties"]


def _environment(action: dict[str, Any]) -> dict[str, str]:
    return {item["name"]: item["value"] for item in json.loads(action["Configuration"]["EnvironmentVariables"])}


def _build_commands(resources: Resources, actions: Actions) -> list[str]:
    spec = json.loads(_project(resources, actions[("Dev", "IntegrationTests")])["Source"]["BuildSpec"])
    return spec["phases"]["build"]["commands"]


def test_the_load_test_runs_the_harness_with_the_configured_budget_and_thresholds_after_the_suite(
    resources: Resources, actions: Actions, synthesized
) -> None:
    load = synthesized.config.load_test
    suite, load_test = _build_commands(resources, actions)

    assert suite.startswith(".venv/bin/python -m pytest tests/integration ")
    assert load_test == (
        f".venv/bin/python -m reliability.load_gate --clients {load.clients} --seconds {load.seconds} "
        f"--pause-ms {load.pause_ms} --max-error-rate-percent {load.max_error_rate_percent} "
        f"--max-p99-ms {load.max_p99_ms}"
    )


def test_the_load_test_targets_the_dev_api_from_the_dev_stage_outputs(actions: Actions) -> None:
    namespace = actions[("Dev", "items-api-dev.Deploy")]["Namespace"]

    assert _environment(actions[("Dev", "IntegrationTests")]) == {
        "API_URL": f"#{{{namespace}.ApiUrl}}",
        "API_ROLE_ARN": f"#{{{namespace}.ApiTestRoleArn}}",
    }


def test_the_load_test_is_no_step_of_its_own(stages: dict) -> None:
    assert "LoadTest" not in {action["Name"] for actions in stages.values() for action in actions}
