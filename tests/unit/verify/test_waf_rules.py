"""WAF rules: rule group references take OverrideAction, other rules Action."""

from __future__ import annotations

from typing import Any

from tests.unit.verify.conftest import changed, logical_id_of
from verify.assembly import DeployedStack
from verify.checks.waf_rules import check_templates


def _rules(stack: DeployedStack) -> list[dict[str, Any]]:
    return stack.template["Resources"][logical_id_of(stack, "AWS::WAFv2::WebACL")]["Properties"]["Rules"]


def test_the_synthesized_web_acls_pass(dev: DeployedStack, prod: DeployedStack) -> None:
    result = check_templates([dev, prod])
    assert result.findings == ()
    assert result.checked == 2 * len(_rules(dev))


def test_a_managed_rule_group_with_an_action_instead_of_an_override_fails(dev: DeployedStack) -> None:
    acl = logical_id_of(dev, "AWS::WAFv2::WebACL")

    def swap(template: dict[str, Any]) -> None:
        rule = next(r for r in template["Resources"][acl]["Properties"]["Rules"] if "OverrideAction" in r)
        rule["Action"] = rule.pop("OverrideAction")

    [finding] = check_templates([changed(dev, swap)]).findings
    assert "references a rule group: it takes OverrideAction" in finding.problem


def test_a_rate_rule_without_an_action_fails(dev: DeployedStack) -> None:
    acl = logical_id_of(dev, "AWS::WAFv2::WebACL")

    def drop(template: dict[str, Any]) -> None:
        rule = next(
            r for r in template["Resources"][acl]["Properties"]["Rules"] if "RateBasedStatement" in r["Statement"]
        )
        rule.pop("Action")

    [finding] = check_templates([changed(dev, drop)]).findings
    assert "takes an Action" in finding.problem
