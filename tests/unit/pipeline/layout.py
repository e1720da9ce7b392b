"""How the pipeline tests read a synthesized pipeline: its stages' actions, their run orders, the step count."""

from __future__ import annotations

from typing import Any

from tests.unit.conftest import SynthesizedApp

Stages = dict[str, list[dict[str, Any]]]


def pipeline_stages(app: SynthesizedApp) -> Stages:
    """Each pipeline stage's actions, in console order."""
    resources = app.pipeline_template()["Resources"]
    (pipeline,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CodePipeline::Pipeline"]
    return {stage["Name"]: stage["Actions"] for stage in pipeline["Stages"]}


def run_order(action: dict[str, Any]) -> int:
    return action.get("RunOrder", 1)


def layout(actions: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """A stage's actions as (run order, name), sorted."""
    return sorted((run_order(action), action["Name"]) for action in actions)


def sequential_steps(stages: Stages) -> int:
    """The critical path: one step per distinct run order of each stage."""
    return sum(len({run_order(action) for action in actions}) for actions in stages.values())


def condition_steps(app: SynthesizedApp) -> int:
    """Release-control checks on the path: each BeforeEntry and OnSuccess condition runs its rules together, between
    stages (OnFailure runs only when a stage fails)."""
    resources = app.pipeline_template()["Resources"]
    (pipeline,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CodePipeline::Pipeline"]
    return sum(
        len(stage[key]["Conditions"])
        for stage in pipeline["Stages"]
        for key in ("BeforeEntry", "OnSuccess")
        if key in stage
    )
