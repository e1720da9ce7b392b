"""Package the runtime without Docker: the function's code asset, bundled locally by stages/bundle_build.py.

The bundle carries bytecode compiled by the function's Python version when that interpreter is here
(stages/bytecode.py); the asset hash records whether it does.
"""

from __future__ import annotations

from pathlib import Path

import jsii
from aws_cdk import BundlingOptions, FileSystem, ILocalBundling
from aws_cdk import aws_lambda as lambda_

from stages.bundle_build import RUNTIME_DIR, SEPARATE_PACKAGES, BundleBuild, lambda_platform
from stages.bytecode import find_compiler


@jsii.implements(ILocalBundling)
class PipBundler:
    """Local bundling: pip-installs wheels for the target platform, copies the handler package, compiles bytecode."""

    def __init__(self, build: BundleBuild) -> None:
        self.build = build

    @classmethod
    def for_function(cls, runtime: lambda_.Runtime, architecture: lambda_.Architecture) -> PipBundler:
        """The bundler of a function: its Python version and platform, bytecode if that Python is here."""
        python_version = runtime.name.removeprefix("python")
        return cls(BundleBuild(python_version, lambda_platform(architecture.name), find_compiler(python_version)))

    def try_bundle(self, output_dir: str, *args: object, **kwargs: object) -> bool:
        """Called by jsii with positional options; returns True when the output is ready."""
        self.build.build(Path(output_dir))
        return True


def runtime_code(runtime: lambda_.Runtime, architecture: lambda_.Architecture) -> lambda_.Code:
    """The function's code asset; its hash follows the runtime folder, so any pin or code change redeploys, and the
    build's identity (platform, Python version, bytecode or not, the bundler's code), so a build of the same
    sources for another platform or without bytecode never stands in for this one (the pipeline's, with python3.14
    bytecode, and a local one without are two assets)."""
    bundler = PipBundler.for_function(runtime, architecture)
    exclude = ["**/__pycache__", "**/*.pyc", *SEPARATE_PACKAGES]
    return lambda_.Code.from_asset(
        str(RUNTIME_DIR),
        exclude=exclude,
        asset_hash=FileSystem.fingerprint(str(RUNTIME_DIR), exclude=exclude, extra_hash=bundler.build.identity),
        bundling=BundlingOptions(
            # Used only where local bundling is impossible; this project never needs Docker.
            image=runtime.bundling_image,
            local=bundler,
        ),
    )


def package_code(package: str) -> lambda_.Code:
    """A function's code asset holding one standalone package of runtime/ (no dependencies: only what the Lambda
    runtime provides, boto3 included)."""
    return lambda_.Code.from_asset(
        str(RUNTIME_DIR), exclude=["*", f"!{package}", f"!{package}/**", "**/__pycache__", "**/*.pyc"]
    )
