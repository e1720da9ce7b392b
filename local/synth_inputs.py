"""Whether cdk.out is still what a synth of the current sources would write, so `make run` can skip the synth.

A successful `make synth` records a SHA-256 over every file that feeds the synth (the app, its configuration,
the packages it imports, the function's code and every pinned dependency) in cdk.out/synth-inputs.sha256; the
record is removed before each synth starts, so a failed or interrupted synth never leaves one behind. The app
itself records the context it was given (configuration/synth_record.py), so an assembly synthesized with `-c`
overrides (`npx cdk synth -c waves=@other.json`) is not taken for one of cdk.json as it is.

    python -m local.synth_inputs check cdk.out    # exit 0 when the record matches the sources, 1 otherwise
    python -m local.synth_inputs record cdk.out   # after a successful synth
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

from configuration import ConfigError, project_context
from configuration.paths import PROJECT_ROOT
from configuration.synth_record import synthesized_with

RECORD_NAME = "synth-inputs.sha256"
INPUT_FILES = (
    "app.py",
    "cdk.json",
    "package.json",
    "package-lock.json",
    "requirements.txt",
    "requirements-dev.txt",
    "requirements-tests.txt",
)
INPUT_FOLDERS = ("configuration", "guardrails", "pipeline", "runtime", "stages")
IGNORED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".ruff_cache"})


def _input_paths(root: Path) -> Iterator[Path]:
    for name in INPUT_FILES:
        yield root / name
    for folder in INPUT_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not IGNORED_PARTS.intersection(path.relative_to(root).parts):
                yield path


def inputs_digest(root: Path = PROJECT_ROOT) -> str:
    """SHA-256 over the path and content of every input (a missing file counts as missing, not as skipped)."""
    digest = hashlib.sha256()
    for path in _input_paths(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"\0missing\0")
        digest.update(b"\0")
    return digest.hexdigest()


def _synthesized_from_cdk_json(assembly: Path, root: Path) -> bool:
    try:
        return synthesized_with(assembly, project_context(root / "cdk.json"))
    except ConfigError:  # an unreadable cdk.json: the synth will say what is wrong
        return False


def is_current(assembly: Path, root: Path = PROJECT_ROOT) -> bool:
    """True when `assembly` holds a manifest, a record equal to the current inputs' digest, and was synthesized
    with cdk.json's context and no other."""
    record = assembly / RECORD_NAME
    if not (assembly / "manifest.json").is_file() or not record.is_file():
        return False
    return record.read_text().strip() == inputs_digest(root) and _synthesized_from_cdk_json(assembly, root)


def record(assembly: Path, root: Path = PROJECT_ROOT) -> None:
    (assembly / RECORD_NAME).write_text(inputs_digest(root) + "\n")


def forget(assembly: Path) -> None:
    (assembly / RECORD_NAME).unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("check", "record", "forget"):
        print("usage: python -m local.synth_inputs check|record|forget ASSEMBLY", file=sys.stderr)
        return 2
    command, assembly = argv[0], Path(argv[1])
    if command == "record":
        record(assembly)
        return 0
    if command == "forget":
        forget(assembly)
        return 0
    if is_current(assembly):
        print(f"==> {assembly} is up to date with its sources and cdk.json's context: no synth needed")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
