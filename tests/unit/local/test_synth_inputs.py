"""`make run` skips the synth only while cdk.out's record matches every source that feeds the synth."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from configuration import project_context
from configuration.synth_record import record_context, synthesized_with
from local.synth_inputs import INPUT_FILES, forget, is_current, record

CONTEXT = {"project": "items-api", "waves": [{"name": "dev"}]}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with every input file, a package, and a synthesized assembly recorded as current."""
    for name in INPUT_FILES:
        (tmp_path / name).write_text(f"{name}\n")
    (tmp_path / "cdk.json").write_text(json.dumps({"app": "python app.py", "context": CONTEXT}))
    (tmp_path / "stages" / "constructs").mkdir(parents=True)
    (tmp_path / "stages" / "constructs" / "function.py").write_text("MEMORY = 512\n")
    (tmp_path / "cdk.out").mkdir()
    (tmp_path / "cdk.out" / "manifest.json").write_text("{}")
    record(tmp_path / "cdk.out", tmp_path)
    cli = {"aws:cdk:enable-path-metadata": True, "@aws-cdk/core:failSynthOnValidationErrors": True}
    record_context(tmp_path / "cdk.out", CONTEXT | cli)
    return tmp_path


def test_recorded_assembly_with_unchanged_sources_is_current(project: Path) -> None:
    assert is_current(project / "cdk.out", project)


def test_a_changed_construct_makes_the_assembly_stale(project: Path) -> None:
    (project / "stages" / "constructs" / "function.py").write_text("MEMORY = 1024\n")

    assert not is_current(project / "cdk.out", project)


def test_a_new_file_in_a_package_makes_the_assembly_stale(project: Path) -> None:
    (project / "stages" / "extra.py").write_text("")

    assert not is_current(project / "cdk.out", project)


def test_a_changed_pin_makes_the_assembly_stale(project: Path) -> None:
    (project / "requirements.txt").write_text("aws-cdk-lib==2.999.0\n")

    assert not is_current(project / "cdk.out", project)


def test_bytecode_caches_do_not_count(project: Path) -> None:
    (project / "stages" / "__pycache__").mkdir()
    (project / "stages" / "__pycache__" / "function.cpython-311.pyc").write_bytes(b"\0")

    assert is_current(project / "cdk.out", project)


def test_an_assembly_without_a_record_is_stale(project: Path) -> None:
    forget(project / "cdk.out")

    assert not is_current(project / "cdk.out", project)


def test_a_record_without_a_manifest_is_stale(project: Path) -> None:
    (project / "cdk.out" / "manifest.json").unlink()

    assert not is_current(project / "cdk.out", project)


def test_an_assembly_synthesized_with_a_context_override_is_stale(project: Path) -> None:
    record_context(project / "cdk.out", CONTEXT | {"waves": "@other-waves.json"})

    assert not is_current(project / "cdk.out", project)


def test_an_assembly_without_a_record_of_its_context_is_stale(project: Path) -> None:
    (project / "cdk.out" / "synth-context.json").unlink()

    assert not is_current(project / "cdk.out", project)


def test_an_assembly_synthesized_with_an_extra_app_key_is_stale(project: Path) -> None:
    record_context(project / "cdk.out", CONTEXT | {"branch": "release"})

    assert not is_current(project / "cdk.out", project)


def _synth(outdir: Path, context: dict) -> None:
    environment = {**os.environ, "CDK_CONTEXT_JSON": json.dumps(context), "CDK_OUTDIR": str(outdir)}
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "app.py"], cwd=root, env=environment, check=True, capture_output=True)


@pytest.mark.component  # runs app.py
def test_the_app_records_the_context_it_was_synthesized_with_overrides_included(tmp_path: Path) -> None:
    waves = json.loads((Path(__file__).resolve().parents[3] / "examples" / "three-waves.json").read_text())
    _synth(tmp_path, project_context() | {"waves": waves, "aws:cdk:bundling-stacks": []})

    assert synthesized_with(tmp_path, project_context() | {"waves": waves})
    assert not synthesized_with(tmp_path, project_context())
