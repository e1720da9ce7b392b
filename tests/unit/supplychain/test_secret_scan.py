"""Secrets detection: the planted AWS key pair is found wherever the gate looks, and the repository scan is clean."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.supplychain.conftest import FIXTURES, PROJECT_ROOT, run_gate

pytestmark = pytest.mark.component  # runs the gate and git as processes

PLANTED = FIXTURES / "aws_credentials.ini"
BASELINE = PROJECT_ROOT / ".secrets.baseline"
PLANTED_LINES = ("aws_credentials.ini:4: AWS Access Key", "aws_credentials.ini:5: AWS Access Key")


def _baseline_without_path_exclusions(target: Path) -> Path:
    """The project's baseline (same plugins and known values) with no excluded paths."""
    baseline = json.loads(BASELINE.read_text())
    baseline["filters_used"] = [
        used for used in baseline["filters_used"] if used["path"] != "detect_secrets.filters.regex.should_exclude_file"
    ]
    target.write_text(json.dumps(baseline))
    return target


def test_the_repository_scan_is_clean() -> None:
    run = run_gate("secret_scan")  # the git-tracked files here; the whole source tree in CodeBuild (no .git there)

    assert run.returncode == 0, run.output
    assert "passed, no new secret" in run.output


def test_the_planted_fixture_is_excluded_from_the_repository_scan() -> None:
    run = run_gate("secret_scan", str(PLANTED.relative_to(PROJECT_ROOT)))

    assert run.returncode == 0, run.output


def test_planted_aws_key_pair_is_found_and_fails_the_gate(tmp_path: Path) -> None:
    baseline = _baseline_without_path_exclusions(tmp_path / "baseline.json")

    run = run_gate("secret_scan", "--baseline", str(baseline), str(PLANTED.relative_to(PROJECT_ROOT)))

    assert run.returncode == 1
    assert all(line in run.output for line in PLANTED_LINES), run.output


def test_a_committed_key_fails_the_scan_of_the_git_tracked_files(tmp_path: Path) -> None:
    shutil.copy(BASELINE, tmp_path / ".secrets.baseline")
    (tmp_path / "config").mkdir()
    shutil.copy(PLANTED, tmp_path / "config" / "aws_credentials.ini")
    subprocess.run(["git", "init", "--quiet"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)

    run = run_gate("secret_scan", cwd=tmp_path)

    assert run.returncode == 1
    assert "config/aws_credentials.ini:4: AWS Access Key" in run.output


def test_without_git_metadata_the_whole_tree_is_scanned_except_build_outputs(tmp_path: Path) -> None:
    shutil.copy(BASELINE, tmp_path / ".secrets.baseline")
    (tmp_path / "node_modules" / "some-package").mkdir(parents=True)
    shutil.copy(PLANTED, tmp_path / "node_modules" / "some-package" / "credentials.ini")
    shutil.copy(PLANTED, tmp_path / "settings.ini")

    run = run_gate("secret_scan", cwd=tmp_path)

    assert run.returncode == 1
    assert "no git metadata" in run.output
    assert "settings.ini:4: AWS Access Key" in run.output
    assert "node_modules" not in run.output


def test_a_baseline_entry_not_reviewed_as_a_false_positive_fails(tmp_path: Path) -> None:
    baseline = json.loads(BASELINE.read_text())
    (first,) = list(baseline["results"].values())[:1]
    first[0].pop("is_secret")
    (tmp_path / "baseline.json").write_text(json.dumps(baseline))

    run = run_gate("secret_scan", "--baseline", str(tmp_path / "baseline.json"))

    assert run.returncode == 1
    assert "not marked as false positives" in run.output
