"""Values CloudFormation passes through to a service API, against that API's own constraints in botocore's model.

CloudFormation's schema types some properties as free-form objects whose values the service still validates: a
CodePipeline action's Configuration is a map of ActionConfigurationKey (1..50 characters) to ActionConfigurationValue
(1..1,000), and CreatePipeline/UpdatePipeline refuse the pipeline otherwise (an approval's CustomData or a build
step's EnvironmentVariables grow with the waves). The bounds are read from the pinned botocore's service model, not
written here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import botocore.session

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding
from verify.names import StackNames

NAME = "api-parameter-constraints"


@cache
def bounds(service: str, shape: str) -> tuple[int, int]:
    """(min, max) length of a string shape in botocore's model of the service."""
    metadata: dict[str, Any] = botocore.session.get_session().get_service_model(service).shape_for(shape).metadata
    return int(metadata.get("min", 0)), int(metadata.get("max", 2**31))


def _length_finding(where: str, what: str, text: str, service: str, shape: str) -> Finding | None:
    low, high = bounds(service, shape)
    if low <= len(text) <= high:
        return None
    return Finding(NAME, where, f"{what} is {len(text):,} characters; {service}'s {shape} takes {low} to {high:,}",
                   f"shorten it (botocore {botocore.__version__} service model)")  # fmt: skip


def _configuration_findings(
    names: StackNames, logical_id: str, where: str, configuration: Mapping[str, Any]
) -> list[Finding]:
    found = []
    for key, value in configuration.items():
        resolved = names.resolve(value, logical_id)
        text = resolved if isinstance(resolved, str) else json.dumps(resolved)
        for what, measured, shape in (
            (f"configuration key {key}", key, "ActionConfigurationKey"),
            (f"configuration {key}", text, "ActionConfigurationValue"),
        ):
            finding = _length_finding(where, what, measured, "codepipeline", shape)
            if finding is not None:
                found.append(finding)
    return found


def _condition_findings(where: str, stage: Mapping[str, Any]) -> list[Finding]:
    """A stage's Conditions (ConditionList) and each condition's Rules (RuleDeclarationList), in the model's bounds."""
    found = []
    for when in ("BeforeEntry", "OnSuccess", "OnFailure"):
        conditions = (stage.get(when) or {}).get("Conditions")
        if conditions is None:
            continue
        lists = [(f"{when}.Conditions", conditions, "ConditionList")]
        lists += [(f"{when}.Conditions[{i}].Rules", c.get("Rules", []), "RuleDeclarationList")
                  for i, c in enumerate(conditions)]  # fmt: skip
        for what, items, shape in lists:
            low, high = bounds("codepipeline", shape)
            if not low <= len(items) <= high:
                found.append(Finding(NAME, where, f"{what} has {len(items)} items; codepipeline's {shape} takes "
                                     f"{low} to {high}", f"botocore {botocore.__version__} service model"))  # fmt: skip
    return found


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    findings: list[Finding] = []
    checked = 0
    for stack in stacks:
        names = StackNames(stack)
        for logical_id, resource in stack.resources.items():
            if resource.get("Type") != "AWS::CodePipeline::Pipeline":
                continue
            for stage in resource["Properties"].get("Stages", []):
                findings += _condition_findings(f"{stack.stack_name}/{logical_id} {stage['Name']}", stage)
                for action in stage.get("Actions", []):
                    configuration = action.get("Configuration") or {}
                    checked += len(configuration)
                    where = f"{stack.stack_name}/{logical_id} {stage['Name']}.{action['Name']}"
                    findings += _configuration_findings(names, logical_id, where, configuration)
    return CheckResult(NAME, tuple(sorted(findings)), checked=checked)
