"""WAF web ACL rules: a rule group reference takes OverrideAction, every other rule an Action.

WAFv2 rejects a web ACL otherwise ("A reference in your rule statement is not valid., field: RULE, parameter:
Statement"), and CloudFormation's schema allows both on every rule (AWS WAF Developer Guide, "Rule action" and
"Overriding rule group actions").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding

NAME = "waf-rules"
SOURCE = "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-group-override-options.html"
GROUP_STATEMENTS = frozenset({"ManagedRuleGroupStatement", "RuleGroupReferenceStatement"})


def _problems(rule: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    references_group = bool(GROUP_STATEMENTS & set(rule.get("Statement", {})))
    name = rule.get("Name", "?")
    if references_group and ("OverrideAction" not in rule or "Action" in rule):
        yield (
            f"rule {name} references a rule group: it takes OverrideAction and no Action",
            f"set OverrideAction ({SOURCE})",
        )
    if not references_group and ("Action" not in rule or "OverrideAction" in rule):
        yield f"rule {name} takes an Action and no OverrideAction", f"set Action ({SOURCE})"


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    findings, checked = [], 0
    for stack in stacks:
        for logical_id, resource in stack.resources.items():
            if resource.get("Type") not in ("AWS::WAFv2::WebACL", "AWS::WAFv2::RuleGroup"):
                continue
            for rule in resource["Properties"].get("Rules", []):
                checked += 1
                where = f"{stack.stack_name}/{logical_id}"
                findings += [Finding(NAME, where, problem, fix) for problem, fix in _problems(rule)]
    return CheckResult(NAME, tuple(sorted(findings)), checked=checked)
