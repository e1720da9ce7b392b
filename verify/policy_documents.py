"""Every IAM policy document of a template, intrinsics resolved to well-formed ARNs, for the IAM linters.

Identity policies (a role's inline policies, AWS::IAM::Policy and ManagedPolicy) and resource policies (key,
topic, bucket and log-group resource policies) are told apart: cloudsplaining judges the first only. A trust policy
is a resource policy of its role: its statements get the role's ARN as Resource, which they name implicitly, so
that parliament judges them instead of stopping at the missing element.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cloudformation import as_list
from verify.assembly import DeployedStack
from verify.names import StackNames

IDENTITY_DOCUMENTS = {"AWS::IAM::Policy": "PolicyDocument", "AWS::IAM::ManagedPolicy": "PolicyDocument"}
RESOURCE_DOCUMENTS = {
    "AWS::KMS::Key": "KeyPolicy",
    "AWS::SNS::TopicPolicy": "PolicyDocument",
    "AWS::S3::BucketPolicy": "PolicyDocument",
    "AWS::Logs::ResourcePolicy": "PolicyDocument",
}


@dataclass(frozen=True)
class PolicyDocument:
    """One document: where it is (template/logical id property), whether it is an identity policy, its text."""

    template: str
    logical_id: str
    part: str
    identity: bool
    document: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"{self.template}/{self.logical_id} {self.part}"


def _document(names: StackNames, raw: Any, logical_id: str) -> Mapping[str, Any]:
    resolved = names.resolve(raw, logical_id)
    return json.loads(resolved) if isinstance(resolved, str) else resolved  # log resource policies are strings


def _trust(names: StackNames, template: str, logical_id: str) -> PolicyDocument:
    document = _document(names, names.properties(logical_id)["AssumeRolePolicyDocument"], logical_id)
    role = names.role_arn(logical_id)
    statements = [{**statement, "Resource": role} for statement in as_list(document.get("Statement"))]
    return PolicyDocument(
        template, logical_id, "AssumeRolePolicyDocument", False, {**document, "Statement": statements}
    )


def policy_documents(stack: DeployedStack, parameters: Mapping[str, str] | None = None) -> Iterator[PolicyDocument]:
    names = StackNames(stack, parameters)
    template = stack.template_path.name
    for logical_id, definition in stack.resources.items():
        kind, properties = definition["Type"], definition.get("Properties", {})
        if kind == "AWS::IAM::Role":
            yield _trust(names, template, logical_id)
            for policy in as_list(properties.get("Policies")):
                document = _document(names, policy["PolicyDocument"], logical_id)
                yield PolicyDocument(template, logical_id, f"Policies/{policy.get('PolicyName')}", True, document)
        if kind in IDENTITY_DOCUMENTS:
            document = _document(names, properties[IDENTITY_DOCUMENTS[kind]], logical_id)
            yield PolicyDocument(template, logical_id, IDENTITY_DOCUMENTS[kind], True, document)
        if kind in RESOURCE_DOCUMENTS and RESOURCE_DOCUMENTS[kind] in properties:
            document = _document(names, properties[RESOURCE_DOCUMENTS[kind]], logical_id)
            yield PolicyDocument(template, logical_id, RESOURCE_DOCUMENTS[kind], False, document)
