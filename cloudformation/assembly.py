"""Find the stack that serves a given API Gateway stage in a synthesized cloud assembly (cdk.out).

CDK Pipelines puts each stage in a nested assembly (`cdk.out/assembly-<Pipeline>-<Stage>/`), so the
manifests are walked recursively and the stack is picked by its `AWS::ApiGateway::Stage` StageName,
not by a construct path that the app is free to change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STACK_ARTIFACT = "aws:cloudformation:stack"
NESTED_ASSEMBLY_ARTIFACT = "cdk:cloud-assembly"
API_STAGE = "AWS::ApiGateway::Stage"


class AssemblyError(LookupError):
    """The cloud assembly is missing, unreadable, or has no stack for the requested stage."""


@dataclass(frozen=True)
class StackArtifact:
    """One synthesized stack: where its template is and which account and region it targets."""

    artifact_id: str
    display_name: str
    stack_name: str
    template_path: Path
    account: str | None
    region: str | None

    @property
    def directory(self) -> Path:
        """Asset paths in the template's metadata are relative to this folder."""
        return self.template_path.parent

    def load_template(self) -> dict[str, Any]:
        try:
            return json.loads(self.template_path.read_text())
        except (OSError, json.JSONDecodeError) as error:
            raise AssemblyError(f"cannot read template {self.template_path}: {error}") from None


def _environment(value: str | None) -> tuple[str | None, str | None]:
    """Split `aws://<account>/<region>`; CDK writes `unknown-account`/`unknown-region` when unset."""
    if not value or not value.startswith("aws://"):
        return None, None
    account, _, region = value.removeprefix("aws://").partition("/")
    return (None if account.startswith("unknown") else account), (None if region.startswith("unknown") else region)


def _read_manifest(directory: Path) -> dict[str, Any]:
    manifest = directory / "manifest.json"
    try:
        return json.loads(manifest.read_text())
    except FileNotFoundError:
        raise AssemblyError(
            f"{manifest} not found: {directory} is not a cloud assembly (run `make synth` first)"
        ) from None
    except (OSError, json.JSONDecodeError) as error:
        raise AssemblyError(f"cannot read {manifest}: {error}") from None


def stack_artifacts(assembly_dir: Path) -> Iterator[StackArtifact]:
    """Every stack of the assembly, nested assemblies included."""
    for artifact_id, artifact in _read_manifest(assembly_dir).get("artifacts", {}).items():
        properties = artifact.get("properties", {})
        if artifact.get("type") == NESTED_ASSEMBLY_ARTIFACT:
            yield from stack_artifacts(assembly_dir / properties["directoryName"])
        elif artifact.get("type") == STACK_ARTIFACT:
            account, region = _environment(artifact.get("environment"))
            yield StackArtifact(
                artifact_id=artifact_id,
                display_name=artifact.get("displayName", artifact_id),
                stack_name=properties.get("stackName", artifact_id),
                template_path=assembly_dir / properties["templateFile"],
                account=account,
                region=region,
            )


def stage_names(template: dict[str, Any]) -> list[str]:
    """The literal StageName of every API Gateway stage in a template."""
    return [
        resource["Properties"]["StageName"]
        for resource in template.get("Resources", {}).values()
        if resource.get("Type") == API_STAGE and isinstance(resource.get("Properties", {}).get("StageName"), str)
    ]


def find_stage_stack(assembly_dir: Path, stage_name: str) -> tuple[StackArtifact, dict[str, Any]]:
    """The one stack whose REST API has a stage called `stage_name`, with its template."""
    if not assembly_dir.is_dir():
        raise AssemblyError(f"{assembly_dir} not found: synthesize the app first (`make synth`)")
    matches: list[tuple[StackArtifact, dict[str, Any]]] = []
    seen: list[str] = []
    for artifact in stack_artifacts(assembly_dir):
        template = artifact.load_template()
        names = stage_names(template)
        seen += [f"{name} ({artifact.display_name})" for name in names]
        if stage_name in names:
            matches.append((artifact, template))
    if not matches:
        found = ", ".join(seen) or "none"
        raise AssemblyError(
            f"no stack in {assembly_dir} has an API Gateway stage named {stage_name!r}; stages found: {found}"
        )
    if len(matches) > 1:
        stacks = ", ".join(artifact.display_name for artifact, _ in matches)
        raise AssemblyError(f"several stacks in {assembly_dir} have a stage named {stage_name!r}: {stacks}")
    return matches[0]
