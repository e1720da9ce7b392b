"""The permissions boundary holds every role of a service stack, and takes nothing from it that it needs.

The execution policy creates and changes roles only with the project's boundary (bootstrap/role-boundary.json),
so a role without it fails the deploy, and a role permission the boundary does not allow is silently lost at run
time. Both are caught here, per stack: every AWS::IAM::Role carries the boundary of its account and region, and
every action its policies allow on a resource is allowed by the boundary for that resource too. A role uses a key
through the services it calls (the encrypted topic it publishes to), so a KMS action is judged with kms:ViaService
set to each service the role's own policies call.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from cloudformation import as_list
from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding
from verify.names import StackNames
from verify.policy import Decision, Evaluation, Request, evaluate_request
from verify.roles import role_permissions

NAME = "boundary"
BOUNDARY_FILE = "bootstrap/role-boundary.json"


def _requests(statement: Mapping[str, Any]) -> Iterator[Request]:
    """Each action on each resource an Allow statement grants (its own conditions are the caller's business)."""
    if statement.get("Effect") != "Allow" or "NotAction" in statement or "NotResource" in statement:
        return
    for action in as_list(statement.get("Action")):
        for resource in as_list(statement.get("Resource")):
            yield Request(str(action), str(resource))


def _services_called(statements: Sequence[Mapping[str, Any]], region: str) -> tuple[str, ...]:
    prefixes = {str(action).split(":")[0] for statement in statements for action in as_list(statement.get("Action"))}
    return tuple(f"{prefix}.{region}.amazonaws.com" for prefix in sorted(prefixes - {"kms"}))


def _judge(boundary: Sequence[Mapping[str, Any]], request: Request, via: Sequence[str]) -> Evaluation:
    if not request.action.lower().startswith("kms:"):
        return evaluate_request(boundary, request)
    judged = [evaluate_request(boundary, replace(request, context={"kms:ViaService": (v,)})) for v in via]
    return next((e for e in judged if e.allowed), None) or evaluate_request(boundary, request)


def check_stack(stack: DeployedStack, boundary_arn: str, boundary: Sequence[Mapping[str, Any]]) -> CheckResult:
    names = StackNames(stack)
    findings: list[Finding] = []
    notes: list[str] = []
    roles = [logical_id for logical_id, d in stack.resources.items() if d["Type"] == "AWS::IAM::Role"]
    for role_id in roles:
        where = f"{stack.stack_name}/{role_id}"
        carried = names.resolve(names.properties(role_id).get("PermissionsBoundary"), role_id)
        if carried != boundary_arn:
            findings.append(
                Finding(NAME, where, f"the role's permissions boundary is {carried!r}, not {boundary_arn}",
                        "apply the project's boundary to the stack (stages/least_privilege.py: apply_role_boundary)")
            )  # fmt: skip
        permissions = role_permissions(names, role_id).permissions
        via = _services_called(permissions, stack.region)
        for statement in permissions:
            for request in _requests(statement):
                evaluation = _judge(boundary, request, via)
                if evaluation.decision is Decision.UNKNOWN:
                    keys = ", ".join(sorted(evaluation.unknown_keys))
                    notes.append(f"{where}: {request.action} on {request.resource} depends on {keys}")
                elif not evaluation.allowed:
                    findings.append(
                        Finding(NAME, where, f"{request.action} on {request.resource} is outside the boundary",
                                f"allow it in {BOUNDARY_FILE} (then `make bootstrap APPLY=1`), or drop the grant")
                    )  # fmt: skip
    return CheckResult(f"{NAME} {stack.label}", tuple(findings), tuple(notes), len(roles))
