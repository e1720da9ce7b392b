"""Bootstrap every account and region the pipeline uses: print every command, run them only with --apply.

    python -m tools.bootstrap                     # dry run: print the plan
    python -m tools.bootstrap --apply             # run it, stopping at the first failure
    python -m tools.bootstrap --apply --profile pipeline=tooling --profile dev=dev-admin --profile prod=prod-admin

The pipeline account is bootstrapped plainly, in its own region and in every other region an environment runs in
(its artifact store there is a stack of its own). Each account and region that an environment of cdk.json's
`waves` runs in first gets the permissions boundary every project role carries (bootstrap/role-boundary.json)
and the project's CloudFormation execution policy for that region (bootstrap/cfn-execution-policy.json, which
creates and changes roles only with that boundary), each deployed as a small stack so reruns update it in place;
then it is bootstrapped trusting the pipeline account and deploying with that policy instead of
AdministratorAccess; then it gets the role the pipeline's checks before an approval read the service stacks with
(bootstrap/stack-reader-role.json, trusted by those two checks and the release gate only), the role its drift check
reads the service stacks' resources with (bootstrap/drift-reader-role.json, trusted by that check only) and API
Gateway's account-level CloudWatch Logs
role for that region (bootstrap/apigateway-cloudwatch-role.json, retained), which the service's access and
execution logs are written with.

A profile is named per environment (`--profile prod=prod-admin`, or `PROD_PROFILE=prod-admin`), per account id, or
`pipeline`; environments that share an account share its profile.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from configuration import (
    AppConfig,
    drift_reader_role_name,
    load_project_config,
    reported,
    role_boundary_name,
    stack_reader_role_name,
)

POLICY_TEMPLATE = Path("bootstrap/cfn-execution-policy.json")
BOUNDARY_TEMPLATE = Path("bootstrap/role-boundary.json")
READER_TEMPLATE = Path("bootstrap/stack-reader-role.json")
DRIFT_READER_TEMPLATE = Path("bootstrap/drift-reader-role.json")
LOGGING_ROLE_TEMPLATE = Path("bootstrap/apigateway-cloudwatch-role.json")
REQUIRED_TOOLS = ("aws", "npx")


@dataclass(frozen=True)
class Command:
    """One step of the plan: why it runs, and the exact argv."""

    purpose: str
    argv: tuple[str, ...]

    def __str__(self) -> str:
        return shlex.join(self.argv)


@dataclass(frozen=True)
class Target:
    """An account and region that environments deploy into, and the names of those environments."""

    account: str
    region: str
    environments: tuple[str, ...]

    @property
    def label(self) -> str:
        return ", ".join(self.environments)


# The execution policy is three managed policies (IAM holds at most 6,144 characters in one); the first keeps the
# name it always had. bootstrap/cfn-execution-policy.json names them the same way.
EXECUTION_POLICY_PARTS = ("", "-api", "-ops")


def execution_policy_names(project: str, region: str) -> list[str]:
    """The customer-managed policies a target's CloudFormation execution role gets (IAM names are per account, and
    the policies' statements name their region, so there is a set per region)."""
    return [f"{project}-cfn-exec{part}-{region}" for part in EXECUTION_POLICY_PARTS]


def execution_policy_arns(project: str, account: str, region: str) -> str:
    """The comma-separated ARNs `cdk bootstrap --cloudformation-execution-policies` takes."""
    return ",".join(f"arn:aws:iam::{account}:policy/{name}" for name in execution_policy_names(project, region))


def targets(config: AppConfig) -> list[Target]:
    """Every account and region an environment deploys into, in deployment order."""
    found: dict[tuple[str, str], list[str]] = {}
    for env in config.environments.values():
        found.setdefault((env.account, env.region), []).append(env.name)
    return [Target(account, region, tuple(names)) for (account, region), names in found.items()]


def _profile(profile: str | None) -> tuple[str, ...]:
    return ("--profile", profile) if profile else ()


def _deploy_template(
    purpose: str,
    *,
    stack_name: str,
    template: Path,
    project: str,
    region: str,
    profile: str | None,
    parameters: Mapping[str, str] | None = None,
) -> Command:
    overrides = [f"{key}={value}" for key, value in {"Project": project, **(parameters or {})}.items()]
    return Command(
        purpose,
        (
            "aws", "cloudformation", "deploy",
            "--stack-name", stack_name,
            "--template-file", str(template),
            "--parameter-overrides", *overrides,
            "--capabilities", "CAPABILITY_NAMED_IAM",
            "--no-fail-on-empty-changeset",
            "--region", region,
            *_profile(profile),
        ),
    )  # fmt: skip


