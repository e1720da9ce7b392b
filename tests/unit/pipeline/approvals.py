"""Who may approve: the pipeline stack's policies resolved to concrete ARNs and evaluated with verify/policy.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.unit.conftest import SynthesizedApp
from verify.assembly import load_stacks
from verify.names import StackNames
from verify.policy import Decision, Request, evaluate_request, statements
from verify.roles import role_permissions

PUT_APPROVAL = "codepipeline:PutApprovalResult"


class PipelinePolicies:
    """The pipeline stack of one synthesis: its approvers' policy and every role's permissions, resolved."""

    def __init__(self, app: SynthesizedApp) -> None:
        (stack,) = [found for found in load_stacks(app.outdir) if found.artifact_id == app.stack.artifact_id]
        self.names = StackNames(stack)
        self.resources = stack.resources
        region, account = app.config.region, app.config.pipeline_account
        self.pipeline_arn = f"arn:aws:codepipeline:{region}:{account}:{app.config.project}-delivery"
        self.approve_prod_arn = f"{self.pipeline_arn}/Prod/Approve"

    def approvers(self) -> list[Mapping[str, Any]]:
        (policy_id,) = [key for key, r in self.resources.items() if r["Type"] == "AWS::IAM::ManagedPolicy"]
        return statements([self.names.resolve(self.resources[policy_id]["Properties"]["PolicyDocument"], policy_id)])

    def pipeline_tags(self) -> dict[str, tuple[str, ...]]:
        """aws:ResourceTag context of the pipeline, as IAM sees it when an action of the pipeline is the resource."""
        (pipeline,) = [r for r in self.resources.values() if r["Type"] == "AWS::CodePipeline::Pipeline"]
        return {f"aws:ResourceTag/{tag['Key']}": (tag["Value"],) for tag in pipeline["Properties"].get("Tags", [])}

    def roles_deciding(self, action: str, resource: str) -> dict[str, Decision]:
        """Each role of the stack and its decision on one request (made on the tagged pipeline)."""
        request = Request(action, resource, self.pipeline_tags())
        return {
            role_id: evaluate_request(role_permissions(self.names, role_id).permissions, request).decision
            for role_id, definition in self.resources.items()
            if definition["Type"] == "AWS::IAM::Role"
        }


def allowed(policy: list[Mapping[str, Any]], action: str, resource: str) -> bool:
    return evaluate_request(policy, Request(action, resource)).allowed
