"""One synthesis of the whole app (pipeline stack, dev and prod stages, cdk-nag) for every test in this folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App

from app import build_app
from pipeline.stack import PipelineStack
from stages.config import AppConfig, load_config

PROJECT_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class SynthesizedApp:
    """The synthesized app: its configuration, the pipeline stack and the cloud assembly folder."""

    config: AppConfig
    stack: PipelineStack
    outdir: Path

    def template(self, name: str) -> dict[str, Any]:
        return json.loads((self.outdir / name).read_text())

    def pipeline_template(self) -> dict[str, Any]:
        return self.template(f"{self.stack.artifact_id}.template.json")

    def stage_templates(self) -> dict[str, dict[str, Any]]:
        """The service template of each stage, keyed dev / prod."""
        found = {}
        for name in ("dev", "prod"):
            stage = self.stack.node.find_child(name.capitalize())
            service = stage.node.find_child("Service")
            found[name] = self.template(f"{stage.artifact_id}/{service.artifact_id}.template.json")
        return found


def synthesize(outdir: Path, **overrides: Any) -> SynthesizedApp:
    """The whole app with cdk.json's context (plus overrides), synthesized into `outdir` with both nag packs."""
    context = json.loads((PROJECT_ROOT / "cdk.json").read_text())["context"] | overrides
    context["aws:cdk:bundling-stacks"] = []  # the function's dependencies do not change the pipeline
    app = App(context=context, outdir=str(outdir))
    stack = build_app(app)
    app.synth()
    return SynthesizedApp(config=load_config(app.node), stack=stack, outdir=outdir)


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> SynthesizedApp:
    return synthesize(tmp_path_factory.mktemp("cdk.out"))


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
