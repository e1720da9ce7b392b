"""Finding a stage's stack in a cloud assembly, nested assemblies included."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudformation import AssemblyError, find_stage_stack, stack_artifacts


def test_stacks_of_nested_assemblies_are_found(assembly: Path) -> None:
    names = [artifact.display_name for artifact in stack_artifacts(assembly)]

    assert "Pipeline/Dev/Service" in names


def test_stage_stack_is_picked_by_its_api_stage_name(assembly: Path) -> None:
    artifact, template = find_stage_stack(assembly, "dev")

    assert artifact.stack_name == "fixture-dev"
    assert artifact.template_path.parent.name == "assembly-Pipeline-Dev"
    assert "Resources" in template


def test_stage_stack_knows_its_account_and_region(assembly: Path) -> None:
    artifact, _ = find_stage_stack(assembly, "dev")

    assert (artifact.account, artifact.region) == ("222222222222", "us-east-1")


def test_unknown_stage_names_the_stages_found(assembly: Path) -> None:
    with pytest.raises(
        AssemblyError, match=r"no stack .* stage named 'prod'; stages found: dev \(Pipeline/Dev/Service\)"
    ):
        find_stage_stack(assembly, "prod")


def test_missing_assembly_says_to_synthesize(tmp_path: Path) -> None:
    with pytest.raises(AssemblyError, match="make synth"):
        find_stage_stack(tmp_path / "cdk.out", "dev")
