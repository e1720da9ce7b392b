"""Bootstrap the three accounts for the pipeline: print every command, run them only with --apply.

    python -m tools.bootstrap                     # dry run: print the plan
    python -m tools.bootstrap --apply             # run it, stopping at the first failure
    python -m tools.bootstrap --apply --dev-profile dev-admin --prod-profile prod-admin --pipeline-profile tooling

The pipeline account is bootstrapped plainly. Dev and prod first get the project's CloudFormation execution policy
(bootstrap/cfn-execution-policy.json, deployed as a small stack so reruns update it in place), then are bootstrapped
trusting the pipeline account and deploying with that policy instead of AdministratorAccess, and finally get API
Gateway's account-level CloudWatch Logs role (bootstrap/apigateway-cloudwatch-role.json, retained), which the
service's access and execution logs are written with.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from stages.config import AppConfig, EnvironmentConfig
from tools.project_config import load_project_config

POLICY_TEMPLATE = Path("bootstrap/cfn-execution-policy.json")
LOGGING_ROLE_TEMPLATE = Path("bootstrap/apigateway-cloudwatch-role.json")
REQUIRED_TOOLS = ("aws", "npx")


@dataclass(frozen=True)
class Command:
    """One step of the plan: why it runs, and the exact argv."""

    purpose: str
    argv: tuple[str, ...]

    def __str__(self) -> str:
        return shlex.join(self.argv)


def execution_policy_name(project: str) -> str:
    """The customer-managed policy the target accounts' CloudFormation execution role gets."""
    return f"{project}-cfn-exec"


def execution_policy_arn(project: str, account: str) -> str:
    return f"arn:aws:iam::{account}:policy/{execution_policy_name(project)}"


def _profile(profile: str | None) -> tuple[str, ...]:
    return ("--profile", profile) if profile else ()


def _deploy_template(
    purpose: str, *, stack_name: str, template: Path, project: str, region: str, profile: str | None
) -> Command:
    return Command(
        purpose,
        (
            "aws", "cloudformation", "deploy",
            "--stack-name", stack_name,
            "--template-file", str(template),
            "--parameter-overrides", f"Project={project}",
            "--capabilities", "CAPABILITY_NAMED_IAM",
            "--no-fail-on-empty-changeset",
            "--region", region,
            *_profile(profile),
        ),
    )  # fmt: skip


def _target_commands(config: AppConfig, env: EnvironmentConfig, profile: str | None) -> list[Command]:
    pipeline = config.pipeline_account
    policy = _deploy_template(
        f"{env.name}: create or update the CloudFormation execution policy {execution_policy_name(config.project)}",
        stack_name=f"{execution_policy_name(config.project)}-policy",
        template=POLICY_TEMPLATE,
        project=config.project,
        region=env.region,
        profile=profile,
    )
    logging_role = _deploy_template(
        f"{env.name}: set API Gateway's CloudWatch Logs role for {env.account}/{env.region} (an account setting)",
        stack_name=f"{config.project}-apigateway-logs",
        template=LOGGING_ROLE_TEMPLATE,
        project=config.project,
        region=env.region,
        profile=profile,
    )
    bootstrap = Command(
        f"{env.name}: bootstrap {env.account}, trusting the pipeline account {pipeline}",
        (
            "npx", "cdk", "bootstrap", f"aws://{env.account}/{env.region}",
            "--trust", pipeline,
            "--trust-for-lookup", pipeline,
            "--cloudformation-execution-policies", execution_policy_arn(config.project, env.account),
            *_profile(profile),
        ),
    )  # fmt: skip
    return [policy, bootstrap, logging_role]


def bootstrap_plan(config: AppConfig, profiles: dict[str, str | None]) -> list[Command]:
    """Every command, in order: the pipeline account, then dev, then prod."""
    pipeline = Command(
        f"pipeline: bootstrap the tooling account {config.pipeline_account}",
        (
            "npx",
            "cdk",
            "bootstrap",
            f"aws://{config.pipeline_account}/{config.region}",
            *_profile(profiles.get("pipeline")),
        ),
    )
    return [
        pipeline,
        *_target_commands(config, config.dev, profiles.get("dev")),
        *_target_commands(config, config.prod, profiles.get("prod")),
    ]


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bootstrap", description=__doc__.splitlines()[0])
    parser.add_argument("--apply", action="store_true", help="run the commands (default: only print them)")
    for name in ("pipeline", "dev", "prod"):
        variable = f"{name.upper()}_PROFILE"
        parser.add_argument(
            f"--{name}-profile",
            default=os.environ.get(variable) or None,
            help=f"AWS CLI profile with admin rights in the {name} account (default: ${variable})",
        )
    return parser.parse_args(argv)


Runner = Callable[[Sequence[str]], int]


def _run(argv: Sequence[str]) -> int:
    return subprocess.run(argv, check=False).returncode


def main(argv: Sequence[str] | None = None, runner: Runner = _run) -> int:
    """Print the plan; with --apply, run it step by step and stop at the first failure."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    plan = bootstrap_plan(
        load_project_config(), {"pipeline": args.pipeline_profile, "dev": args.dev_profile, "prod": args.prod_profile}
    )
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
        print("\nDry run: nothing was changed. Run `make bootstrap APPLY=1` (with *_PROFILE=...) to execute.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
