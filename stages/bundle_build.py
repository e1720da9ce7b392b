"""Building the function bundle without Docker or CDK: pinned wheels for Lambda, the handler package, bytecode.

Dependencies are installed with `pip --platform` for the function's architecture and Python version, so the bundle
holds exactly the versions pinned in runtime/requirements.txt (the ones the tests use). Built dependencies are
cached under .local/build keyed by the requirements file and the build (platform, version, bytecode), so repeated
synths (unit tests, `make run`) copy instead of calling pip again. `make bench` builds the same bundle for this
machine's Python to measure a cold start as deployed.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from configuration.paths import PROJECT_ROOT, RUNTIME_DIR
from stages.bytecode import NO_BYTECODE_MARKER, BytecodeCompiler

# The code that builds a bundle: a change to it changes the asset hash too.
BUNDLER_SOURCES = tuple(Path(__file__).parent / name for name in ("bundle_build.py", "bytecode.py"))
CACHE_DIR = PROJECT_ROOT / ".local" / "build"
PACKAGE_EXCLUDES = ("__pycache__", "*.pyc", "requirements*.txt", "tests")
# Packages under runtime/ that run in functions of their own, never in the items function's package.
SEPARATE_PACKAGES = ("release_hooks",)


def lambda_platform(architecture: str) -> str:
    """pip's platform tag for a Lambda architecture (arm64 or x86_64)."""
    return "manylinux2014_aarch64" if architecture == "arm64" else "manylinux2014_x86_64"


@dataclass(frozen=True)
class BundleBuild:
    """One way of building the bundle: for a Python version and platform, with bytecode or without."""

    python_version: str
    platform: str
    compiler: BytecodeCompiler | None

    @property
    def hash_marker(self) -> str:
        """Builds of the same sources with and without bytecode are different assets."""
        return self.compiler.marker if self.compiler is not None else NO_BYTECODE_MARKER

    @property
    def identity(self) -> str:
        """What, besides the runtime sources, decides the bundle's bytes, recorded in the asset hash: the platform
        (an arm64 bundle holds other wheels than an x86_64 one), the Python version, bytecode or not, and the
        bundler's own code. Without it one hash could name two different zips, and cdk-assets would skip the upload
        of the second as already published."""
        bundler = hashlib.sha256(b"".join(path.read_bytes() for path in sorted(BUNDLER_SOURCES))).hexdigest()[:16]
        return f"{self.platform}/{self.python_version}/{self.hash_marker}/{bundler}"

    def build(self, output: Path) -> None:
        """Write the bundle into `output`: the dependencies, then every handler package of runtime/."""
        shutil.copytree(self._dependencies(), output, dirs_exist_ok=True)
        for package in sorted(RUNTIME_DIR.iterdir()):
            if package.is_dir() and (package / "__init__.py").exists() and package.name not in SEPARATE_PACKAGES:
                shutil.copytree(package, output / package.name, ignore=shutil.ignore_patterns(*PACKAGE_EXCLUDES))
                if self.compiler is not None:
                    self.compiler.compile(output / package.name, output)

    def _dependencies(self) -> Path:
        requirements = RUNTIME_DIR / "requirements.txt"
        build = self.identity
        key = hashlib.sha256(requirements.read_bytes() + build.encode()).hexdigest()[:16]
        target = CACHE_DIR / f"deps-{key}"
        if target.exists():
            return target
        staging = CACHE_DIR / f"deps-{key}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        command = [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--no-compile", "--only-binary=:all:",
            "--platform", self.platform, "--implementation", "cp", "--python-version", self.python_version,
            "--target", str(staging), "-r", str(requirements),
        ]  # fmt: skip
        subprocess.run(command, check=True)
        shutil.rmtree(staging / "bin", ignore_errors=True)  # console scripts: nothing in Lambda runs them
        if self.compiler is not None:
            self.compiler.compile(staging, staging)
        staging.rename(target)
        return target
