"""`make run` skips the synth only while cdk.out's record matches every source that feeds the synth."""

from __future__ import annotations

from pathlib import Path

import pytest

from local.synth_inputs import INPUT_FILES, forget, is_current, record


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with every input file, a package, and a synthesized assembly recorded as current."""
    for name in INPUT_FILES:
        (tmp_path / name).write_text(f"{name}\n")
    (tmp_path / "stages" / "constructs").mkdir(parents=True)
    (tmp_path / "stages" / "constructs" / "function.py").write_text("MEMORY = 512\n")
    (tmp_path / "cdk.out").mkdir()
    (tmp_path / "cdk.out" / "manifest.json").write_text("{}")
    record(tmp_path / "cdk.out", tmp_path)
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
