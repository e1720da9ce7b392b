"""Bytecode for the function bundle: compiled by the function's own Python version, hash-based, or not at all.

Lambda's code folder (/var/task) is read-only, so a bundle without bytecode is compiled from source on every cold
start (Powertools, pydantic and the handler: most of an on-demand init). Bytecode is specific to the interpreter's
minor version, so only the runtime's own version (python3.14) may compile it. Timestamp-based .pyc files would be
stale in Lambda (the zip does not keep the sources' modification times exactly), so they are hash-based:
`unchecked-hash` because a deployed bundle never changes, and a new build compiles every file again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

INVALIDATION_MODE = "unchecked-hash"
# The folder Lambda runs the bundle from: the path recorded in the bytecode (tracebacks show it; imports re-point
# it at the real file anyway), so the same sources compile to the same bytes wherever they were built.
TASK_ROOT = "/var/task"
# An interpreter given explicitly (the pipeline's synth step points it at the image's python3.14).
INTERPRETER_VARIABLE = "BYTECODE_PYTHON"
# "required": a build without the runtime's interpreter fails instead of shipping a bundle without bytecode.
REQUIREMENT_VARIABLE = "BUNDLE_BYTECODE"


class BytecodeInterpreterMissingError(RuntimeError):
    """The bundle must carry bytecode (BUNDLE_BYTECODE=required) and no interpreter of the runtime's version exists."""


@dataclass(frozen=True)
class BytecodeCompiler:
    """An interpreter of the function's Python version, compiling folders in the hash-based mode."""

    interpreter: str
    python_version: str

    @property
    def marker(self) -> str:
        """What the asset hash records about the bytecode: the version it was compiled for, and the mode."""
        return f"bytecode:cpython-{self.python_version.replace('.', '')}:{INVALIDATION_MODE}"

    def compile(self, folder: Path, bundle_root: Path) -> None:
        """Compile every module under `folder` in place (__pycache__/*.cpython-3XX.pyc), recording each file's path
        as it will be in Lambda (`bundle_root` replaced by /var/task)."""
        command = [
            self.interpreter, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", INVALIDATION_MODE,
            "-s", str(bundle_root), "-p", TASK_ROOT, str(folder),
        ]  # fmt: skip
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


NO_BYTECODE_MARKER = "bytecode:none"


def _version_of(interpreter: str) -> str | None:
    try:
        result = subprocess.run(
            [interpreter, "-S", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip()


def find_compiler(python_version: str, *, interpreter: str | None = None) -> BytecodeCompiler | None:
    """The compiler for `python_version`: `interpreter`, else $BYTECODE_PYTHON, else python<version> on PATH.

    None when there is none (or it is another version): the bundle is then built without bytecode, saying so on
    stderr, unless BUNDLE_BYTECODE=required, which raises BytecodeInterpreterMissingError instead.
    """
    candidate = interpreter or os.environ.get(INTERPRETER_VARIABLE) or shutil.which(f"python{python_version}")
    found = _version_of(candidate) if candidate else None
    if found == python_version:
        return BytecodeCompiler(str(candidate), python_version)
    reason = f"{candidate} is Python {found}" if found else f"no python{python_version} found"
    if os.environ.get(REQUIREMENT_VARIABLE) == "required":
        raise BytecodeInterpreterMissingError(
            f"the function bundle needs bytecode compiled by Python {python_version} "
            f"({REQUIREMENT_VARIABLE}=required), but {reason}: install it or point {INTERPRETER_VARIABLE} at it"
        )
    print(
        f"note: {reason}: the function bundle is built without bytecode (Lambda compiles it on every cold start); "
        f"install Python {python_version} or set {INTERPRETER_VARIABLE} to ship bytecode (docs/performance.md)",
        file=sys.stderr,
    )
    return None
