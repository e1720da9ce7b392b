"""cfn-lint suppressions on one resource, each with its reason (the deploy verification rejects one without)."""

from __future__ import annotations

from aws_cdk import CfnResource
from constructs import IConstruct


def suppress(construct: IConstruct, rule: str, reason: str) -> None:
    """Tell cfn-lint to skip `rule` on the construct's CloudFormation resource, and record why."""
    resource = construct.node.default_child if isinstance(construct.node.default_child, CfnResource) else construct
    assert isinstance(resource, CfnResource), f"{construct.node.path} has no CloudFormation resource"
    settings = (resource.get_metadata("cfn-lint") or {}).get("config", {})
    checks = [*settings.get("ignore_checks", []), rule]
    reasons = {**settings.get("ignore_reasons", {}), rule: reason}
    resource.add_metadata("cfn-lint", {"config": {"ignore_checks": checks, "ignore_reasons": reasons}})


def suppress_role_dependency_warning(function: IConstruct) -> None:
    """W3005 on a Lambda function of CDK: it depends on its role (redundant with the GetAtt) and on the role's
    policy (what matters: the function waits for its permissions)."""
    suppress(
        function,
        "W3005",
        "CDK's Function makes the function depend on its role and on the role's policy; the role dependency is "
        "redundant with the GetAtt, the policy dependency is what matters (the function waits for it).",
    )
