"""Small in-memory apps with the LeastPrivilege pack registered, and their synth report as data.

Each test module builds one App holding its compliant and non-compliant cases side by side, one case
per construct scope, and synthesizes it once; tests then assert on the finding ids under each scope.
The built-in CloudFormation validation is off here (it costs seconds per app); the real app keeps it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_iam as iam
from constructs import Construct

from guardrails import PACK_NAME, LeastPrivilegeChecks
from tests.tiers import component

DEV = Environment(account="222222222222", region="us-east-1")


@dataclass(frozen=True)
class NagReport:
    """The LeastPrivilege part of `validation-report.json`: (finding id, construct path) pairs."""

    violations: frozenset[tuple[str, str]]
    suppressed: tuple[dict[str, Any], ...]
    synth_error: str | None

    def findings_under(self, scope: str) -> set[str]:
        """Finding ids (`LeastPrivilege-LP1[Action::s3:*]`) reported on constructs at or below `scope`."""
        return {rule for rule, path in self.violations if path == scope or path.startswith(f"{scope}/")}

    def rule_findings_under(self, scope: str, rule_id: str) -> set[str]:
        """Only the findings of one rule, e.g. `rule_id="LP1"`."""
        prefix = f"{PACK_NAME}-{rule_id}"
        return {rule for rule in self.findings_under(scope) if rule == prefix or rule.startswith(f"{prefix}[")}


def _read_report(app: App, synth_error: str | None) -> NagReport:
    report = json.loads((Path(app.outdir) / "validation-report.json").read_text(encoding="utf-8"))
    # A plugin with nothing to report, not even an acknowledgement, is left out of the report.
    ours = [plugin for plugin in report["pluginReports"] if plugin["pluginName"] == PACK_NAME]
    violations = frozenset(
        (violation["ruleName"], construct["constructPath"])
        for plugin in ours
        for violation in plugin["violations"]
        for construct in violation["violatingConstructs"]
    )
    suppressed = tuple(entry for plugin in ours for entry in plugin.get("suppressedViolations", []))
    return NagReport(violations, suppressed, synth_error)


def synthesize(app: App) -> NagReport:
    """Synthesize in memory; a failed validation raises, and its report is still written to the assembly."""
    try:
        app.synth()
    except RuntimeError as error:
        if not str(error).startswith("ValidationFailed"):
            raise
        return _read_report(app, str(error))
    return _read_report(app, None)


def new_nag_app() -> App:
    """An App with only the LeastPrivilege pack as validation plugin.

    The app mode is set so a failed synth raises with the whole report in the message, however pytest
    was started (CDK otherwise guesses it from PYTEST_* variables of the jsii process).
    """
    app = App(context={"@aws-cdk/core:appMode": "inmemory"})
    Validations.of(app).add_plugins(LeastPrivilegeChecks(app))
    return app


@pytest.fixture(scope="module")
@component("a CDK App that each test module synthesizes")
def nag_app() -> App:
    """One App per test module, holding all of the module's cases."""
    return new_nag_app()


@pytest.fixture
@component("a CDK App that the test synthesizes")
def fresh_nag_app() -> App:
    """One App per test, for tests whose outcome depends on everything in the app."""
    return new_nag_app()


@pytest.fixture(scope="module")
def case_stack(nag_app: App) -> Callable[[str], Stack]:
    """One stack per case, in the dev account, so a case's findings sit under its stack name."""
    return lambda name: Stack(nag_app, name, env=DEV)


@pytest.fixture(scope="module")
def synth() -> Callable[[App], NagReport]:
    return synthesize


@pytest.fixture(scope="module")
def role_with() -> Callable[..., iam.Role]:
    """A role for `service` holding `statements` in its default policy."""

    def build(scope: Construct, *statements: iam.PolicyStatement, service: str = "states.amazonaws.com") -> iam.Role:
        role = iam.Role(scope, "Role", assumed_by=iam.ServicePrincipal(service))
        for statement in statements:
            role.add_to_policy(statement)
        return role

    return build


@pytest.fixture(scope="module")
def table_arn() -> Callable[[Stack], str]:
    """An ARN in the stack's own account and region (what `format_arn` renders in an env-specific stack)."""
    return lambda stack: stack.format_arn(service="dynamodb", resource="table", resource_name="items")
