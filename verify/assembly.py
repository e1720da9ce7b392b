"""The stacks of a synthesized cloud assembly (nested stage assemblies included), with where each deploys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cloudformation import AssemblyError, StackArtifact, stack_artifacts


@dataclass(frozen=True)
class DeployedStack:
    """One stack template and the environment CloudFormation deploys it into."""

    artifact_id: str
    stack_name: str
    account: str
    region: str
    template_path: Path
    template: Mapping[str, Any]
    partition: str = "aws"

    @property
    def resources(self) -> Mapping[str, Mapping[str, Any]]:
        return self.template.get("Resources", {})

    @property
    def label(self) -> str:
        return f"{self.stack_name} ({self.account}/{self.region})"


def _concrete(artifact: StackArtifact) -> tuple[str, str]:
    if artifact.account is None or not artifact.account.isdigit() or artifact.region is None:
        raise AssemblyError(f"stack {artifact.artifact_id} has no concrete environment: give it an env")
    return artifact.account, artifact.region


def _deployed(artifact: StackArtifact) -> DeployedStack:
    account, region = _concrete(artifact)
    return DeployedStack(
        artifact_id=artifact.artifact_id,
        stack_name=artifact.stack_name,
        account=account,
        region=region,
        template_path=artifact.template_path,
        template=artifact.load_template(),
    )


def load_stacks(assembly_dir: Path) -> list[DeployedStack]:
    """Every stack of the assembly at `assembly_dir`, in manifest order."""
    if not (assembly_dir / "manifest.json").is_file():
        raise AssemblyError(f"{assembly_dir} holds no cloud assembly: run `make synth` first")
    return [_deployed(artifact) for artifact in stack_artifacts(assembly_dir)]
