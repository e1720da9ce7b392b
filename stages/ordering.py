"""Creation order CloudFormation cannot infer: a resource that hands a role to a service waits for the role's policy.

A reference to the role orders the resource after the role, not after the policy attached to it, so a service
could see the role before its permissions exist (the wiring check of `make verify` enforces this order).
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from constructs import IConstruct


def after_role_policy(user: IConstruct, role: iam.IRole) -> None:
    """Make the CloudFormation resource of `user` depend on the policy CDK attaches to `role` (its DefaultPolicy).

    The dependency is set on the resource itself, not on the construct: a construct's subtree may hold the role,
    and a role cannot depend on its own policy.
    """
    policy = role.node.try_find_child("DefaultPolicy")
    resource = user.node.default_child or user
    if policy is not None:
        resource.node.add_dependency(policy)


def pipeline_after_role_policies(pipeline: codepipeline.Pipeline) -> None:
    """A pipeline starts a run as soon as it exists: it waits for the policies of every role of its stack (its
    own, its actions' and its CodeBuild projects').

    The projects themselves need not wait: a project uses its role only when the pipeline starts it, and most
    project policies name the project's log group, so CloudFormation creates them after the project anyway.
    """
    stack = Stack.of(pipeline)
    for role in stack.node.find_all():
        if isinstance(role, iam.Role) and Stack.of(role) is stack:
            after_role_policy(pipeline, role)
