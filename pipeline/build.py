"""How every CodeBuild project of the pipeline runs: one image, pinned runtimes, pip and npm caches; and the synth step.

Every project (synth, self-mutation, assets, tests) shares these defaults, so each starts on an image CodeBuild keeps
warm and restores its package downloads from S3 instead of fetching them again.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration, pipelines
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_s3 as s3

from pipeline.reports import UNIT_REPORT, junit_option
from pipeline.tool_locks import LOCKFILE, locked_version
from stages.constructs.function import RUNTIME as FUNCTION_RUNTIME

BUILD_IMAGE = codebuild.LinuxBuildImage.STANDARD_7_0  # Ubuntu 22.04
# Python as in development; Node 24, the newest the image offers (standard:7.0 has 18, 20, 22 and 24): jsii calls
# Node 20 end-of-life since 2026-10-30. The CDK CLI and cdk-assets support Node >= 18.
NODE_VERSION = "24"
RUNTIME_VERSIONS = {"python": "3.11", "nodejs": NODE_VERSION}
PIP_CACHE = "/root/.cache/pip"
NPM_CACHE = "/root/.npm"
CLOUD_ASSEMBLY = "cdk.out"

SYNTH_INSTALL = ("make install",)
# The function's Python (python3.14): the image carries it (pyenv) beside the toolchain's Python. The bundler compiles
# the bundle's bytecode with it (stages/bytecode.py), and BUNDLE_BYTECODE=required fails the synth, naming what is
# missing, rather than ship a bundle that Lambda would compile from source on every cold start.
FUNCTION_PYTHON = FUNCTION_RUNTIME.name.removeprefix("python")
BYTECODE_PYTHON = (
    f'"$(ls -d "$(pyenv root)"/versions/{FUNCTION_PYTHON}.*/bin/python{FUNCTION_PYTHON} | sort -V | tail -n 1)"'
)
SYNTH = f"BYTECODE_PYTHON={BYTECODE_PYTHON} BUNDLE_BYTECODE=required npx --no-install cdk synth --quiet"
# Supply-chain gates (docs/pipeline.md, "Build-stage gates"): secrets and SAST read the source; SCA and the SBOM
# read the function bundles that synth writes. The SBOM lands in cdk.out/sbom/, inside the primary output, so it is
# kept with the cloud assembly artifact of every run.
SYNTH_COMMANDS = (
    "make lint",
    "make secrets",
    "make sast",
    f".venv/bin/python -m pytest tests/unit -q -p no:cacheprovider {junit_option(UNIT_REPORT)}",  # -> its report group
    SYNTH,
    ".venv/bin/python -m verify --assembly cdk.out",
    "SCA_REQUIRED=1 make sca",
    "make sbom",
)


def cdk_cli_version(lockfile: Path = LOCKFILE) -> str:
    """The CDK CLI version locked in package-lock.json (self-mutation, the permissions checks). A global
    `npm install -g tool@version` resolves the tool's own dependencies on the day, so the tools installed this way
    must have none (tests/unit/pipeline/test_pipeline_tooling.py, rehearsal/assets.py)."""
    return locked_version("aws-cdk", lockfile)


def cdk_assets_version(lockfile: Path = LOCKFILE) -> str:
    """The cdk-assets version locked in package-lock.json (the assets step; CDK Pipelines would install @latest)."""
    return locked_version("cdk-assets", lockfile)


def codebuild_defaults(cache_bucket: s3.IBucket) -> pipelines.CodeBuildOptions:
    """Defaults for every CodeBuild project: small image, pinned runtimes, S3-backed pip/npm caches."""
    return pipelines.CodeBuildOptions(
        build_environment=codebuild.BuildEnvironment(
            build_image=BUILD_IMAGE,
            compute_type=codebuild.ComputeType.SMALL,
            environment_variables={
                "PIP_CACHE_DIR": codebuild.BuildEnvironmentVariable(value=PIP_CACHE),
                "PIP_DISABLE_PIP_VERSION_CHECK": codebuild.BuildEnvironmentVariable(value="1"),
            },
        ),
        cache=codebuild.Cache.bucket(cache_bucket),
        partial_build_spec=codebuild.BuildSpec.from_object(
            {
                "phases": {"install": {"runtime-versions": RUNTIME_VERSIONS}},
                "cache": {"paths": [f"{PIP_CACHE}/**/*", f"{NPM_CACHE}/**/*"]},
            }
        ),
        timeout=Duration.minutes(30),
    )


def synth_step(source: pipelines.CodePipelineSource) -> pipelines.ShellStep:
    """Install from the pinned files, lint, test, synthesize, verify the assembly against AWS's published rules, run
    the gates: any failure (a nag or verify finding, a gate) stops here."""
    return pipelines.ShellStep(
        "Synth",
        input=source,
        install_commands=list(SYNTH_INSTALL),
        commands=list(SYNTH_COMMANDS),
        primary_output_directory=CLOUD_ASSEMBLY,
    )
