"""cfn-lint over every template: warnings are findings unless suppressed on the resource with a reason."""

from __future__ import annotations

from verify.checks.lint import lint
from verify.cli import _bootstrap_templates

ROLE = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}}


def _topic(metadata: dict | None = None) -> dict:
    # W3005: DependsOn repeats the dependency the Ref already gives.
    topic = {
        "Type": "AWS::SNS::Topic",
        "DependsOn": ["Role"],
        "Properties": {"DisplayName": {"Fn::GetAtt": ["Role", "Arn"]}},
    }
    return topic | ({"Metadata": metadata} if metadata else {})


def test_every_template_of_the_app_and_of_bootstrap_lints_clean(stacks, synthesized) -> None:
    assert lint([*stacks.values(), *_bootstrap_templates(synthesized.config)]).findings == ()


def test_a_warning_is_a_finding_with_its_rule_and_place(stack_of) -> None:
    (finding,) = lint([stack_of({"Role": ROLE, "Topic": _topic()})]).findings

    assert finding.problem.startswith("W3005 (warning)")
    assert "Resources/Topic" in finding.where


def test_a_suppression_with_a_reason_silences_the_rule(stack_of) -> None:
    metadata = {"cfn-lint": {"config": {"ignore_checks": ["W3005"], "ignore_reasons": {"W3005": "why"}}}}

    assert lint([stack_of({"Role": ROLE, "Topic": _topic(metadata)})]).findings == ()


def test_a_suppression_without_a_reason_is_a_finding(stack_of) -> None:
    metadata = {"cfn-lint": {"config": {"ignore_checks": ["W3005"]}}}

    (finding,) = lint([stack_of({"Role": ROLE, "Topic": _topic(metadata)})]).findings

    assert finding.problem == "suppresses W3005 without a reason"
