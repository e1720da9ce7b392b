"""The failure-mode catalogue names every resource type deployed, with a known check or a reason for each mode."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.conftest import PROJECT_ROOT, SynthesizedApp
from verify.assembly import DeployedStack, load_stacks
from verify.failure_modes import check_catalogue, load, render

StackOf = Callable[..., DeployedStack]


def test_docs_failure_modes_is_the_rendered_catalogue() -> None:
    committed = (PROJECT_ROOT / "docs" / "failure-modes.md").read_text()
    assert committed == render(load()), "run: python -m verify.failure_modes docs/failure-modes.md"


def test_every_type_of_the_three_wave_assembly_is_catalogued(three_waves: SynthesizedApp) -> None:
    result = check_catalogue(load_stacks(three_waves.outdir))
    assert result.findings == ()


@pytest.mark.component  # runs the CDK CLI
def test_every_type_cdks_own_bootstrap_template_deploys_is_catalogued() -> None:
    shown = subprocess.run(
        [str(PROJECT_ROOT / "node_modules" / ".bin" / "cdk"), "bootstrap", "--show-template"],
        capture_output=True, text=True, check=True, cwd=PROJECT_ROOT, timeout=120,
    )  # fmt: skip
    types = set(re.findall(r"^\s+Type: (AWS::\S+)$", shown.stdout, re.MULTILINE))
    assert types and types <= {entry.type for entry in load()}


def test_a_deployed_type_with_no_entry_fails(stack_of: StackOf) -> None:
    stack = stack_of({"Queue": {"Type": "AWS::SQS::Queue", "Properties": {}}})
    [finding] = check_catalogue([stack]).findings
    assert "AWS::SQS::Queue" in finding.where and "no failure modes on record" in finding.problem


def test_a_covered_mode_naming_no_known_check_or_without_a_source_fails() -> None:
    entry = load()[0]
    mode = dataclasses.replace(entry.modes[0], status="covered", covered_by="a-check-nobody-wrote", sources=())
    broken = dataclasses.replace(entry, modes=(mode,))
    problems = [finding.problem for finding in check_catalogue([], [broken]).findings]
    assert any("which is no check" in problem for problem in problems)
    assert any("has no source" in problem for problem in problems)


def test_the_catalogue_counts_are_in_the_docs() -> None:
    modes = sum(len(entry.modes) for entry in load())
    assert (
        f"{len(load())} resource types, {modes} modes" in (Path(PROJECT_ROOT) / "docs" / "failure-modes.md").read_text()
    )
