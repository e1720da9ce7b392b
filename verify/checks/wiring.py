"""Wiring: what the services do after deploy is allowed by the policies the templates set.

- Every publisher (alarm actions, notification rules) may publish to its topic: the topic policy admits the
  publishing service for this account only (aws:SourceAccount / aws:SourceArn), and the topic's KMS key lets it
  encrypt. CodeDeploy triggers publish with the deployment group's role: that role may publish and use the key.
- Every log group a service writes to is writable by the principal that writes it: a function's role for its
  logs; API Gateway's account-level CloudWatch role (set by `make bootstrap`) for access and execution logs; log
  delivery, through a resource policy scoped to this account, for WAF's logs.
- Every canary's role may do what the Synthetics runtime does with it (verify/checks/canaries.py).
- Every resource that hands a role to a service depends on that role's policies, so the service never sees the
  role before its permissions exist; an alias whose update starts a CodeDeploy deployment waits for the deployment
  group's and the hooks' policies (a release adding an alarm or a hook would otherwise run with the old policy).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cloudformation import as_list, referenced_ids
from verify.assembly import DeployedStack
from verify.bootstrap import LoggingRole
from verify.checks import log_writers, publishers
from verify.checks.canaries import canary_findings
from verify.checks.wiring_common import NAME
from verify.findings import CheckResult, Finding
from verify.names import StackNames
from verify.roles import policies_of

IAM_TYPES = frozenset({"AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"})
POLICY_PROPERTIES = frozenset({"AssumeRolePolicyDocument", "PolicyDocument", "Policies", "KeyPolicy", "Tags"})
PROJECT = "AWS::CodeBuild::Project"
DEPLOYMENT_ACTORS = frozenset({"AWS::CodeDeploy::DeploymentGroup", "AWS::Lambda::Function"})


def _depends_on(definition: Mapping[str, Any]) -> set[str]:
    """What CloudFormation orders a resource after: its DependsOn and the references in its properties (a
    reference in an UpdatePolicy, such as an alias's CodeDeploy hooks, is not documented to order anything)."""
    return set(as_list(definition.get("DependsOn"))) | set(referenced_ids(definition.get("Properties", {})))


def _reachable(names: StackNames, start: str) -> set[str]:
    seen: set[str] = set()
    pending = list(_depends_on(names.resources[start]))
    while pending:
        current = pending.pop()
        if current in seen or current not in names.resources:
            continue
        seen.add(current)
        pending.extend(_depends_on(names.resources[current]))
    return seen


def _deployment_roles(names: StackNames, logical_id: str) -> set[str]:
    """For an alias whose update is a CodeDeploy deployment: the deployment group's role (CodeDeploy reads the
    alarms and invokes the hooks with it) and the hooks' own roles (they report back to CodeDeploy)."""
    deployment = names.resources[logical_id].get("UpdatePolicy", {}).get("CodeDeployLambdaAliasUpdate")
    roles: set[str] = set()
    for acting in referenced_ids(deployment or {}):
        if names.resources.get(acting, {}).get("Type") in DEPLOYMENT_ACTORS:
            roles |= _roles_used(names, acting)
    return roles


def _roles_used(names: StackNames, logical_id: str) -> set[str]:
    """Roles a resource hands to its service; for a pipeline also those of the CodeBuild projects it runs."""
    definition = names.resources[logical_id]
    handed = {key: value for key, value in definition.get("Properties", {}).items() if key not in POLICY_PROPERTIES}
    referenced = set(referenced_ids(handed))
    roles = {ref for ref in referenced if names.resources.get(ref, {}).get("Type") == "AWS::IAM::Role"}
    if definition["Type"] == "AWS::CodePipeline::Pipeline":
        for project in (ref for ref in referenced if names.resources.get(ref, {}).get("Type") == PROJECT):
            roles |= _roles_used(names, project)
    return roles


def _dependency_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
    """A resource must wait for the policies of the roles it hands over, unless such a policy itself waits for
    the resource (it names it): then the service can only act once something created later starts it. An alias's
    CodeDeploy deployment starts with the alias's own update, so its roles' policies get no such exception: a
    policy that names the alias would be updated after the release it must allow."""
    definition = names.resources[logical_id]
    if definition["Type"] in IAM_TYPES or definition["Type"] == PROJECT:
        return  # a project's role is used only when a pipeline starts it: the pipeline's own rule covers it
    before = _reachable(names, logical_id)
    deployment = _deployment_roles(names, logical_id)
    for role in sorted(_roles_used(names, logical_id) | deployment):
        for policy in policies_of(names, role):
            started_later = role not in deployment and logical_id in _reachable(names, policy)
            if policy in before or started_later:
                continue
            yield Finding(NAME, f"{names.environment.stack_name}/{logical_id} ({definition['Type']})",
                          f"uses role {role} but does not wait for its policy {policy}: the service may see the "
                          "role before its permissions", f"depend on {policy} (stages/ordering.py)")  # fmt: skip


def _release_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
    """An alias whose update starts a CodeDeploy release waits for what that release uses: the deployment group
    (and through it its alarms) and the hook functions, so the release never runs with their previous versions."""
    deployment = names.resources[logical_id].get("UpdatePolicy", {}).get("CodeDeployLambdaAliasUpdate")
    if not deployment:
        return
    before = _reachable(names, logical_id)
    for used in sorted(set(referenced_ids(deployment)) - before):
        yield Finding(NAME, f"{names.environment.stack_name}/{logical_id} (AWS::Lambda::Alias)",
                      f"its update starts a release that uses {used}, which it does not wait for: the release may "
                      "run with its previous version", f"depend on {used}")  # fmt: skip


def check_stack(stack: DeployedStack, logging_role: LoggingRole | None) -> CheckResult:
    names = StackNames(stack)
    findings: list[Finding] = []
    for logical_id, definition in stack.resources.items():
        kind = definition["Type"]
        if kind in publishers.PUBLISHERS:
            findings += publishers.publisher_findings(names, logical_id, publishers.PUBLISHERS[kind])
        elif kind == "AWS::CodeDeploy::DeploymentGroup":
            findings += publishers.trigger_findings(names, logical_id)
        elif kind == "AWS::Lambda::Function":
            findings += log_writers.function_log_findings(names, logical_id)
        elif kind == "AWS::ApiGateway::Stage":
            findings += log_writers.stage_log_findings(names, logical_id, logging_role)
        elif kind == "AWS::CodePipeline::Pipeline":
            findings += log_writers.pipeline_log_findings(names, logical_id)
        elif kind == "AWS::WAFv2::LoggingConfiguration":
            findings += log_writers.waf_log_findings(names, logical_id)
        elif kind == "AWS::Synthetics::Canary":
            findings += canary_findings(names, logical_id)
        findings += _dependency_findings(names, logical_id)
        findings += _release_findings(names, logical_id)
    return CheckResult(f"{NAME} {stack.label}", tuple(findings), (), len(stack.resources))
