"""cfn-lint over every template: no error, no warning unless suppressed on its resource with a reason.

A suppression is cfn-lint's own resource metadata (`Metadata.cfn-lint.config.ignore_checks`); the reason
lives beside it (`ignore_reasons`, one per rule id), and a suppression without one is itself a finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cfnlint.api import ManualArgs, lint_by_config

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding

NAME = "cfn-lint"
# Informational rules that catch deploy defects: I3510 checks that an action's prefix fits its resource's ARN.
INFORMATIONAL_RULES = ("I3510",)


def _reasonless_suppressions(stack: DeployedStack) -> Iterable[Finding]:
    for logical_id, definition in stack.resources.items():
        settings: Mapping[str, Any] = (definition.get("Metadata") or {}).get("cfn-lint", {}).get("config", {})
        reasons = settings.get("ignore_reasons", {})
        for rule in settings.get("ignore_checks", ()):
            if not str(reasons.get(rule, "")).strip():
                yield Finding(
                    NAME,
                    f"{stack.template_path.name}/{logical_id}",
                    f"suppresses {rule} without a reason",
                    "say why in Metadata.cfn-lint.config.ignore_reasons (stages/cfn_lint.py: suppress)",
                )


def lint(stacks: Sequence[DeployedStack]) -> CheckResult:
    """Lint each template in its own region (cfn-lint checks region-specific resource support)."""
    by_region: dict[str, list[DeployedStack]] = {}
    for stack in stacks:
        by_region.setdefault(stack.region, []).append(stack)
    findings: list[Finding] = []
    for region, regional in by_region.items():
        matches = lint_by_config(
            ManualArgs(
                templates=[str(stack.template_path) for stack in regional],
                regions=[region],
                include_checks=list(INFORMATIONAL_RULES),
            )
        )
        for match in matches:
            if match.rule.severity == "informational" and match.rule.id not in INFORMATIONAL_RULES:
                continue
            path = "/".join(str(part) for part in (getattr(match, "path", None) or [])[:2])
            findings.append(
                Finding(
                    NAME,
                    f"{Path(match.filename).name}:{match.linenumber} {path}".strip(),
                    f"{match.rule.id} ({match.rule.severity}) {match.message}",
                    "fix the template, or suppress the rule on that resource with a reason (stages/cfn_lint.py)",
                )
            )
        for stack in regional:
            findings += _reasonless_suppressions(stack)
    return CheckResult(NAME, tuple(findings), (), len(stacks))
