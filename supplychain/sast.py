"""SAST: ruff's flake8-bandit rules (`S`) over the Python sources, with the project's configuration.

python -m supplychain.sast             # the whole repository (what `make sast` runs)
python -m supplychain.sast PATH ...    # just these files or folders

`make lint` runs the same rules among all the others; this gate runs them alone, so the build log shows a
security verdict of its own and the bandit rules the configuration switches off (each with its reason in
pyproject.toml and docs/pipeline.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from configuration.paths import PROJECT_ROOT

PYPROJECT = PROJECT_ROOT / "pyproject.toml"
RULE_SET = "S"


def ruff_command(*paths: str) -> list[str]:
    """ruff exactly as configured (a `--select` would also drop the configured ignores), reporting JSON."""
    ruff = Path(sys.executable).parent / "ruff"
    return [str(ruff), "check", "--output-format", "json", "--no-fix", "--exit-zero", *paths]


def findings(*paths: str, source: str | None = None) -> list[str]:
    """Bandit findings over `paths`; with `source`, that text is linted as if it were the file `paths[0]`."""
    command = ruff_command(*paths) if source is None else ruff_command("--stdin-filename", paths[0], "-")
    result = subprocess.run(command, input=source, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"ruff did not run: {result.stderr.strip()}")
    return [
        f"{os.path.relpath(found['filename'])}:{found['location']['row']}: {found['code']} {found['message']}"
        for found in json.loads(result.stdout)
        if (found.get("code") or "").startswith(RULE_SET)
    ]


def ignored_rules(pyproject: Path = PYPROJECT) -> dict[str, list[str]]:
    """The bandit rules the configuration switches off, keyed by where: `everywhere` or a per-file pattern."""
    lint = tomllib.loads(pyproject.read_text())["tool"]["ruff"]["lint"]
    ignored = {"everywhere": [rule for rule in lint.get("ignore", []) if rule.startswith(RULE_SET)]}
    for pattern, rules in lint.get("per-file-ignores", {}).items():
        ignored[pattern] = [rule for rule in rules if rule.startswith(RULE_SET)]
    return {where: sorted(rules) for where, rules in ignored.items() if rules}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m supplychain.sast", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["."], help="files or folders (default: the repository)")
    args = parser.parse_args(argv)
    switched_off = "; ".join(f"{', '.join(rules)} ({where})" for where, rules in ignored_rules().items())
    print(f"sast: ruff bandit rules ({RULE_SET}); switched off: {switched_off or 'none'}")
    found = findings(*args.paths)
    for line in found:
        print(f"  {line}")
    if found:
        print(f"sast: FAILED: {len(found)} finding(s); fix them (an ignore needs its reason in pyproject.toml)")
        return 1
    print("sast: passed, no finding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
