"""The failure-mode catalogue: each resource type the app deploys, its known create, update, retry and delete
failures, the sources that report them, and the check that covers each (or why none can).

The data is verify/data/failure_modes.json; `make verify` checks that every resource type of the assembly and the
bootstrap templates is in it and that every mode names a check that exists; docs/failure-modes.md is rendered from
it (`python -m verify.failure_modes docs/failure-modes.md`; a test fails when the two differ).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding

NAME = "failure-modes"
CATALOGUE = Path(__file__).parent / "data" / "failure_modes.json"
WHEN = ("create", "update", "retry", "delete")
STATUSES = ("covered", "open", "uncheckable", "not-applicable")
# Every check a mode may name, and where it runs.
CHECKS = {
    "cfn-lint": "make verify: cfn-lint over every template (verify/checks/lint.py)",
    "iam-catalog": "make verify: every IAM action in AWS's catalog (verify/checks/iam_catalog.py)",
    "execution-policy-coverage": "make verify: handler permissions vs the execution policy (verify/checks/coverage.py)",
    "wiring": "make verify: publishers, log writers, canaries, role-policy ordering (verify/checks/wiring.py)",
    "metric-math": "make verify: expressions typed against AWS's function table (verify/checks/metric_math.py)",
    "retain-on-create": "make verify: no named resource kept by a failed create (verify/checks/retain_on_create.py)",
    "log-level-filter": "make verify: Lambda's log filter vs the function's level (verify/checks/log_levels.py)",
    "waf-rules": "make verify: OverrideAction vs Action on WAF rules (verify/checks/waf_rules.py)",
    "pipeline-regions": "make verify: CodePipeline offered where the pipeline acts (verify/checks/pipeline_regions.py)",
    "lambda-limits": "make verify: Lambda's code, environment and policy sizes (verify/checks/lambda_limits.py)",
    "policy-size": "make verify: IAM's policy size quotas (verify/checks/policy_size.py)",
    "api-parameter-constraints": "make verify: values against botocore's model (verify/checks/api_constraints.py)",
    "asset-publish-rehearsal": "make rehearse: the Assets step with the locked tools (rehearsal/assets.py)",
    "cdk-nag": "synth: the AwsSolutions pack (app.py)",
    "guardrails": "synth: the LeastPrivilege pack (guardrails/)",
    "prod-change-check": "pipeline, before prod's approval: what the update destroys or CloudFormation refuses",
    "configuration": "synth: the configuration refuses the value, naming its key (stages/)",
    "tests": "a unit test, named in the mode",
}


@dataclass(frozen=True)
class FailureMode:
    when: str
    failure: str
    error: str | None
    sources: tuple[str, ...]
    status: str
    covered_by: str | None
    how: str


@dataclass(frozen=True)
class TypeModes:
    type: str
    where: tuple[str, ...]
    modes: tuple[FailureMode, ...]


def load(path: Path = CATALOGUE) -> list[TypeModes]:
    entries = json.loads(path.read_text())["types"]
    return [
        TypeModes(
            type=entry["type"],
            where=tuple(entry["where"]),
            modes=tuple(
                FailureMode(
                    when=mode["when"],
                    failure=mode["failure"],
                    error=mode.get("error"),
                    sources=tuple(mode["sources"]),
                    status=mode["status"],
                    covered_by=mode.get("covered_by"),
                    how=mode["how"],
                )
                for mode in entry["modes"]
            ),
        )
        for entry in entries
    ]


def mode_problems(entry: TypeModes) -> list[str]:
    """What is wrong with one type's entry: a mode without a source, an unknown check, a covered mode naming none."""
    problems = []
    for number, mode in enumerate(entry.modes):
        label = f"{entry.type} mode {number} ({mode.when})"
        if mode.when not in WHEN or mode.status not in STATUSES:
            problems.append(f"{label}: when must be one of {WHEN}, status one of {STATUSES}")
        if not mode.sources:
            problems.append(f"{label}: has no source")
        if mode.status == "covered" and mode.covered_by not in CHECKS:
            problems.append(f"{label}: covered by {mode.covered_by!r}, which is no check ({', '.join(CHECKS)})")
        if mode.status != "covered" and mode.covered_by is not None:
            problems.append(f"{label}: names a check but is {mode.status}")
        if not mode.how.strip():
            problems.append(f"{label}: says nothing of how it is covered or why it cannot be")
    return problems


def check_catalogue(stacks: Sequence[DeployedStack], catalogue: Iterable[TypeModes] | None = None) -> CheckResult:
    """Every resource type the stacks deploy is catalogued, and every entry is well formed."""
    entries = {entry.type: entry for entry in (load() if catalogue is None else catalogue)}
    findings = []
    deployed = {(resource["Type"], stack.stack_name) for stack in stacks for resource in stack.resources.values()}
    for kind, stack_name in sorted(deployed):
        if kind not in entries:
            findings.append(Finding(NAME, f"{stack_name} ({kind})", "this resource type has no failure modes on record",
                                    "research and record them in verify/data/failure_modes.json"))  # fmt: skip
    for entry in entries.values():
        findings += [Finding(NAME, entry.type, problem, "correct verify/data/failure_modes.json")
                     for problem in mode_problems(entry)]  # fmt: skip
    return CheckResult(NAME, tuple(findings), checked=len(entries))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(catalogue: Sequence[TypeModes]) -> str:
    """docs/failure-modes.md."""
    modes = [mode for entry in catalogue for mode in entry.modes]
    statuses = Counter(mode.status for mode in modes)
    lines = [
        "# Failure modes of every resource type the app deploys",
        "",
        "Generated from `verify/data/failure_modes.json` by `python -m verify.failure_modes docs/failure-modes.md`;",
        "`make verify` fails when a deployed resource type is missing from it. Each mode is a known create, update,",
        "retry or delete failure from AWS's documentation or a public report of a real deploy, with the check that",
        "covers it, or why none can.",
        "",
        f"{len(catalogue)} resource types, {len(modes)} modes: "
        + ", ".join(f"{statuses[status]} {status}" for status in STATUSES)
        + ".",
        "",
        "| check | where it runs |",
        "|---|---|",
        *(f"| `{name}` | {where} |" for name, where in CHECKS.items()),
    ]
    for entry in catalogue:
        lines += ["", f"## {entry.type}", "", f"Deployed by: {', '.join(entry.where)}.", ""]
        lines += ["| when | failure | status | covered by / why not | sources |", "|---|---|---|---|---|"]
        for mode in entry.modes:
            error = f' AWS says: "{_cell(mode.error)}"' if mode.error else ""
            cover = f"`{mode.covered_by}`: " if mode.covered_by else ""
            sources = " ".join(f"[{n + 1}]({url})" for n, url in enumerate(mode.sources))
            lines.append(
                f"| {mode.when} | {_cell(mode.failure)}{error} | {mode.status} | {cover}{_cell(mode.how)} | {sources} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    text = render(load())
    if args:
        Path(args[0]).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
