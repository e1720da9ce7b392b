"""What a rule is: an id, its messages, the resource types it reads and a check over the template view."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cdk_nag import NagRuleCompliance

from guardrails.template import ResourceView

Verdict = NagRuleCompliance | list[str]
"""A plain compliance, or the list of findings; cdk-nag reports each finding as `<rule id>[<finding>]`."""


@dataclass(frozen=True)
class Rule:
    """One guardrail. `rule_id` is the suffix after the pack name (`LP1` -> `LeastPrivilege-LP1`)."""

    rule_id: str
    info: str
    """Shown with every finding: what is wrong."""
    explanation: str
    """Why the rule exists (shown when the pack is verbose)."""
    resource_types: frozenset[str]
    check: Callable[[ResourceView], Verdict]


def findings_verdict(findings: Iterable[str]) -> Verdict:
    """Findings in first-seen order, each once, so finding ids stay stable between synths."""
    unique = list(dict.fromkeys(findings))
    return unique or NagRuleCompliance.COMPLIANT
