"""SBOM: CycloneDX JSON of what each stage deploys (the function bundle) and of the build toolchain.

python -m supplychain.sbom                       # after `make synth`: writes cdk.out/sbom/*.cdx.json
python -m supplychain.sbom --out DIR --assembly ASSEMBLY

- function-<stage>.cdx.json: the packages inside that stage's Lambda asset folder, read from their installed
  metadata by cyclonedx-py (the folder is put on the path of an interpreter started without site-packages);
- toolchain-python.cdx.json: the dev venv; toolchain-node*.cdx.json: node_modules, by cyclonedx-npm.
Every file is validated against the CycloneDX JSON schema before the gate passes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from configuration.paths import PROJECT_ROOT
from supplychain.bundles import BUNDLE_ERRORS, function_bundles

SPEC_VERSION = SchemaVersion.V1_6
NPM_TOOL = PROJECT_ROOT / "supplychain" / "npm" / "node_modules" / ".bin" / "cyclonedx-npm"
NPM_PROJECTS = {"toolchain-node": PROJECT_ROOT, "toolchain-node-supplychain": PROJECT_ROOT / "supplychain" / "npm"}


class SbomError(RuntimeError):
    """A generator failed or wrote a document that is not valid CycloneDX."""


def _run(command: list[str], what: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SbomError(f"{what}: {' '.join(command[:3])} failed: {result.stderr.strip() or result.stdout.strip()}")


def _cyclonedx_py(*args: str) -> list[str]:
    version = SPEC_VERSION.to_version()
    # validated once, by validate() below, like the npm SBOMs
    return [
        sys.executable,
        "-m",
        "cyclonedx_py",
        "environment",
        "--sv",
        version,
        "--of",
        "JSON",
        "--no-validate",
        *args,
    ]


def bundle_sbom(bundle: Path, output: Path) -> None:
    """The packages installed in a Lambda asset folder, and nothing else: `-S` keeps site-packages off the path.

    The interpreter that lists them imports from the bundle, which is what gets uploaded: it must write no bytecode
    into it (tests/unit/supplychain/test_sbom.py).
    """
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    environment["PYTHONPATH"] = str(bundle)
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    _run([*_cyclonedx_py("-S", "-o", str(output)), sys.executable], f"SBOM of {bundle}", environment)


def venv_sbom(output: Path) -> None:
    _run(_cyclonedx_py("-o", str(output), sys.prefix), f"SBOM of {sys.prefix}")


def npm_sbom(project: Path, output: Path) -> None:
    if not NPM_TOOL.exists():
        raise SbomError(f"{NPM_TOOL} not found: run `make install` (it installs supplychain/npm)")
    command = [str(NPM_TOOL), "--spec-version", SPEC_VERSION.to_version(), "--output-format", "JSON"]
    _run([*command, "--output-file", str(output), str(project / "package.json")], f"SBOM of {project}")


def validate(path: Path, validator: JsonStrictValidator) -> int:
    """Schema-check a written SBOM; the number of components it lists."""
    text = path.read_text()
    error = validator.validate_str(text)
    if error is not None:
        raise SbomError(f"{path} is not valid CycloneDX {SPEC_VERSION.to_version()}: {str(error).splitlines()[0]}")
    return len(json.loads(text).get("components", []))


def write_all(assembly: Path, out: Path) -> dict[Path, int]:
    """Every SBOM into `out`, each validated; component counts by file."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for stage, bundle in function_bundles(assembly).items():
        written.append(out / f"function-{stage}.cdx.json")
        bundle_sbom(bundle, written[-1])
    written.append(out / "toolchain-python.cdx.json")
    venv_sbom(written[-1])
    for name, project in NPM_PROJECTS.items():
        written.append(out / f"{name}.cdx.json")
        npm_sbom(project, written[-1])
    validator = JsonStrictValidator(SPEC_VERSION)
    return {path: validate(path, validator) for path in written}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m supplychain.sbom", description=__doc__.splitlines()[0])
    parser.add_argument("--assembly", type=Path, default=Path("cdk.out"), help="cloud assembly (default cdk.out)")
    parser.add_argument("--out", type=Path, help="output folder (default <assembly>/sbom)")
    args = parser.parse_args(argv)
    try:
        counts = write_all(args.assembly, args.out or args.assembly / "sbom")
    except (SbomError, *BUNDLE_ERRORS) as error:
        print(f"sbom: FAILED: {error}")
        return 1
    for path, components in counts.items():
        print(f"sbom: {path} (CycloneDX {SPEC_VERSION.to_version()}, {components} components, schema-valid)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
