"""Secrets detection: detect-secrets over the repository's files, against the reviewed `.secrets.baseline`.

python -m supplychain.secret_scan                  # every git-tracked file (what `make secrets` runs)
python -m supplychain.secret_scan FILE ...         # just these files (what the pre-commit hook runs)

A finding fails unless the baseline holds it marked as a false positive (`is_secret: false`, each one's reason in
docs/pipeline.md). The plugins, the excluded paths and the excluded known values come from the baseline, so
`detect-secrets scan --baseline .secrets.baseline` and this gate agree. CodePipeline's source archive has no
`.git`: there every file under the root is scanned except the build outputs the baseline excludes (more, never less).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detect_secrets import SecretsCollection
from detect_secrets.core import baseline as detect_baseline
from detect_secrets.core.potential_secret import PotentialSecret

DEFAULT_BASELINE = ".secrets.baseline"
EXCLUDE_FILES_FILTER = "detect_secrets.filters.regex.should_exclude_file"
FIX_HINT = (
    "A real secret: remove it, and rotate it if it was ever pushed or shared. A false positive: "
    "`make secrets-baseline`, mark it with `.venv/bin/detect-secrets audit .secrets.baseline`, "
    "and give the reason in docs/pipeline.md."
)


@dataclass(frozen=True)
class SecretsReport:
    """What one scan found: findings the baseline does not cover, and baseline entries not reviewed as harmless."""

    scanned: int
    source: str
    new: list[tuple[str, PotentialSecret]]
    unreviewed: list[tuple[str, PotentialSecret]]
    reviewed: int

    @property
    def passed(self) -> bool:
        return not self.new and not self.unreviewed


def tracked_files() -> list[str] | None:
    """The git-tracked files of the working tree, or None outside a git work tree."""
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], capture_output=True, check=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in listing.split("\0") if name and Path(name).is_file()]


def tree_files(excluded: Sequence[re.Pattern[str]]) -> list[str]:
    """Every file under the working directory, pruning the directories the baseline excludes."""
    found = []
    for folder, subfolders, names in os.walk("."):
        relative = os.path.relpath(folder)
        prefix = "" if relative == "." else f"{relative}/"
        subfolders[:] = [d for d in subfolders if not any(p.search(f"{prefix}{d}/") for p in excluded)]
        found += [f"{prefix}{name}" for name in names]
    return sorted(found)


def excluded_paths(baseline: dict[str, Any]) -> list[re.Pattern[str]]:
    """The `--exclude-files` patterns stored in the baseline."""
    for used in baseline.get("filters_used", []):
        if used["path"] == EXCLUDE_FILES_FILTER:
            return [re.compile(pattern) for pattern in used["pattern"]]
    return []


def scan(files: Iterable[str], baseline_path: str, source: str = "file(s)") -> SecretsReport:
    """Scan `files` with the baseline's settings and compare the findings with the baseline."""
    raw = detect_baseline.load_from_file(baseline_path)
    known = detect_baseline.load(raw, baseline_path)  # also configures plugins and filters from the baseline
    names = sorted(set(files) - {baseline_path})
    found = SecretsCollection()
    found.scan_files(*names)
    unreviewed = [(name, secret) for name, secret in known if secret.is_secret is not False]
    return SecretsReport(
        scanned=len(names),
        source=source,
        new=sorted(found - known, key=lambda item: (item[0], item[1].line_number)),
        unreviewed=unreviewed,
        reviewed=sum(1 for _ in known) - len(unreviewed),
    )


def _describe(name: str, secret: PotentialSecret) -> str:
    return f"  {name}:{secret.line_number}: {secret.type}"


def report(result: SecretsReport, baseline_path: str) -> int:
    print(f"secrets: detect-secrets scanned {result.scanned} {result.source}")
    if result.new:
        print(f"secrets: FAILED: {len(result.new)} potential secret(s) not in {baseline_path}:")
        print("\n".join(_describe(name, secret) for name, secret in result.new))
    if result.unreviewed:
        print(f"secrets: FAILED: {len(result.unreviewed)} baseline entr(ies) not marked as false positives:")
        print("\n".join(_describe(name, secret) for name, secret in result.unreviewed))
    if not result.passed:
        print(f"secrets: {FIX_HINT}")
        return 1
    print(f"secrets: passed, no new secret ({result.reviewed} reviewed false positive(s) in {baseline_path})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m supplychain.secret_scan", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="files to scan (default: the repository's files)")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help=f"reviewed baseline (default {DEFAULT_BASELINE})")
    args = parser.parse_args(argv)
    if not Path(args.baseline).is_file():
        print(f"secrets: FAILED: no baseline at {args.baseline} (run from the repository root)")
        return 1
    if args.files:
        files, source = list(args.files), "given file(s)"
    elif (tracked := tracked_files()) is not None:
        files, source = tracked, "git-tracked files"
    else:
        files = tree_files(excluded_paths(detect_baseline.load_from_file(args.baseline)))
        source = "files (no git metadata: the whole source tree, build outputs excluded)"
    return report(scan(files, args.baseline, source), args.baseline)


if __name__ == "__main__":
    sys.exit(main())
