"""The stacks of a synthesized cloud assembly (nested stage assemblies included), with where each deploys."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STACK_ARTIFACT = "aws:cloudformation:stack"
NESTED_ASSEMBLY = "cdk:cloud-assembly"


class AssemblyError(RuntimeError):
    """The folder holds no readable cloud assembly; the message says what to run."""


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


def _environment(artifact: Mapping[str, Any], artifact_id: str) -> tuple[str, str]:
    environment = str(artifact.get("environment", ""))
    account, _, region = environment.removeprefix("aws://").partition("/")
    if not account.isdigit() or not region or "unknown" in region:
        raise AssemblyError(f"stack {artifact_id} has no concrete environment ({environment!r}): give it an env")
    return account, region


def _stacks_in(directory: Path) -> Iterator[DeployedStack]:
    manifest_path = directory / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for artifact_id, artifact in manifest.get("artifacts", {}).items():
        properties = artifact.get("properties", {})
        if artifact.get("type") == NESTED_ASSEMBLY:
            yield from _stacks_in(directory / properties["directoryName"])
        elif artifact.get("type") == STACK_ARTIFACT:
            account, region = _environment(artifact, artifact_id)
            path = directory / properties["templateFile"]
            yield DeployedStack(
                artifact_id=artifact_id,
                stack_name=properties.get("stackName", artifact_id),
                account=account,
                region=region,
                template_path=path,
                template=json.loads(path.read_text()),
            )


def load_stacks(assembly_dir: Path) -> list[DeployedStack]:
    """Every stack of the assembly at `assembly_dir`, in manifest order."""
    if not (assembly_dir / "manifest.json").is_file():
        raise AssemblyError(f"{assembly_dir} holds no cloud assembly: run `make synth` first")
    return list(_stacks_in(assembly_dir))
