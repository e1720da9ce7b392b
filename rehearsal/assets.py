"""Rehearse the pipeline's Assets step on a cloud assembly, with the tools and versions the pipeline installs.

The step's buildspec is read from the assembly (as CodeBuild will run it). Its install command must name the version
package-lock.json locks. The locked CDK CLI must read the assembly (self-mutation and the permissions check run it
there), the locked cdk-assets must list every asset manifest, and then the step's own publish commands run, in a
copy of the assembly, against moto's server standing in for S3 and STS. Last, every S3 object the templates point
at (function and canary code) must be one that was published.

    python -m rehearsal.assets --assembly cdk.out
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from configuration.paths import PROJECT_ROOT
from pipeline.tool_locks import LOCKFILE, locked_package
from rehearsal.buckets import (
    Destination,
    asset_manifests,
    destinations,
    prepare_buckets,
    published_keys,
    stack_templates,
)
from rehearsal.standin import CREDENTIALS, AwsStandIn, StandInError

NODE_BIN = PROJECT_ROOT / "node_modules" / ".bin"
ASSETS_TOOL = "cdk-assets"
CLI_TOOL = "aws-cdk"
OUTPUT_TAIL_LINES = 6


@dataclass(frozen=True)
class BuildSpec:
    """One CodeBuild project's install and build commands, as its buildspec in the assembly has them."""

    project: str
    install: tuple[str, ...]
    commands: tuple[str, ...]


@dataclass
class Rehearsal:
    """What a rehearsal found, and what it published."""

    findings: list[str] = field(default_factory=list)
    published: int = 0
    manifests: int = 0
    objects: set[tuple[str, str]] = field(default_factory=set)


def _buildspec(assembly: Path, spec: object) -> dict[str, Any] | None:
    if not isinstance(spec, str):
        return None
    text = spec if spec.lstrip().startswith("{") else (assembly / spec).read_text()
    return dict(json.loads(text))


def buildspecs(assembly: Path) -> Iterator[BuildSpec]:
    """Every CodeBuild project of the assembly's top-level stacks (the pipeline's), with its buildspec's commands."""
    for template_path in sorted(assembly.glob("*.template.json")):
        resources = json.loads(template_path.read_text()).get("Resources", {})
        for logical_id, resource in resources.items():
            if resource.get("Type") != "AWS::CodeBuild::Project":
                continue
            spec = _buildspec(assembly, resource["Properties"].get("Source", {}).get("BuildSpec"))
            if spec is None:
                continue
            phases = spec.get("phases", {})
            yield BuildSpec(
                project=logical_id,
                install=tuple(phases.get("install", {}).get("commands", [])),
                commands=tuple(phases.get("build", {}).get("commands", [])),
            )


def assets_steps(assembly: Path) -> list[BuildSpec]:
    """The projects whose build runs cdk-assets: the pipeline's Assets step."""
    return [spec for spec in buildspecs(assembly) if any(c.startswith(f"{ASSETS_TOOL} ") for c in spec.commands)]


def install_findings(step: BuildSpec, lockfile: Path = LOCKFILE) -> list[str]:
    """The step must install exactly the locked cdk-assets, and the lock must leave nothing for npm to resolve."""
    locked = locked_package(ASSETS_TOOL, lockfile)
    expected = f"npm install -g {ASSETS_TOOL}@{locked['version']}"
    findings = []
    if expected not in step.install:
        findings.append(
            f"{step.project}: installs {list(step.install)}, not the locked {ASSETS_TOOL} ({expected!r}, "
            f"package-lock.json): the pipeline would publish with a tool this rehearsal never ran"
        )
    if locked.get("dependencies"):
        findings.append(
            f"{ASSETS_TOOL} {locked['version']} has dependencies {sorted(locked['dependencies'])}: a global install "
            "resolves them on the day, not from package-lock.json"
        )
    return findings


