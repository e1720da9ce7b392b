"""LP7: point-in-time recovery everywhere; deletion protection and Retain in prod."""

from __future__ import annotations

import pytest
from aws_cdk import App, RemovalPolicy, Stack, Tags, Validations
from aws_cdk import aws_dynamodb as dynamodb

from guardrails import LeastPrivilegeChecks
from tests.unit.guardrails.conftest import DEV

LP7 = "LeastPrivilege-LP7"
KEY = dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING)
RECOVERY = dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)


def _table(scope, environment: str | None, *, recovery: bool, protected: bool) -> dynamodb.Table:
    table = dynamodb.Table(
        scope,
        "Table",
        partition_key=KEY,
        point_in_time_recovery_specification=RECOVERY if recovery else None,
        deletion_protection=protected,
        removal_policy=RemovalPolicy.RETAIN if protected else RemovalPolicy.DESTROY,
    )
    if environment:
        Tags.of(table).add("Environment", environment)
    return table


@pytest.fixture(scope="module")
def report(nag_app, case_stack, synth):
    _table(case_stack("DevRecoverable"), "dev", recovery=True, protected=False)
    _table(case_stack("DevWithoutRecovery"), "dev", recovery=False, protected=False)
    _table(case_stack("ProdProtected"), "prod", recovery=True, protected=True)
    _table(case_stack("ProdUnprotected"), "prod", recovery=True, protected=False)
    _table(case_stack("Untagged"), None, recovery=True, protected=False)
    table = dynamodb.TableV2(case_stack("GlobalDevWithoutRecovery"), "Table", partition_key=KEY)
    Tags.of(table).add("Environment", "dev")
    return synth(nag_app)


def test_dev_table_with_point_in_time_recovery_passes(report):
    assert report.rule_findings_under("DevRecoverable", "LP7") == set()


def test_table_without_point_in_time_recovery_is_reported(report):
    assert report.rule_findings_under("DevWithoutRecovery", "LP7") == {f"{LP7}[PointInTimeRecovery]"}


def test_protected_and_retained_prod_table_passes(report):
    assert report.rule_findings_under("ProdProtected", "LP7") == set()


def test_prod_table_without_protection_or_retain_is_reported(report):
    assert report.rule_findings_under("ProdUnprotected", "LP7") == {
        f"{LP7}[DeletionProtection]",
        f"{LP7}[DeletionPolicy]",
        f"{LP7}[UpdateReplacePolicy]",
    }


def test_table_without_environment_tag_is_held_to_prod_rules(report):
    assert f"{LP7}[DeletionProtection]" in report.rule_findings_under("Untagged", "LP7")


def test_table_v2_replicas_are_checked(report):
    assert report.rule_findings_under("GlobalDevWithoutRecovery", "LP7") == {f"{LP7}[PointInTimeRecovery]"}


@pytest.mark.component  # synthesizes
def test_the_app_names_its_production_environments(synth):
    """An app with more production environments than `prod` (its approved waves) holds each to prod's rules."""
    app = App(context={"@aws-cdk/core:appMode": "inmemory"})
    Validations.of(app).add_plugins(LeastPrivilegeChecks(app, production_environments=["prod", "prod-eu"]))
    _table(Stack(app, "ProdEuUnprotected", env=DEV), "prod-eu", recovery=True, protected=False)
    _table(Stack(app, "StagingUnprotected", env=DEV), "staging", recovery=True, protected=False)

    report = synth(app)

    assert f"{LP7}[DeletionProtection]" in report.rule_findings_under("ProdEuUnprotected", "LP7")
    assert report.rule_findings_under("StagingUnprotected", "LP7") == set()
