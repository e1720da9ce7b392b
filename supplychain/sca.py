"""SCA: known vulnerabilities in the Python and npm dependencies, judged by supplychain/sca.toml.

python -m supplychain.sca                               # everything sca.toml lists (what `make sca` runs)
python -m supplychain.sca --requirements FILE ...       # only these requirements files (and no npm lock file)
SCA_REQUIRED=1 python -m supplychain.sca                # an advisory service that does not answer fails the gate

Where an advisory service does not answer, the gate says NOT CHECKED for that source. It then fails when checking
is required (SCA_REQUIRED=1, or in CodeBuild, where CODEBUILD_BUILD_ID is set); elsewhere it exits 0 with that
message, and never with "passed".
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from supplychain.advisories import AuditError, AuditResult, npm_audit, pip_audit
from supplychain.bundles import BUNDLE_ERRORS, function_bundles
from supplychain.sca_policy import Policy, PolicyError, Unchecked, Verdict, evaluate, load_policy

DEFAULT_POLICY = Path(__file__).with_name("sca.toml")
DEFAULT_ASSEMBLY = Path("cdk.out")


def checking_required(environ: dict[str, str]) -> bool:
    return environ.get("SCA_REQUIRED") == "1" or bool(environ.get("CODEBUILD_BUILD_ID"))


def audits(policy: Policy, assembly: Path, cache_dir: str | None) -> Iterator[AuditResult]:
    """Every source sca.toml lists, one audit each."""
    if policy.requirements:
        selection = [arg for name in policy.requirements for arg in ("-r", name)]
        yield pip_audit(", ".join(policy.requirements), [*selection, "--no-deps", "--disable-pip"], cache_dir)
    for name in policy.own_venv_requirements:  # pins of their own (another setuptools): one audit each
        yield pip_audit(name, ["-r", name, "--no-deps", "--disable-pip"], cache_dir)
    if policy.audit_environment:
        yield pip_audit(f"the dev venv ({sys.prefix})", ["--local"], cache_dir)
    if policy.audit_function_bundles:
        try:
            bundles = function_bundles(assembly)
        except BUNDLE_ERRORS as error:
            yield AuditResult("the function bundles", unchecked=Unchecked("the function bundles", str(error)))
        else:
            stages_by_folder: dict[Path, list[str]] = {}
            for stage, folder in bundles.items():
                stages_by_folder.setdefault(folder, []).append(stage)
            for folder, stages in stages_by_folder.items():
                source = f"the function bundle of {', '.join(stages)} (cdk.out/{folder.name})"
                yield pip_audit(source, ["--path", str(folder)], cache_dir)
    for lockfile in policy.npm_lockfiles:
        yield npm_audit(Path(lockfile))


def _print_results(results: list[AuditResult]) -> None:
    for result in results:
        if result.unchecked:
            print(f"sca: NOT CHECKED {result.source}: {result.unchecked.reason}")
        else:
            print(f"sca: checked {result.source}: {result.audited} packages, {len(result.findings)} advisories")


def _print_verdict(verdict: Verdict, policy: Policy, required: bool) -> None:
    for finding, entry in verdict.allowed:
        print(f"sca: allowed until {entry.expires}: {finding.describe()} ({entry.reason})")
    for finding in verdict.below_threshold:
        print(f"sca: below npm.fail_at={policy.npm_fail_at}: {finding.describe()}")
    for entry in verdict.unused:
        print(f"sca: allow-list entry {entry.id} matches nothing found here: remove it once the audit has run")
    for entry in verdict.expired:
        print(f"sca: FAILED: allow-list entry {entry.id} expired on {entry.expires}: review it again or remove it")
    for finding in verdict.failing:
        print(f"sca: FAILED: {finding.describe()}")
    if verdict.failing:
        print("sca: upgrade to a fixed version; if that cannot be done now, allow-list it in supplychain/sca.toml")
    if verdict.unchecked:
        consequence = "this fails the gate" if required else "set SCA_REQUIRED=1 to fail on it (the pipeline does)"
        print(f"sca: NOT CHECKED: {len(verdict.unchecked)} source(s) had no advisory look-up here; {consequence}")
    elif not verdict.failing and not verdict.expired:
        print("sca: passed: every source was checked; no vulnerability the policy fails on")


def main(argv: Sequence[str] | None = None, today: date | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m supplychain.sca", description=__doc__.splitlines()[0])
    parser.add_argument("--policy", type=Path, default=DEFAULT_POLICY, help="policy and allow-list (sca.toml)")
    parser.add_argument("--requirements", nargs="+", help="audit only these requirements files")
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY, help="cloud assembly (default cdk.out)")
    parser.add_argument("--cache-dir", help="pip-audit's HTTP cache (default: pip's)")
    args = parser.parse_args(argv)
    required = checking_required(dict(os.environ))
    try:
        policy = load_policy(args.policy)
        if args.requirements:
            policy = replace(
                policy,
                requirements=tuple(args.requirements),
                audit_environment=False,
                audit_function_bundles=False,
                npm_lockfiles=(),
            )
        results = list(audits(policy, args.assembly, args.cache_dir))
    except (PolicyError, AuditError) as error:
        print(f"sca: FAILED: {error}")
        return 1
    _print_results(results)
    findings = [finding for result in results for finding in result.findings]
    unchecked = [result.unchecked for result in results if result.unchecked]
    verdict = evaluate(findings, unchecked, policy, today or date.today())
    _print_verdict(verdict, policy, required)
    return verdict.exit_code(required=required)


if __name__ == "__main__":
    sys.exit(main())
