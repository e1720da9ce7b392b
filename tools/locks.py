"""The dependency locks: which `.in` file (what we choose) compiles into which hashed `requirements*.txt` (what we
install), for which Python and platform. `make lock` runs `python -m tools.locks`.

The dev lock comes first, from every top-level pin; each other lock is compiled with the dev lock as constraints, so a
package has one version wherever it is installed: the pipeline's steps install subsets of the dev venv, the Lambda
bundle holds the dev venv's runtime pins, and the IAM linters' venv shares everything but its older setuptools.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from configuration.paths import PROJECT_ROOT

UV = Path(sys.prefix) / "bin" / "uv"
DEV_LOCK = "requirements-dev.txt"
CONSTRAINTS_DIR = Path(".local") / "locks"
# uv's names for the targets: the dev venv and CodeBuild standard:7.0 (Ubuntu, x86_64; pipeline/build.py pins its
# Python to 3.11), and the Lambda function (python3.14, the bundler's manylinux2014 wheels; stages/bundle_build.py).
LINUX_X86_64 = "x86_64-unknown-linux-gnu"
LAMBDA_X86_64 = "x86_64-manylinux_2_17"
# In every Lambda Python runtime, never bundled (the bundler installs with --no-deps): botocore, which the tracing
# SDK names, and what only botocore needs.
LAMBDA_PROVIDED = ("botocore", "python-dateutil", "six", "urllib3")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


@dataclass(frozen=True)
class Lock:
    """One compiled lock: its source, its target interpreter, and what it leaves out."""

    source: str
    python_version: str
    python_platform: str
    # Packages whose dev-lock version does not apply here (the IAM linters' setuptools, older on purpose).
    own_versions: tuple[str, ...] = ()
    no_emit: tuple[str, ...] = ()

    @property
    def output(self) -> str:
        return self.source.removesuffix(".in") + ".txt"


LOCKS = (
    Lock("requirements-dev.in", "3.11", LINUX_X86_64),  # first: the others take its versions
    Lock("requirements-uv.in", "3.11", LINUX_X86_64),  # `make install`'s bootstrap of the installer
    Lock("requirements.in", "3.11", LINUX_X86_64),
    Lock("requirements-tests.in", "3.11", LINUX_X86_64),  # the pipeline's test steps (CodeBuild)
    Lock("requirements-checks.in", "3.11", LINUX_X86_64),  # the pipeline's prod change check (CodeBuild)
    Lock("runtime/requirements.in", "3.14", LAMBDA_X86_64, no_emit=LAMBDA_PROVIDED),
    Lock("requirements-iam-linters.in", "3.11", LINUX_X86_64, own_versions=("setuptools",)),
)


def pins(text: str) -> dict[str, str]:
    """The exact pins of a requirements file (`name==version`, hashes and comments aside), by canonical name."""
    return {canonicalize_name(name): version for name, version in _PIN.findall(text)}


def chosen_pins(source: Path) -> dict[str, str]:
    """The pins an `.in` file chooses, with those of the `.in` files it includes (`-r other.in`)."""
    chosen: dict[str, str] = {}
    for line in source.read_text().splitlines():
        if line.startswith("-r "):
            chosen |= chosen_pins(source.parent / line.removeprefix("-r ").strip())
    return chosen | pins(source.read_text())


def unhashed(text: str) -> list[str]:
    """The entries of a requirements file that pip could not check: a requirement line without `--hash`."""
    entries = re.split(r"\n(?=[^\s#-])", text)
    return [entry.split()[0] for entry in entries if entry.strip() and entry[0] not in "#-" and "--hash=" not in entry]


def _constraints(lock: Lock, root: Path) -> str:
    """The dev lock as constraints, or, for a lock with versions of its own, its pins without those packages (in
    .local/, at a fixed path: uv names it in the lock's `# via` comments)."""
    if not lock.own_versions:
        return DEV_LOCK
    skipped = {canonicalize_name(name) for name in lock.own_versions}
    lines = [
        f"{name}=={version}" for name, version in pins((root / DEV_LOCK).read_text()).items() if name not in skipped
    ]
    path = CONSTRAINTS_DIR / f"{Path(lock.source).stem}.constraints.txt"
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text("\n".join(lines) + "\n")
    return path.as_posix()


def compile_command(lock: Lock, constraints: str | None, *, upgrade: bool = False) -> list[str]:
    """uv's command for one lock: every transitive package, each with the hashes of all its published files."""
    command = [
        str(UV), "pip", "compile", "--quiet", "--generate-hashes", "--custom-compile-command", "make lock",
        "--python-version", lock.python_version, "--python-platform", lock.python_platform,
        lock.source, "--output-file", lock.output,
    ]  # fmt: skip
    if constraints is not None:
        command += ["--constraint", constraints]
    for name in lock.no_emit:
        command += ["--no-emit-package", name]
    if upgrade:
        command.append("--upgrade")
    return command


def compile_all(root: Path = PROJECT_ROOT, *, upgrade: bool = False) -> Iterator[Lock]:
    """Compile every lock in order. uv keeps the versions a lock already has unless an `.in` file asks for another
    one, or `upgrade` asks for the newest the pins allow."""
    for lock in LOCKS:
        constraints = None if lock.output == DEV_LOCK else _constraints(lock, root)
        subprocess.run(compile_command(lock, constraints, upgrade=upgrade), cwd=root, check=True)
        yield lock


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="the newest transitive versions the pins allow")
    args = parser.parse_args(argv)
    for lock in compile_all(upgrade=args.upgrade):
        print(f"==> {lock.output} ({lock.python_version}, {lock.python_platform})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
