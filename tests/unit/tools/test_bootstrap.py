"""The bootstrap plan: what each account is bootstrapped with, in which order, and that a dry run changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configuration import load_config, load_project_config, project_context
from tests.unit.conftest import EXAMPLE_WAVES
from tools.bootstrap import Command, bootstrap_plan, execution_policy_arns, main


@pytest.fixture(scope="module")
def config():
    return load_project_config()


def _plan(config, **profiles: str) -> list[Command]:
    return bootstrap_plan(config, profiles)


def _bootstraps(plan: list[Command]) -> dict[str, tuple[str, ...]]:
    """The `cdk bootstrap` argv of each account, keyed by the account id."""
    return {
        command.argv[3].split("/")[2]: command.argv
        for command in plan
        if command.argv[:3] == ("npx", "cdk", "bootstrap")
    }


def _option(argv: tuple[str, ...], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def test_pipeline_account_is_bootstrapped_first_and_trusts_no_one(config) -> None:
    plan = _plan(config)

    assert plan[0].argv == ("npx", "cdk", "bootstrap", f"aws://{config.pipeline_account}/{config.region}")


def test_target_accounts_trust_the_pipeline_account_for_deploys_and_lookups(config) -> None:
    bootstraps = _bootstraps(_plan(config))

    for env in (config.environments["dev"], config.environments["prod"]):
        argv = bootstraps[env.account]
        assert (_option(argv, "--trust"), _option(argv, "--trust-for-lookup")) == (
            config.pipeline_account,
            config.pipeline_account,
        )


def test_target_accounts_deploy_with_the_project_policy_instead_of_administrator_access(config) -> None:
    bootstraps = _bootstraps(_plan(config))

    for env in (config.environments["dev"], config.environments["prod"]):
        policies = _option(bootstraps[env.account], "--cloudformation-execution-policies")
        assert policies.split(",") == [
            f"arn:aws:iam::{env.account}:policy/{config.project}-cfn-exec{part}-{env.region}"
            for part in ("", "-api", "-ops")
        ]
        assert policies == execution_policy_arns(config.project, env.account, env.region)


def test_the_policies_bootstrap_passes_are_the_ones_the_template_creates(config) -> None:
    template = json.loads(Path("bootstrap/cfn-execution-policy.json").read_text())
    names = [
        resource["Properties"]["ManagedPolicyName"]["Fn::Sub"].replace("${Project}", config.project)
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::IAM::ManagedPolicy"
    ]
    env = config.environments["prod"]

    arns = execution_policy_arns(config.project, env.account, env.region).split(",")

    assert [arn.rsplit("/", 1)[1] for arn in arns] == [name.replace("${AWS::Region}", env.region) for name in names]


def test_each_target_policy_is_deployed_before_its_account_is_bootstrapped(config) -> None:
    plan = [str(command) for command in _plan(config)]

    for env in (config.environments["dev"], config.environments["prod"]):
        bootstrap = next(i for i, line in enumerate(plan) if f"aws://{env.account}/" in line)
        assert "aws cloudformation deploy" in plan[bootstrap - 1]
        assert "--template-file bootstrap/cfn-execution-policy.json" in plan[bootstrap - 1]


def test_each_target_account_gets_api_gateways_logging_role_with_its_own_profile(config) -> None:
    plan = _plan(config, pipeline="tooling", dev="dev-admin", prod="prod-admin")

    deploys = [command.argv for command in plan if "bootstrap/apigateway-cloudwatch-role.json" in command.argv]

    assert [(_option(argv, "--profile"), _option(argv, "--region")) for argv in deploys] == [
        ("dev-admin", config.environments["dev"].region),
        ("prod-admin", config.environments["prod"].region),
    ]
    assert {_option(argv, "--stack-name") for argv in deploys} == {f"{config.project}-apigateway-logs"}


def test_each_target_gets_the_role_boundary_before_the_execution_policy_that_requires_it(config) -> None:
    plan = [command.argv for command in _plan(config)]
    templates = [_option(argv, "--template-file") for argv in plan]

    for env in (config.environments["dev"], config.environments["prod"]):
        mine = [t for argv, t in zip(plan, templates, strict=True) if t and _option(argv, "--region") == env.region]
        assert mine.index("bootstrap/role-boundary.json") < mine.index("bootstrap/cfn-execution-policy.json")


def test_each_target_gets_a_stack_reader_role_trusting_the_pipeline_account(config) -> None:
    deploys = [command.argv for command in _plan(config) if "bootstrap/stack-reader-role.json" in command.argv]

    assert len(deploys) == len({(env.account, env.region) for env in config.environments.values()})
    for argv in deploys:
        overrides = argv[argv.index("--parameter-overrides") + 1 : argv.index("--capabilities")]
        assert overrides == (f"Project={config.project}", f"PipelineAccount={config.pipeline_account}")


def test_each_target_gets_a_drift_reader_role_trusting_the_pipeline_account(config) -> None:
    deploys = [command.argv for command in _plan(config) if "bootstrap/drift-reader-role.json" in command.argv]

    assert len(deploys) == len({(env.account, env.region) for env in config.environments.values()})
    for argv in deploys:
        overrides = argv[argv.index("--parameter-overrides") + 1 : argv.index("--capabilities")]
        assert overrides == (f"Project={config.project}", f"PipelineAccount={config.pipeline_account}")
        assert _option(argv, "--stack-name") == f"{config.project}-drift-reader"


def test_each_account_uses_its_own_profile(config) -> None:
    plan = _plan(config, pipeline="tooling", dev="dev-admin", prod="prod-admin")
    bootstraps = _bootstraps(plan)

    assert [
        _option(bootstraps[account], "--profile")
        for account in (
            config.pipeline_account,
            config.environments["dev"].account,
            config.environments["prod"].account,
        )
    ] == [
        "tooling",
        "dev-admin",
        "prod-admin",
    ]


def test_dry_run_prints_every_command_and_runs_none(config, capsys) -> None:
    ran: list[tuple[str, ...]] = []

    code = main([], runner=lambda argv: ran.append(tuple(argv)) or 0)

    printed = capsys.readouterr().out
    assert (code, ran) == (0, [])
    assert all(f"$ {command}" in printed for command in _plan(config))


def test_apply_stops_at_the_first_failing_command(config, capsys, monkeypatch) -> None:
    monkeypatch.setattr("tools.bootstrap.shutil.which", lambda tool: f"/usr/bin/{tool}")
    ran: list[tuple[str, ...]] = []

    def fail_second(argv) -> int:
        ran.append(tuple(argv))
        return 1 if len(ran) == 2 else 0

    code = main(["--apply"], runner=fail_second)

    assert (code, len(ran)) == (1, 2)
    assert "step 2 failed" in capsys.readouterr().err


@pytest.fixture(scope="module")
def example():
    return load_config(project_context() | {"waves": json.loads(EXAMPLE_WAVES.read_text())})


def test_every_account_and_region_of_the_waves_is_bootstrapped_once_in_deployment_order(example) -> None:
    plan = _plan(example)
    bootstraps = [command.argv[3] for command in plan if command.argv[:3] == ("npx", "cdk", "bootstrap")]

    assert bootstraps == [
        "aws://111111111111/us-east-1",
        "aws://111111111111/eu-west-1",  # the pipeline's artifact store for prod-eu
        "aws://222222222222/us-east-1",
        "aws://444444444444/us-east-1",
        "aws://333333333333/us-east-1",
        "aws://333333333333/eu-west-1",
    ]


def test_each_region_of_an_account_gets_its_own_execution_policy(example) -> None:
    policies = [
        _option(command.argv, "--cloudformation-execution-policies").split(",")[0]
        for command in _plan(example)
        if "aws://333333333333/" in " ".join(command.argv)
    ]

    assert policies == [
        "arn:aws:iam::333333333333:policy/items-api-cfn-exec-us-east-1",
        "arn:aws:iam::333333333333:policy/items-api-cfn-exec-eu-west-1",
    ]


def test_environments_that_share_an_account_share_its_profile(example) -> None:
    plan = _plan(example, pipeline="tooling", prod="prod-admin", staging="staging-admin")
    profiles = {command.argv[3]: _option(command.argv, "--profile") for command in plan if "bootstrap" in command.argv}

    assert profiles["aws://333333333333/eu-west-1"] == "prod-admin"
    assert profiles["aws://444444444444/us-east-1"] == "staging-admin"
    assert profiles["aws://111111111111/eu-west-1"] == "tooling"
    assert profiles["aws://222222222222/us-east-1"] is None
