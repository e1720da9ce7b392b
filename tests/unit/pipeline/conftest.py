"""The pipeline stack of the one synthesis of the whole app (tests/unit/conftest.py), as the tests here read it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.conftest import SynthesizedApp


@pytest.fixture(scope="session")
def resources(synthesized: SynthesizedApp) -> dict[str, dict[str, Any]]:
    """The pipeline stack's resources by logical id."""
    return synthesized.pipeline_template()["Resources"]


@pytest.fixture(scope="session")
def pipeline_properties(resources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    (pipeline,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CodePipeline::Pipeline"]
    return pipeline


@pytest.fixture(scope="session")
def stages(pipeline_properties: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each pipeline stage's actions, in console order."""
    return {stage["Name"]: stage["Actions"] for stage in pipeline_properties["Stages"]}


@pytest.fixture(scope="session")
def actions(stages: dict[str, list[dict[str, Any]]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every action keyed by (stage name, action name)."""
    return {(stage, found["Name"]): found for stage, found_actions in stages.items() for found in found_actions}
