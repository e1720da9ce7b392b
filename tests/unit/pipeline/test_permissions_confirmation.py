"""permissionsCheck = confirm: CDK's ConfirmPermissionsBroadening beside the prod approval, nag-clean, one step more."""

from __future__ import annotations

import json

import pytest

from pipeline.build import NODE_VERSION, cdk_cli_version
from tests.tiers import component
from tests.unit.conftest import SynthesizedApp, synthesize
from tests.unit.pipeline.approvals import PUT_APPROVAL, PipelinePolicies, allowed
from tests.unit.pipeline.layout import Stages, layout, pipeline_stages, sequential_steps
from verify.policy import Decision


@pytest.fixture(scope="module")
@component("synthesizes the app")
def confirmed(tmp_path_factory: pytest.TempPathFactory) -> SynthesizedApp:
    return synthesize(tmp_path_factory.mktemp("cdk.out.confirm"), permissionsCheck="confirm")


@pytest.fixture(scope="module")
def stages(confirmed: SynthesizedApp) -> Stages:
    return pipeline_stages(confirmed)


def test_the_broadening_check_runs_beside_the_approval_and_its_confirmation_follows(stages: Stages) -> None:
    assert layout(stages["Prod"]) == [
        (1, "Approve"),
        (1, "ConfirmPermissions.Check"),
        (1, "ProdDriftCheck"),
        (2, "ConfirmPermissions.Confirm"),
        (3, "items-api-prod.Deploy"),
        (4, "SmokeTests"),
        (4, "TerminationProtection"),
    ]


def test_dev_runs_the_integration_tests_and_the_prod_change_check_after_its_deploy(stages: Stages) -> None:
    assert layout(stages["Dev"]) == [(1, "items-api-dev.Deploy"), (2, "IntegrationTests"), (2, "ProdChangeCheck")]


def test_the_critical_path_grows_to_ten_steps(stages: Stages) -> None:
    assert sequential_steps(stages) == 10


def test_the_app_stays_free_of_unacknowledged_findings(confirmed: SynthesizedApp) -> None:
    report = json.loads((confirmed.outdir / "validation-report.json").read_text())

    assert [(plugin["pluginName"], plugin["violations"]) for plugin in report["pluginReports"]] == [
        ("AwsSolutions", []),
        ("LeastPrivilege", []),
    ]


def test_the_broadening_check_installs_the_pinned_cli_on_the_pinned_node(confirmed: SynthesizedApp) -> None:
    resources = confirmed.pipeline_template()["Resources"]
    (project,) = [r for r in resources.values() if r["Type"] == "AWS::CodeBuild::Project" and "aws-cdk" in json.dumps(
        r["Properties"]["Source"]) and "CODEBUILD_INITIATOR" in json.dumps(r["Properties"]["Source"])]  # fmt: skip
    parts = project["Properties"]["Source"]["BuildSpec"]["Fn::Join"][1]
    spec = json.loads("".join(part if isinstance(part, str) else "TOKEN" for part in parts))

    assert spec["phases"]["install"]["runtime-versions"] == {"nodejs": NODE_VERSION}
    assert spec["phases"]["build"]["commands"][0] == f"npm install -g aws-cdk@{cdk_cli_version()}"


def test_the_auto_approver_may_confirm_but_never_give_the_human_prod_approval(confirmed: SynthesizedApp) -> None:
    policies = PipelinePolicies(confirmed)
    confirm = f"{policies.pipeline_arn}/Prod/ConfirmPermissions.Confirm"

    approving_confirm = policies.roles_deciding(PUT_APPROVAL, confirm)
    approving_prod = policies.roles_deciding(PUT_APPROVAL, policies.approve_prod_arn)

    assert [role for role, decision in approving_confirm.items() if decision is Decision.ALLOWED] == [
        next(role for role in approving_confirm if "AutoApprove" in role)
    ]
    assert {role: decision for role, decision in approving_prod.items() if decision is Decision.ALLOWED} == {}
    assert allowed(policies.approvers(), PUT_APPROVAL, policies.approve_prod_arn)
    assert allowed(policies.approvers(), PUT_APPROVAL, confirm)
