"""LP8: S3 buckets and SNS topics refuse requests that do not use TLS (aws:SecureTransport false is denied)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cdk_nag import NagRuleCompliance

from cloudformation import as_list, references, render
from guardrails.rule import Rule, Verdict
from guardrails.template import ResourceView
from iam import matches_any

_POLICY_OF = {
    "AWS::S3::Bucket": ("AWS::S3::BucketPolicy", "Bucket"),
    "AWS::SNS::Topic": ("AWS::SNS::TopicPolicy", "Topics"),
}


def _check(view: ResourceView) -> Verdict:
    policy_type, target_property = _POLICY_OF[view.type]
    statements = (
        statement
        for _, policy in view.resources_of_type(policy_type)
        if view.logical_id in references(policy.get("Properties", {}).get(target_property))
        for statement in as_list(policy["Properties"].get("PolicyDocument", {}).get("Statement"))
    )
    refuses = _refuses_bucket_requests if view.type == "AWS::S3::Bucket" else _refuses_publish
    if any(_denies_insecure_transport(statement) and refuses(statement) for statement in statements):
        return NagRuleCompliance.COMPLIANT
    return NagRuleCompliance.NON_COMPLIANT


def _denies_insecure_transport(statement: Mapping[str, Any]) -> bool:
    if statement.get("Effect") != "Deny" or not _anyone(statement.get("Principal")):
        return False
    condition = statement.get("Condition", {})
    return any(
        key.lower() == "aws:securetransport" and render(as_list(value)[0]).lower() == "false"
        for operator in ("Bool", "BoolIfExists")
        for key, value in condition.get(operator, {}).items()
    )


def _anyone(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in as_list(principal.get("AWS"))


def _refuses_bucket_requests(statement: Mapping[str, Any]) -> bool:
    """Every S3 action, on the bucket and on its objects."""
    actions = {render(action) for action in as_list(statement.get("Action"))}
    resources = [render(resource) for resource in as_list(statement.get("Resource"))]
    on_objects = any(resource == "*" or resource.endswith("/*") for resource in resources)
    on_bucket = any(resource == "*" or not resource.endswith("/*") for resource in resources)
    return bool(actions & {"*", "s3:*"}) and on_objects and on_bucket


def _refuses_publish(statement: Mapping[str, Any]) -> bool:
    return matches_any("sns:Publish", (render(action) for action in as_list(statement.get("Action"))))


SSL_REQUESTS_ONLY = Rule(
    rule_id="LP8",
    info="The S3 bucket or SNS topic has no resource policy denying requests with aws:SecureTransport false.",
    explanation=(
        "Without an explicit Deny, a client can send data in clear text. Add a Deny for every principal with "
        "Bool aws:SecureTransport 'false' (enforce_ssl=True on s3.Bucket and sns.Topic renders exactly that): "
        "for a bucket on s3:* over the bucket and its objects, for a topic on sns:Publish."
    ),
    resource_types=frozenset(_POLICY_OF),
    check=_check,
)
