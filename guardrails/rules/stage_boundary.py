"""LP4: a Lambda function's role reaches only resources of its own stage (same template, account, region)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from cdk_nag import NagRuleCompliance

from cloudformation import as_list, imports, references, render
from guardrails.policy import allow_statements
from guardrails.rule import Rule, Verdict, findings_verdict
from guardrails.template import ResourceView

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_ARN_FIELDS = 6
_OWN_ACCOUNT = "${AWS::AccountId}"
_OWN_REGION = "${AWS::Region}"
_NO_VALUE = {"Ref": "AWS::NoValue"}  # CloudFormation drops it from the list


def _check(view: ResourceView) -> Verdict:
    if not _attached_to_lambda_role(view):
        return NagRuleCompliance.NOT_APPLICABLE
    findings = (
        f"Resource::{render(resource)}"
        for statement in allow_statements(view)
        for resource in statement.resources
        if resource not in ("*", _NO_VALUE) and not _is_own(resource, view)  # '*' is LP2's finding
    )
    return findings_verdict(findings)


def _attached_to_lambda_role(view: ResourceView) -> bool:
    if view.type == "AWS::IAM::Role":
        return _trusts_lambda(view.definition)
    return any(_trusts_lambda(role) for role in _roles_holding(view))


def _roles_holding(view: ResourceView) -> Iterator[Mapping[str, Any]]:
    """Roles of this template the policy is attached to: by its `Roles`, or by a role's `ManagedPolicyArns`."""
    for name in references(view.properties.get("Roles")):
        role = view.resource(name)
        if role is not None and role.get("Type") == "AWS::IAM::Role":
            yield role
    for _, role in view.resources_of_type("AWS::IAM::Role"):
        if view.logical_id in references(role.get("Properties", {}).get("ManagedPolicyArns")):
            yield role


def _trusts_lambda(role: Mapping[str, Any]) -> bool:
    return any(service.startswith("lambda.") for service in _trusted_services(role))


def _trusted_services(role: Mapping[str, Any]) -> Iterator[str]:
    document = role.get("Properties", {}).get("AssumeRolePolicyDocument", {})
    for statement in as_list(document.get("Statement")):
        principal = statement.get("Principal", {})
        if isinstance(principal, dict):
            yield from (render(service) for service in as_list(principal.get("Service")))


def _is_own(resource: Any, view: ResourceView) -> bool:
    """Provably this stage's: built from this template's resources, or an ARN in this stack's account and region."""
    if imports(resource):
        return False
    names = references(resource)
    if any(view.resource(name) is None for name in names):  # a parameter: its value comes from outside
        return False
    text = render(resource)
    if not text.startswith("arn:"):
        return bool(names)  # `${Table.Arn}`, `${Table.Arn}/index/*`
    fields = _arn_fields(text)
    if len(fields) < _ARN_FIELDS:
        return False
    region, account = fields[3], fields[4]
    region_ok = region in ("", _OWN_REGION) or region == view.region
    account_ok = account in (_OWN_ACCOUNT, view.account) or (account == "" and bool(names))
    return region_ok and account_ok


def _arn_fields(arn: str) -> list[str]:
    """Split on ':' outside `${...}` placeholders (`${AWS::Region}` holds colons of its own)."""
    protected = _PLACEHOLDER.sub(lambda match: match.group(0).replace(":", "\0"), arn)
    return [field.replace("\0", ":") for field in protected.split(":", _ARN_FIELDS - 1)]


OWN_STAGE_RESOURCES = Rule(
    rule_id="LP4",
    info="A Lambda execution role is allowed on a resource outside its own stage (other account/region, export).",
    explanation=(
        "Dev and prod are separate accounts; a function must never reach the other stage's data. Every "
        "Resource of a policy on a role Lambda assumes must be a reference to a resource of the same "
        "template, or an ARN in the stack's own account and region (literal or AWS::AccountId/AWS::Region). "
        "Literal ARNs of other accounts, template parameters and Fn::ImportValue are findings."
    ),
    resource_types=frozenset({"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role"}),
    check=_check,
)