def _run(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    """The tool's last lines of output, without Node's stack frames."""
    lines = [line.strip() for line in (result.stderr + result.stdout).splitlines()]
    said = [line for line in lines if line and not line.startswith("at ")]
    return " | ".join(said[-OUTPUT_TAIL_LINES:]) or f"exit code {result.returncode}"


def tool_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The locked tools first on PATH, no AWS profile or credentials of the user's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env["PATH"] = f"{NODE_BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **(extra or {})}


def readability_findings(assembly: Path) -> list[str]:
    """The locked CLI lists the assembly's stacks and the locked cdk-assets lists every asset manifest."""
    env = tool_environment()
    findings = []
    cli = _run([str(NODE_BIN / "cdk"), "ls", "--app", str(assembly)], assembly, env)
    if cli.returncode != 0:
        version = locked_package(CLI_TOOL)["version"]
        findings.append(f"the locked CDK CLI ({version}) cannot read the assembly: {_tail(cli)}")
    for manifest in asset_manifests(assembly):
        listed = _run([str(NODE_BIN / ASSETS_TOOL), "ls", "--path", str(manifest)], assembly, env)
        if listed.returncode != 0:
            version = locked_package(ASSETS_TOOL)["version"]
            name = manifest.relative_to(assembly)
            findings.append(f"the locked {ASSETS_TOOL} ({version}) cannot read {name}: {_tail(listed)}")
    return findings


def reference_findings(assembly: Path, published: set[tuple[str, str]]) -> list[str]:
    """Every S3 object a template points at (Code.S3Bucket/S3Key) is one the step published."""
    findings = []
    for template_path in stack_templates(assembly):
        for logical_id, resource in json.loads(template_path.read_text()).get("Resources", {}).items():
            code = resource.get("Properties", {}).get("Code")
            if not isinstance(code, dict) or "S3Key" not in code:
                continue
            target = (code.get("S3Bucket"), code.get("S3Key"))
            if target not in published:
                findings.append(
                    f"{template_path.name} {logical_id}: code at s3://{target[0]}/{target[1]}, which the Assets "
                    "step did not publish"
                )
    return findings


def _publish(steps: Sequence[BuildSpec], copy: Path, known: Sequence[Destination], report: Rehearsal) -> None:
    with AwsStandIn() as standin:
        env = tool_environment({**CREDENTIALS, "AWS_ENDPOINT_URL": standin.endpoint, "AWS_REGION": "us-east-1"})
        prepare_buckets(standin.endpoint, known)
        for step in steps:
            for command in step.commands:
                result = _run(shlex.split(command), copy, env)
                if result.returncode != 0:
                    report.findings.append(f"{step.project}: `{command}` failed: {_tail(result)}")
                else:
                    report.published += 1
        report.objects = published_keys(standin.endpoint, known)
        report.findings += reference_findings(copy, report.objects)


def rehearse(assembly: Path) -> Rehearsal:
    """Run the Assets step's checks and commands on a copy of `assembly` (cdk-assets writes a cache into it)."""
    report = Rehearsal()
    steps = assets_steps(assembly)
    if not steps:
        report.findings.append(f"no CodeBuild project in {assembly} runs {ASSETS_TOOL}: is this a pipeline assembly?")
        return report
    for step in steps:
        report.findings += install_findings(step)
    with tempfile.TemporaryDirectory(prefix="rehearsal-") as scratch:
        copy = Path(scratch) / "assembly"
        shutil.copytree(assembly, copy)
        report.manifests = len(asset_manifests(copy))
        report.findings += readability_findings(copy)
        if report.findings:
            return report  # the publish commands would fail the same way; say why once
        _publish(steps, copy, destinations(copy), report)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rehearsal.assets", description=__doc__.splitlines()[0])
    parser.add_argument("--assembly", type=Path, default=Path("cdk.out"), help="cloud assembly folder (cdk.out)")
    args = parser.parse_args(argv)
    if not (args.assembly / "manifest.json").is_file():
        print(f"error: {args.assembly} is not a cloud assembly: run `make synth` first", file=sys.stderr)
        return 2
    try:
        report = rehearse(args.assembly)
    except StandInError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for finding in report.findings:
        print(f"FAIL {finding}")
    verdict = "passed" if not report.findings else f"failed: {len(report.findings)} findings"
    print(f"assets rehearsal {verdict} ({report.manifests} manifests, {report.published} publish commands)")
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
