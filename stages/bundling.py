"""Package the runtime without Docker: pinned wheels for the Lambda platform plus the handler's code.

Dependencies are installed with `pip --platform` for the function's architecture and Python version,
so the zip holds exactly the versions pinned in runtime/requirements.txt (the ones the tests use).
Built packages are cached under .local/build keyed by the requirements file, so repeated synths
(unit tests, `make run`) copy instead of calling pip again.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import jsii
from aws_cdk import BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIR = PROJECT_ROOT / "runtime"
CACHE_DIR = PROJECT_ROOT / ".local" / "build"
PACKAGE_EXCLUDES = ("__pycache__", "*.pyc", "requirements*.txt", "tests")
# Packages under runtime/ that run in functions of their own, never in the items function's package.
SEPARATE_PACKAGES = ("release_hooks",)


@jsii.implements(ILocalBundling)
class PipBundler:
    """Local bundling: pip-installs wheels for the target platform, then copies the handler package."""

    def __init__(self, runtime: lambda_.Runtime, architecture: lambda_.Architecture) -> None:
        self._python_version = runtime.name.removeprefix("python")
        self._platform = "manylinux2014_aarch64" if architecture.name == "arm64" else "manylinux2014_x86_64"

    def try_bundle(self, output_dir: str, *args: object, **kwargs: object) -> bool:
        """Called by jsii with positional options; returns True when the output is ready."""
        dependencies = self._dependencies()
        shutil.copytree(dependencies, output_dir, dirs_exist_ok=True)
        for package in RUNTIME_DIR.iterdir():
            if package.is_dir() and (package / "__init__.py").exists() and package.name not in SEPARATE_PACKAGES:
                shutil.copytree(
                    package, Path(output_dir) / package.name, ignore=shutil.ignore_patterns(*PACKAGE_EXCLUDES)
                )
        return True

    def _dependencies(self) -> Path:
        requirements = RUNTIME_DIR / "requirements.txt"
        key = hashlib.sha256(
            requirements.read_bytes() + f"{self._platform}/{self._python_version}".encode()
        ).hexdigest()[:16]
        target = CACHE_DIR / f"deps-{key}"
        if target.exists():
            return target
        staging = CACHE_DIR / f"deps-{key}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        command = [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--no-compile", "--only-binary=:all:",
            "--platform", self._platform, "--implementation", "cp", "--python-version", self._python_version,
            "--target", str(staging), "-r", str(requirements),
        ]  # fmt: skip
        subprocess.run(command, check=True)
        shutil.rmtree(staging / "bin", ignore_errors=True)  # console scripts: nothing in Lambda runs them
        staging.rename(target)
        return target


def runtime_code(runtime: lambda_.Runtime, architecture: lambda_.Architecture) -> lambda_.Code:
    """The function's code asset; its hash follows the runtime folder, so any pin or code change redeploys."""
    return lambda_.Code.from_asset(
        str(RUNTIME_DIR),
        exclude=["**/__pycache__", "**/*.pyc", *SEPARATE_PACKAGES],
        bundling=BundlingOptions(
            # Used only where local bundling is impossible; this project never needs Docker.
            image=DockerImage.from_registry("public.ecr.aws/sam/build-python3.14"),
            local=PipBundler(runtime, architecture),
        ),
    )


def package_code(package: str) -> lambda_.Code:
    """A function's code asset holding one standalone package of runtime/ (no dependencies: only what the Lambda
    runtime provides, boto3 included)."""
    return lambda_.Code.from_asset(
        str(RUNTIME_DIR), exclude=["*", f"!{package}", f"!{package}/**", "**/__pycache__", "**/*.pyc"]
    )
