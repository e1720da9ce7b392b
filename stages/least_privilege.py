"""What the CloudFormation execution policy (bootstrap/cfn-execution-policy.json) requires of a service stack.

The policy creates and changes roles only with the project's permissions boundary, and holds no key
administration on `*` (a key is administered by whoever its own policy names), so every role here carries the
boundary and every key names the execution role as its administrator.
"""

from __future__ import annotations

from aws_cdk import DefaultStackSynthesizer, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms

from configuration import role_boundary_name

# What CloudFormation's AWS::KMS::Key handlers call on an existing key (its provider schema), and the reads of it.
KEY_ADMINISTRATION = (
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:PutKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:EnableKeyRotation",
    "kms:EnableKey",
    "kms:UpdateKeyDescription",
    "kms:ListResourceTags",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
)


def apply_role_boundary(stack: Stack, *, project: str) -> None:
    """Every role of the stack gets the boundary `make bootstrap` created in its account and region."""
    boundary = iam.ManagedPolicy.from_managed_policy_name(
        stack, "RoleBoundary", role_boundary_name(project, stack.region)
    )
    iam.PermissionsBoundary.of(stack).apply(boundary)


def execution_role_arn(stack: Stack) -> str:
    """The bootstrap's CloudFormation execution role in the stack's account and region (the default qualifier)."""
    name = f"cdk-{DefaultStackSynthesizer.DEFAULT_QUALIFIER}-cfn-exec-role-{stack.account}-{stack.region}"
    return stack.format_arn(service="iam", region="", account=stack.account, resource="role", resource_name=name)


def administered_by_deployments(key: kms.Key) -> None:
    """The key's own policy names the execution role as its administrator: deployments manage this key, and the
    execution policy needs no PutKeyPolicy or ScheduleKeyDeletion on keys it cannot name."""
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid="AdministeredByDeployments",
            principals=[iam.ArnPrincipal(execution_role_arn(Stack.of(key)))],
            actions=list(KEY_ADMINISTRATION),
            resources=["*"],
        )
    )
