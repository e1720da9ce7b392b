"""Values CloudFormation passes through to a service API, against that API's own constraints in botocore's model.

CloudFormation's schema types some properties as free-form objects whose values the service still validates: a
CodePipeline action's Configuration is a map of ActionConfigurationKey (1..50 characters) to ActionConfigurationValue
(1..1,000), and CreatePipeline/UpdatePipeline refuse the pipeline otherwise (an approval's CustomData or a build
step's EnvironmentVariables grow with the waves). So is a stage condition (Condition: its rules, each Commands
rule's commands of at most 1,000 characters, every other string, list and number of a RuleDeclaration). The bounds
are read from the pinned botocore's service model, not written here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, Shape, StructureShape

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


def _cfn_key(member: str) -> str:
    """CloudFormation spells an API member in PascalCase (RuleDeclaration.ruleTypeId is RuleTypeId)."""
    return member[:1].upper() + member[1:]


@dataclass(frozen=True)
class _ShapeWalk:
    """A template fragment of one resource against botocore's shapes: every string's length, every list's and map's
    size, every integer's range, down through structures, lists and maps (patterns are left to the service)."""

    names: StackNames
    logical_id: str
    where: str

    def _bound(self, what: str, measured: str, shape: Shape, low: int, high: int) -> Finding:
        return Finding(NAME, self.where, f"{what} {measured}; codepipeline's {shape.name} takes {low} to {high:,}",
                       f"botocore {botocore.__version__} service model")  # fmt: skip

    def findings(self, what: str, value: Any, shape: Shape) -> list[Finding]:
        value = self.names.resolve(value, self.logical_id)
        low, high = int(shape.metadata.get("min", 0)), int(shape.metadata.get("max", 2**31))
        found: list[Finding] = []
        if isinstance(shape, StructureShape) and isinstance(value, dict):
            for member, member_shape in shape.members.items():
                if _cfn_key(member) in value:
                    found += self.findings(f"{what}.{_cfn_key(member)}", value[_cfn_key(member)], member_shape)
        elif isinstance(shape, ListShape) and isinstance(value, list):
            if not low <= len(value) <= high:
                found.append(self._bound(what, f"has {len(value)} items", shape, low, high))
            for index, item in enumerate(value):
                found += self.findings(f"{what}[{index}]", item, shape.member)
        elif isinstance(shape, MapShape) and isinstance(value, dict):
            if not low <= len(value) <= high:
                found.append(self._bound(what, f"has {len(value)} entries", shape, low, high))
            for key, item in value.items():
                found += self.findings(f"{what} key {key}", key, shape.key)
                found += self.findings(f"{what}.{key}", item, shape.value)
        elif shape.type_name == "string" and isinstance(value, str) and not low <= len(value) <= high:
            found.append(self._bound(what, f"is {len(value):,} characters", shape, low, high))
        elif shape.type_name == "integer" and isinstance(value, int) and not low <= value <= high:
            found.append(self._bound(what, f"is {value}", shape, low, high))
        return found


def _condition_findings(
    names: StackNames, logical_id: str, where: str, stage: Mapping[str, Any]
) -> tuple[list[Finding], int]:
    """A stage's Conditions (ConditionList) and each condition, its rules and their commands included, in the
    model's bounds (a Commands rule's command takes at most 1,000 characters). Returns the findings and the number
    of conditions checked."""
    model = botocore.session.get_session().get_service_model("codepipeline")
    found, checked = [], 0
    for when in ("BeforeEntry", "OnSuccess", "OnFailure"):
        conditions = (stage.get(when) or {}).get("Conditions")
        if conditions is None:
            continue
        found += _ShapeWalk(names, logical_id, where).findings(
            f"{when}.Conditions", conditions, model.shape_for("ConditionList")
        )
        checked += len(conditions)
    return found, checked


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    findings: list[Finding] = []
    checked = 0
    for stack in stacks:
        names = StackNames(stack)
        for logical_id, resource in stack.resources.items():
            if resource.get("Type") != "AWS::CodePipeline::Pipeline":
                continue
            for stage in resource["Properties"].get("Stages", []):
                where = f"{stack.stack_name}/{logical_id} {stage['Name']}"
                condition_findings, conditions = _condition_findings(names, logical_id, where, stage)
                findings += condition_findings
                checked += conditions
                for action in stage.get("Actions", []):
                    configuration = action.get("Configuration") or {}
                    checked += len(configuration)
                    where = f"{stack.stack_name}/{logical_id} {stage['Name']}.{action['Name']}"
                    findings += _configuration_findings(names, logical_id, where, configuration)
    return CheckResult(NAME, tuple(sorted(findings)), checked=checked)
