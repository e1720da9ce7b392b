"""The before-traffic route check, run against the local stage (the function in the local stack's workers, on
dynalite) and against versions that answer wrongly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from aws_cdk import App
from release_hooks.events import rest_event
from release_hooks.route_check import CHECK_ATTRIBUTE, check_routes

from configuration import load_config, project_context
from local.service import LocalService
from stages.service_stage import ServiceStage
from tests.tiers import component


@pytest.fixture(scope="module")
@component("serves the fixture app locally")
def local_stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalService]:
    """The dev stage synthesized with its function bundled, served by the local stack (as `make run` does)."""
    outdir = tmp_path_factory.mktemp("cdk.out")
    context = project_context()
    app = App(context=context, outdir=str(outdir))
    config = load_config(app.node.get_all_context())
    ServiceStage(app, "Dev", config=config, environment=config.environments["dev"])
    app.synth()
    with LocalService(outdir, data_dir=None, workers=1) as stack:
        yield stack


def test_every_route_of_the_local_stage_passes_and_the_check_leaves_nothing_behind(local_stage) -> None:
    result = check_routes(local_stage.invoke, "dev")

    assert result.problems == []
    assert [step.split(":")[0] for step in result.steps] == [
        "create", "get", "update with If-Match", "list", "delete with If-Match", "get after delete",
    ]  # fmt: skip
    listed = local_stage.invoke(rest_event("GET", "/items", stage="dev", query={"limit": "100"}))
    assert [item for item in _items(listed) if CHECK_ATTRIBUTE in item] == []


def test_a_version_that_fails_a_route_is_reported_with_the_step_and_its_answer(local_stage) -> None:
    def broken_update(event: dict[str, Any]) -> dict[str, Any]:
        if event["httpMethod"] == "PUT":
            return {"statusCode": 500, "headers": {}, "body": '{"message": "internal error"}'}
        return local_stage.invoke(event)

    result = check_routes(broken_update, "dev")

    assert not result.passed
    assert "update with If-Match: expected 200, got 500" in result.problems[0]


def test_an_invocation_that_raises_is_a_finding_not_a_crash() -> None:
    def unreachable(event: dict[str, Any]) -> dict[str, Any]:
        raise ConnectionError("no route to Lambda")

    result = check_routes(unreachable, "dev")

    assert result.problems == ["create: the invocation failed (ConnectionError)"]


def _items(response: dict[str, Any]) -> list[dict[str, Any]]:
    return json.loads(response["body"])["items"]