def _target_commands(config: AppConfig, target: Target, profile: str | None) -> list[Command]:
    pipeline = config.pipeline_account
    name = ", ".join(execution_policy_names(config.project, target.region))
    boundary = _deploy_template(
        f"{target.label}: create or update the permissions boundary of the project's roles "
        f"{role_boundary_name(config.project, target.region)}",
        stack_name=f"{config.project}-role-boundary",
        template=BOUNDARY_TEMPLATE,
        project=config.project,
        region=target.region,
        profile=profile,
    )
    reader = _deploy_template(
        f"{target.label}: the role the pipeline's checks before an approval read the service stacks with "
        f"({stack_reader_role_name(config.project, target.region)}, trusted by those checks in {pipeline} only)",
        stack_name=f"{config.project}-stack-reader",
        template=READER_TEMPLATE,
        project=config.project,
        region=target.region,
        profile=profile,
        parameters={"PipelineAccount": pipeline},
    )
    drift_reader = _deploy_template(
        f"{target.label}: the role the pipeline's drift check reads the service stacks' resources with "
        f"({drift_reader_role_name(config.project, target.region)}, trusted by that check in {pipeline} only)",
        stack_name=f"{config.project}-drift-reader",
        template=DRIFT_READER_TEMPLATE,
        project=config.project,
        region=target.region,
        profile=profile,
        parameters={"PipelineAccount": pipeline},
    )
    policy = _deploy_template(
        f"{target.label}: create or update the CloudFormation execution policies {name}",
        stack_name=f"{config.project}-cfn-exec-policy",
        template=POLICY_TEMPLATE,
        project=config.project,
        region=target.region,
        profile=profile,
    )
    logging_role = _deploy_template(
        f"{target.label}: set API Gateway's CloudWatch Logs role for {target.account}/{target.region} (an account "
        "setting)",
        stack_name=f"{config.project}-apigateway-logs",
        template=LOGGING_ROLE_TEMPLATE,
        project=config.project,
        region=target.region,
        profile=profile,
    )
    bootstrap = Command(
        f"{target.label}: bootstrap {target.account}/{target.region}, trusting the pipeline account {pipeline}",
        (
            "npx", "cdk", "bootstrap", f"aws://{target.account}/{target.region}",
            "--trust", pipeline,
            "--trust-for-lookup", pipeline,
            "--cloudformation-execution-policies", execution_policy_arns(config.project, target.account, target.region),
            *_profile(profile),
        ),
    )  # fmt: skip
    return [boundary, policy, bootstrap, reader, drift_reader, logging_role]


def _profile_for(config: AppConfig, target: Target, profiles: Mapping[str, str | None]) -> str | None:
    """The target's own environments' profile first, then any of the same account's (one account, one profile)."""
    same_account = [env.name for env in config.environments.values() if env.account == target.account]
    names = [*target.environments, target.account, *same_account]
    if target.account == config.pipeline_account:
        names.append("pipeline")
    return next((profiles[name] for name in names if profiles.get(name)), None)


def bootstrap_plan(config: AppConfig, profiles: Mapping[str, str | None]) -> list[Command]:
    """Every command, in order: the pipeline account in each region, then each target in deployment order."""
    regions = [config.region, *sorted({env.region for env in config.environments.values()} - {config.region})]
    pipeline_profile = profiles.get("pipeline") or profiles.get(config.pipeline_account)
    pipeline = [
        Command(
            f"pipeline: bootstrap the tooling account {config.pipeline_account} in {region}",
            ("npx", "cdk", "bootstrap", f"aws://{config.pipeline_account}/{region}", *_profile(pipeline_profile)),
        )
        for region in regions
    ]
    return pipeline + [
        command
        for target in targets(config)
        for command in _target_commands(config, target, _profile_for(config, target, profiles))
    ]


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bootstrap", description=__doc__.splitlines()[0])
    parser.add_argument("--apply", action="store_true", help="run the commands (default: only print them)")
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="NAME=PROFILE",
        help="AWS CLI profile with admin rights for an environment, an account id or `pipeline` (repeatable; "
        "default: $<NAME>_PROFILE, e.g. PROD_EU_PROFILE)",
    )
    return parser.parse_args(argv)


def _profiles(config: AppConfig, given: Sequence[str]) -> dict[str, str | None]:
    names = ["pipeline", *config.environments]
    found: dict[str, str | None] = {name: os.environ.get(f"{name.upper().replace('-', '_')}_PROFILE") for name in names}
    for item in given:
        name, separator, profile = item.partition("=")
        if not separator or not name or not profile:
            raise SystemExit(f"error: --profile takes NAME=PROFILE, got {item!r}")
        found[name] = profile
    return found


Runner = Callable[[Sequence[str]], int]


def _run(argv: Sequence[str]) -> int:
    return subprocess.run(argv, check=False).returncode


def main(argv: Sequence[str] | None = None, runner: Runner = _run) -> int:
    """Print the plan; with --apply, run it step by step and stop at the first failure."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    with reported():
        config = load_project_config()
    plan = bootstrap_plan(config, _profiles(config, args.profile))
    missing = [tool for tool in REQUIRED_TOOLS if args.apply and shutil.which(tool) is None]
    if missing:
        print(
            f"error: {', '.join(missing)} not found on PATH: install the AWS CLI v2 and Node.js first", file=sys.stderr
        )
        return 2
    for number, command in enumerate(plan, start=1):
        print(f"# {number}/{len(plan)} {command.purpose}\n$ {command}", flush=True)
        if args.apply and (code := runner(command.argv)) != 0:
            print(f"error: step {number} failed (exit {code}); fix the cause above and rerun", file=sys.stderr)
            print("(every step is safe to repeat: finished ones change nothing)", file=sys.stderr)
            return code
    if not args.apply:
        print("\nDry run: nothing was changed. Run `make bootstrap APPLY=1` (with <NAME>_PROFILE=...) to execute.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
