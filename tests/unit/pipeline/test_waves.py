"""Environments as configuration: examples/three-waves.json (dev; staging; approval, then prod in two regions)
synthesizes a pipeline whose critical path grows by waves, with each environment's tests and the approval's checks
scoped to exactly the environments they are about."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.conftest import EXAMPLE_WAVES, SynthesizedApp, synthesize
from tests.unit.pipeline.layout import Stages, layout, pipeline_stages, sequential_steps

Resources = dict[str, dict[str, Any]]
EXAMPLE_SEQUENTIAL_STEPS = 11  # source, build, self-mutation, assets; dev 2; staging 2; prod 3


@pytest.fixture(scope="module")
def resources(three_waves: SynthesizedApp) -> Resources:
    return three_waves.pipeline_template()["Resources"]


@pytest.fixture(scope="module")
def stages(three_waves: SynthesizedApp) -> Stages:
    return pipeline_stages(three_waves)


def _example() -> list[dict[str, Any]]:
    return json.loads(EXAMPLE_WAVES.read_text())


def _action(stages: Stages, stage: str, name: str) -> dict[str, Any]:
    return next(action for action in stages[stage] if action["Name"] == name)


def _project(resources: Resources, action: dict[str, Any]) -> dict[str, Any]:
    return resources[action["Configuration"]["ProjectName"]["Ref"]]["Properties"]


def _commands(resources: Resources, action: dict[str, Any]) -> list[str]:
    return json.loads(_project(resources, action)["Source"]["BuildSpec"])["phases"]["build"]["commands"]


def _role_policy(resources: Resources, action: dict[str, Any]) -> list[dict[str, Any]]:
    role = _project(resources, action)["ServiceRole"]["Fn::GetAtt"][0]
    return [
        statement
        for resource in resources.values()
        if resource["Type"] == "AWS::IAM::Policy" and {"Ref": role} in resource["Properties"]["Roles"]
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]


def _assumable(resources: Resources, action: dict[str, Any]) -> list[str]:
    found = []
    for statement in _role_policy(resources, action):
        if statement["Action"] == "sts:AssumeRole":
            targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            found += [json.dumps(target) for target in targets]
    return found


def test_one_pipeline_stage_per_wave_in_order(stages: Stages) -> None:
    assert list(stages) == ["Source", "Build", "UpdatePipeline", "Assets", "Dev", "Staging", "Prod"]


def test_the_critical_path_grows_by_waves_not_by_environments(stages: Stages) -> None:
    steps = sequential_steps(stages)

    assert steps == EXAMPLE_SEQUENTIAL_STEPS


def test_the_environments_of_a_wave_deploy_side_by_side_after_its_approval(stages: Stages) -> None:
    assert layout(stages["Prod"]) == [
        (1, "Approve"),
        (1, "ProdDriftCheck"),  # both prod environments, beside the approval (pipeline/drift.py)
        (2, "Prod.items-api-prod.Deploy"),
        (2, "ProdEu.items-api-prod-eu.Deploy"),
        (3, "Prod.SmokeTests"),
        (3, "Prod.TerminationProtection"),
        (3, "ProdEu.SmokeTests"),
        (3, "ProdEu.TerminationProtection"),
    ]


def test_each_environment_deploys_into_its_own_account_and_region(stages: Stages, three_waves: SynthesizedApp) -> None:
    prod_eu = _action(stages, "Prod", "ProdEu.items-api-prod-eu.Deploy")
    env = three_waves.config.environments["prod-eu"]

    assert prod_eu["Region"] == env.region == "eu-west-1"
    assert f"::{env.account}:role/cdk-hnb659fds-deploy-role-{env.account}-{env.region}" in json.dumps(
        prod_eu["RoleArn"]
    )


def test_pre_production_waves_run_the_suite_and_the_load_test_and_guard_the_approval_beside_them(
    stages: Stages, resources: Resources
) -> None:
    assert layout(stages["Dev"]) == [(1, "items-api-dev.Deploy"), (2, "IntegrationTests")]
    assert layout(stages["Staging"]) == [
        (1, "items-api-staging.Deploy"),
        (2, "IntegrationTests"),
        (2, "ProdChangeCheck"),
        (2, "ProdPermissionsCheck"),
    ]
    suite, load = _commands(resources, _action(stages, "Staging", "IntegrationTests"))
    assert "pytest tests/integration" in suite and "--junitxml=reports/staging-integration-tests.xml" in suite
    assert "reliability.load_gate" in load


def test_production_environments_run_the_smoke_tests_into_their_own_report_groups(
    stages: Stages, resources: Resources
) -> None:
    for name, environment in (("Prod.SmokeTests", "prod"), ("ProdEu.SmokeTests", "prod-eu")):
        (command,) = _commands(resources, _action(stages, "Prod", name))
        assert command.endswith(f"-m smoke --junitxml=reports/{environment}-smoke-tests.xml")


TEST_STEPS = {
    "dev": ("Dev", "IntegrationTests"),
    "staging": ("Staging", "IntegrationTests"),
    "prod": ("Prod", "Prod.SmokeTests"),
    "prod-eu": ("Prod", "ProdEu.SmokeTests"),
}


@pytest.mark.parametrize("environment", list(TEST_STEPS))
def test_each_environments_tests_run_as_a_role_that_may_assume_only_that_environments_api_test_role(
    stages: Stages, resources: Resources, three_waves: SynthesizedApp, environment: str
) -> None:
    env = three_waves.config.environments[environment]

    assert _assumable(resources, _action(stages, *TEST_STEPS[environment])) == [
        json.dumps(f"arn:aws:iam::{env.account}:role/items-api-{environment}-api-test")
    ]


def test_the_approvals_checks_cover_every_environment_of_the_wave_it_guards(
    stages: Stages, resources: Resources, three_waves: SynthesizedApp
) -> None:
    changes = _action(stages, "Staging", "ProdChangeCheck")
    diff = _action(stages, "Staging", "ProdPermissionsCheck")
    commands = " ".join(_commands(resources, changes))
    lookups = {
        json.dumps(f"arn:aws:iam::{env.account}:role/stack-reader-items-api-{env.region}")
        for env in (three_waves.config.environments[name] for name in ("prod", "prod-eu"))
    }

    assert "--stack-name items-api-prod --region us-east-1" in commands
    assert "--stack-name items-api-prod-eu --region eu-west-1" in commands
    assert "'DeliveryPipeline/Prod/*' 'DeliveryPipeline/ProdEu/*'" in " ".join(_commands(resources, diff))
    assert set(_assumable(resources, changes)) == set(_assumable(resources, diff)) == lookups


def test_the_approval_names_the_environment_it_was_tested_on_and_both_verdicts(stages: Stages) -> None:
    comment = _action(stages, "Prod", "Approve")["Configuration"]["CustomData"]

    assert "passed the integration tests on #{DeliveryPipelineStagingService" in comment
    assert "#{Staging@ProdChangeCheck.DESTRUCTIVE}" in comment
    assert "#{Staging@ProdPermissionsCheck.PERMISSIONS}" in comment


def test_the_example_is_free_of_unacknowledged_findings(three_waves: SynthesizedApp) -> None:
    report = json.loads((three_waves.outdir / "validation-report.json").read_text())

    assert [violation["ruleName"] for plugin in report["pluginReports"] for violation in plugin["violations"]] == []


@pytest.mark.component  # synthesizes
def test_with_cdks_own_gate_each_guarded_environment_gets_its_check_and_confirm_beside_the_approval(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    app = synthesize(tmp_path_factory.mktemp("cdk.out.confirm"), waves=_example(), permissionsCheck="confirm")
    stages = pipeline_stages(app)

    assert layout(stages["Prod"])[:6] == [
        (1, "Approve"),
        (1, "ConfirmPermissionsProd.Check"),
        (1, "ConfirmPermissionsProdEu.Check"),
        (1, "ProdDriftCheck"),
        (2, "ConfirmPermissionsProd.Confirm"),
        (2, "ConfirmPermissionsProdEu.Confirm"),
    ]
    assert layout(stages["Staging"]) == [
        (1, "items-api-staging.Deploy"),
        (2, "IntegrationTests"),
        (2, "ProdChangeCheck"),
    ]
    assert sequential_steps(stages) == EXAMPLE_SEQUENTIAL_STEPS + 1


@pytest.mark.component  # synthesizes
def test_an_approval_before_the_first_wave_waits_for_its_checks(tmp_path_factory: pytest.TempPathFactory) -> None:
    only_prod = [_example()[2] | {"environments": _example()[2]["environments"][:1]}]
    app = synthesize(tmp_path_factory.mktemp("cdk.out.prod-only"), waves=only_prod)
    stages = pipeline_stages(app)

    assert layout(stages["Prod"]) == [
        (1, "ProdChangeCheck"),
        (1, "ProdDriftCheck"),
        (1, "ProdPermissionsCheck"),
        (2, "Approve"),
        (3, "items-api-prod.Deploy"),
        (4, "SmokeTests"),
        (4, "TerminationProtection"),
    ]
    assert _action(stages, "Prod", "Approve")["Configuration"]["CustomData"].startswith("Commit #{Source@")
