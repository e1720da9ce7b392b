"""The Assets step rehearsal: the locked tools read the assembly, and the step's own commands publish every asset."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.tool_locks import locked_package
from rehearsal.assets import BuildSpec, assets_steps, install_findings, rehearse
from rehearsal.buckets import asset_manifests, destinations
from tests.unit.conftest import SynthesizedApp


@pytest.fixture
def assembly_copy(synthesized: SynthesizedApp, tmp_path: Path) -> Path:
    copy = tmp_path / "cdk.out"
    shutil.copytree(synthesized.outdir, copy)
    return copy


def _set_schema_version(assembly: Path, version: str) -> None:
    for path in [assembly / "manifest.json", *assembly.rglob("*.assets.json")]:
        manifest = json.loads(path.read_text())
        manifest["version"] = version
        path.write_text(json.dumps(manifest))


def test_the_assets_step_installs_the_locked_cdk_assets(synthesized: SynthesizedApp) -> None:
    steps = assets_steps(synthesized.outdir)
    assert steps
    assert all(install_findings(step) == [] for step in steps)


def test_an_install_other_than_the_locked_version_is_a_finding() -> None:
    step = BuildSpec("Assets", install=("npm install -g cdk-assets@latest",), commands=("cdk-assets publish",))
    [finding] = install_findings(step)
    assert f"cdk-assets@{locked_package('cdk-assets')['version']}" in finding


def test_a_locked_cdk_assets_with_dependencies_is_a_finding(tmp_path: Path) -> None:
    lock = json.loads(Path("package-lock.json").read_text())
    lock["packages"]["node_modules/cdk-assets"]["dependencies"] = {"yargs": "^17"}
    lockfile = tmp_path / "package-lock.json"
    lockfile.write_text(json.dumps(lock))
    version = lock["packages"]["node_modules/cdk-assets"]["version"]
    step = BuildSpec("Assets", install=(f"npm install -g cdk-assets@{version}",), commands=())
    [finding] = install_findings(step, lockfile)
    assert "resolves them on the day" in finding


def test_an_assembly_schema_newer_than_the_locked_tools_read_fails_naming_the_mismatch(assembly_copy: Path) -> None:
    _set_schema_version(assembly_copy, "99.0.0")
    report = rehearse(assembly_copy)
    cli = [f for f in report.findings if "CDK CLI" in f]
    assets = [f for f in report.findings if "cdk-assets" in f]
    assert cli and "schema version mismatch" in cli[0]
    assert len(assets) == len(list(assembly_copy.rglob("*.assets.json")))
    assert all("schema version mismatch" in finding for finding in assets)
    assert report.published == 0


def test_every_destination_publishes_and_a_code_key_nothing_published_is_a_finding(assembly_copy: Path) -> None:
    [template] = assembly_copy.glob("assembly-*-Dev/*.template.json")
    document = json.loads(template.read_text())
    handler = next(r for r in document["Resources"].values() if r["Type"] == "AWS::Lambda::Function")
    handler["Properties"]["Code"]["S3Key"] = "never-published.zip"
    template.write_text(json.dumps(document))

    report = rehearse(assembly_copy)

    assert report.published == sum(len(step.commands) for step in assets_steps(assembly_copy))
    # Every file asset of every stage (its template travels in the pipeline artifact, not through this step).
    stage_files = {
        (d.bucket, d.key)
        for stage in assembly_copy.glob("assembly-*")
        for d in destinations(stage)
        if not d.key.endswith(".json")
    }
    assert stage_files and stage_files <= report.objects
    [finding] = report.findings
    assert "never-published.zip" in finding and template.name in finding


def test_files_no_manifest_names_any_more_are_not_rehearsed(assembly_copy: Path) -> None:
    """A cdk.out reused for another synth keeps its old nested assemblies; only what manifest.json lists deploys."""
    [dev] = assembly_copy.glob("assembly-*-Dev")
    stale = assembly_copy / "assembly-DeliveryPipeline-Gone"
    shutil.copytree(dev, stale)
    _set_schema_version(stale, "99.0.0")

    assert not any("Gone" in str(path) for path in asset_manifests(assembly_copy))
    assert install_findings(assets_steps(assembly_copy)[0]) == []
