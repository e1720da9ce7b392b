"""One synthesis of the whole app (pipeline stack, dev and prod stages, cdk-nag) shared by every unit test folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack, Stage

from app import build_app
from configuration import AppConfig, load_config, project_context, stage_id
from pipeline.stack import PipelineStack
from stages.children import find_child
from tests.tiers import component

PROJECT_ROOT = Path(__file__).resolve().parents[2]


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
        """The service template of each environment's stage, keyed by the environment's name."""
        found = {}
        for name in self.config.environments:
            stage = find_child(self.stack, stage_id(name), Stage)
            service = find_child(stage, "Service", Stack)
            found[name] = self.template(f"{stage.artifact_id}/{service.artifact_id}.template.json")
        return found


def synthesize(outdir: Path, **overrides: Any) -> SynthesizedApp:
    """The whole app with cdk.json's context (plus overrides), synthesized into `outdir` with both nag packs.

    The functions are bundled, as `cdk synth` bundles them: the stage tests read what the bundles hold.
    """
    context = project_context() | overrides
    context["aws:cdk:enable-path-metadata"] = True  # as `cdk synth` writes it (cfn-lint reads it: tests/unit/verify)
    app = App(context=context, outdir=str(outdir))
    stack = build_app(app)
    app.synth()
    return SynthesizedApp(config=load_config(app.node.get_all_context()), stack=stack, outdir=outdir)


@pytest.fixture(scope="session")
@component("synthesizes the whole app")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> SynthesizedApp:
    return synthesize(tmp_path_factory.mktemp("cdk.out"))


EXAMPLE_WAVES = PROJECT_ROOT / "examples" / "three-waves.json"


@pytest.fixture(scope="session")
@component("synthesizes the whole app with three waves")
def three_waves(tmp_path_factory: pytest.TempPathFactory) -> SynthesizedApp:
    """examples/three-waves.json: dev; staging; approval, then prod in us-east-1 and prod-eu in eu-west-1."""
    return synthesize(tmp_path_factory.mktemp("cdk.out.three-waves"), waves=json.loads(EXAMPLE_WAVES.read_text()))
