"""Approval restricted to named approvers: only the approvers' policy may approve prod, and only prod.

Evaluated with the project's IAM evaluator (verify/policy.py) on the synthesized pipeline stack, every intrinsic
resolved to the ARNs CloudFormation will create.
"""

from __future__ import annotations

import pytest

from pipeline.approvers import READ_PIPELINE
from tests.unit.conftest import SynthesizedApp
from tests.unit.pipeline.approvals import PUT_APPROVAL, PipelinePolicies, allowed
from verify.policy import Decision


@pytest.fixture(scope="module")
def policies(synthesized: SynthesizedApp) -> PipelinePolicies:
    return PipelinePolicies(synthesized)


def test_the_approvers_may_approve_the_prod_deployment(policies: PipelinePolicies) -> None:
    assert allowed(policies.approvers(), PUT_APPROVAL, policies.approve_prod_arn)


@pytest.mark.parametrize(
    "action_path",
    ["Dev/Approve", "Prod/items-api-prod.Deploy", "Prod/SmokeTests", "Dev/IntegrationTests", "Prod/Approve2"],
)
def test_the_approvers_may_not_act_on_any_other_action_of_the_pipeline(
    policies: PipelinePolicies, action_path: str
) -> None:
    assert not allowed(policies.approvers(), PUT_APPROVAL, f"{policies.pipeline_arn}/{action_path}")


def test_the_approvers_may_not_approve_in_another_pipeline(policies: PipelinePolicies) -> None:
    other = policies.approve_prod_arn.replace(":items-api-delivery/", ":other-delivery/")

    assert not allowed(policies.approvers(), PUT_APPROVAL, other)


@pytest.mark.parametrize("action", READ_PIPELINE)
def test_the_approvers_may_read_this_pipeline_only(policies: PipelinePolicies, action: str) -> None:
    assert allowed(policies.approvers(), action, policies.pipeline_arn)
    assert not allowed(policies.approvers(), action, policies.pipeline_arn.replace("items-api-delivery", "other"))


def test_the_approvers_may_do_nothing_else(policies: PipelinePolicies) -> None:
    sids = {str(statement["Sid"]) for statement in policies.approvers()}

    assert sids == {"ApproveProdDeployments", "ReadThePipeline"}
    assert not allowed(policies.approvers(), "codepipeline:StartPipelineExecution", policies.pipeline_arn)
    assert not allowed(policies.approvers(), "codepipeline:UpdatePipeline", policies.pipeline_arn)


def test_no_role_of_the_pipeline_stack_may_approve_the_prod_deployment(policies: PipelinePolicies) -> None:
    decisions = policies.roles_deciding(PUT_APPROVAL, policies.approve_prod_arn)

    assert decisions
    assert {role: decision for role, decision in decisions.items() if decision is not Decision.IMPLICIT_DENY} == {}


def test_the_approvers_policy_is_named_and_its_arn_is_a_stack_output(synthesized: SynthesizedApp) -> None:
    template = synthesized.pipeline_template()
    (policy_id,) = [key for key, r in template["Resources"].items() if r["Type"] == "AWS::IAM::ManagedPolicy"]

    assert template["Resources"][policy_id]["Properties"]["ManagedPolicyName"] == "items-api-prod-approvers"
    assert template["Outputs"]["ProdApproversPolicyArn"]["Value"] == {"Ref": policy_id}
