"""`python -m verify`: run every deploy check over a cloud assembly and the bootstrap templates.

Exit status 0 when every check passes, 1 when any finds a defect (each printed with where it is and how to
fix it), 2 when there is nothing to verify.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from configuration import AppConfig, ConfigError, context_overrides, load_project_config
from iam.catalog import bundled_catalog
from verify.assembly import AssemblyError, DeployedStack, load_stacks
from verify.bootstrap import (
    APIGATEWAY_LOGGING_TEMPLATE,
    BOUNDARY_TEMPLATE,
    DRIFT_READER_TEMPLATE,
    EXECUTION_POLICY_TEMPLATE,
    READER_TEMPLATE,
    apigateway_logging_role,
    bootstrap_stack,
    drift_reader_policy,
    execution_policy,
    role_boundary,
    role_boundary_arn,
)
from verify.checks import (
    api_constraints,
    boundary,
    cli_calls,
    drift_reader,
    escalation,
    iam_catalog,
    iam_linters,
    lambda_limits,
    lint,
    log_levels,
    metric_math,
    pipeline_regions,
    policy_size,
    retain_on_create,
    waf_rules,
    wiring,
)
from verify.checks.coverage import CoverageCheck
from verify.failure_modes import check_catalogue
from verify.findings import CheckResult
from verify.policy_documents import policy_documents
from verify.provider_schemas import schemas_for

DEFAULT_ASSEMBLY = Path("cdk.out")


def _bootstrap_templates(config: AppConfig) -> list[DeployedStack]:
    """The bootstrap templates as deployed into each target account and region (for lint and the catalog)."""
    targets = dict.fromkeys((env.account, env.region) for env in config.environments.values())
    return [
        bootstrap_stack(path, stack_name=f"{config.project}-{path.stem}", account=account, region=region)
        for account, region in targets
        for path in (
            BOUNDARY_TEMPLATE,
            EXECUTION_POLICY_TEMPLATE,
            READER_TEMPLATE,
            DRIFT_READER_TEMPLATE,
            APIGATEWAY_LOGGING_TEMPLATE,
        )
        if path.is_file()
    ]


def run_checks(stacks: Sequence[DeployedStack], config: AppConfig) -> list[CheckResult]:
    """Every check over the assembly's stacks; coverage only for stacks deployed with the execution policy."""
    catalog = bundled_catalog()
    bootstrap = _bootstrap_templates(config)
    targets = {(env.account, env.region) for env in config.environments.values()}
    results = [
        lint.lint([*stacks, *bootstrap]),
        iam_catalog.check_templates(catalog, [*stacks, *bootstrap]),
        metric_math.check_templates(stacks),
        retain_on_create.check_templates([*stacks, *bootstrap]),
        log_levels.check_templates(stacks),
        waf_rules.check_templates(stacks),
        pipeline_regions.check_templates(stacks),
        lambda_limits.check_templates(stacks),
        api_constraints.check_templates(stacks),
        check_catalogue([*stacks, *bootstrap]),
    ]
    parameters = {"Project": config.project, "PipelineAccount": config.pipeline_account}
    results.append(policy_size.check_templates([*stacks, *bootstrap], parameters))
    results.append(cli_calls.check(stacks, config.project, config.pipeline_account, sorted(targets)))
    documents = [doc for stack in stacks for doc in policy_documents(stack)]
    documents += [doc for stack in bootstrap for doc in policy_documents(stack, parameters)]
    results.append(iam_linters.check(documents))
    for account, region in sorted(targets):
        policy = execution_policy(config.project, account, region)
        results.append(escalation.check_policy(policy, project=config.project, account=account, region=region))
    for stack in stacks:
        if (stack.account, stack.region) in targets:
            policy = execution_policy(config.project, stack.account, stack.region)
            results.append(CoverageCheck(catalog, schemas_for(stack.region)).run(stack, policy))
            limits = role_boundary(config.project, stack.account, stack.region)
            arn = role_boundary_arn(config.project, stack.account, stack.region)
            results.append(boundary.check_stack(stack, arn, limits))
            reader = drift_reader_policy(config.project, config.pipeline_account, stack.account, stack.region)
            results.append(drift_reader.check_stack(catalog, schemas_for(stack.region), stack, reader))
        results.append(wiring.check_stack(stack, apigateway_logging_role(stack, config.project)))
    return results


def _report(results: Sequence[CheckResult], stacks: Sequence[DeployedStack], config: AppConfig) -> str:
    lines = []
    targets = {(env.account, env.region) for env in config.environments.values()}
    for stack in stacks:
        if (stack.account, stack.region) not in targets:
            lines.append(f"note: {stack.label} deploys with its account's own bootstrap policy: no coverage check")
    for result in results:
        mark = "ok  " if result.passed else "FAIL"
        lines.append(f"{mark} {result.name}: {result.checked} checked, {len(result.findings)} findings")
        lines += [f"  {finding}" for finding in result.findings]
        lines += [f"  note: {note}" for note in result.notes]
    return "\n".join(lines)


def configuration_mismatch(stacks: Sequence[DeployedStack], config: AppConfig) -> str | None:
    """Why the assembly is not the synth of this configuration (environments it lacks or has beyond it), or None.

    Coverage is judged per environment of the configuration, so a stack of another one would go unchecked."""
    expected = {f"{config.project}-{name}": name for name in config.environments}
    synthesized = {stack.stack_name for stack in stacks}
    pipeline = f"{config.project}-delivery-pipeline"
    missing = [name for stack_name, name in expected.items() if stack_name not in synthesized]
    extra = sorted(name for name in synthesized - expected.keys() if not name.startswith(pipeline))
    if not missing and not extra:
        return None
    found = [f"no stack for environment(s) {', '.join(missing)}"] if missing else []
    found += [f"stack(s) {', '.join(extra)} of no configured environment"] if extra else []
    return (
        f"the assembly has {' and '.join(found)}: verify the synth of the same configuration (give verify the -c "
        "overrides the synth had, or synthesize again)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m verify", description=__doc__.splitlines()[0])
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY, help="cloud assembly folder (cdk.out)")
    parser.add_argument(
        "-c", "--context", action="append", default=[], metavar="KEY=VALUE", help="the -c overrides the synth had"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        stacks = load_stacks(args.assembly)
    except AssemblyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        config = load_project_config(overrides=context_overrides(args.context))
    except ConfigError as error:  # a malformed override, or a key of the configuration
        print(f"error: {error}", file=sys.stderr)
        return 2
    mismatch = configuration_mismatch(stacks, config)
    if mismatch is not None:
        print(f"error: {mismatch}", file=sys.stderr)
        return 2
    results = run_checks(stacks, config)
    print(_report(results, stacks, config))
    failed = sum(len(result.findings) for result in results)
    elapsed = time.perf_counter() - started
    verdict = "passed" if not failed else f"failed: {failed} findings"
    print(f"verify {verdict} ({len(stacks)} stacks, {elapsed:.1f} s)")
    return 1 if failed else 0
