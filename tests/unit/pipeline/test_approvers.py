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

    assert sids == {
        "ApproveProdDeployments",
        "ReadThePipeline",
        "OpenTheDiffBuild",
        "ReadTheDiffLog",
        "ReadTheRuleLogs",
    }
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


def _diff_project(policies: PipelinePolicies) -> str:
    """The physical name of the prod permissions check's project, as verify/names.py resolves it."""
    (project_id,) = [
        key for key, r in policies.resources.items()
        if r["Type"] == "AWS::CodeBuild::Project" and "ProdPermissionsCheck" in key
    ]  # fmt: skip
    return policies.names.resolve({"Ref": project_id}, project_id)


def test_the_approvers_may_open_the_diff_build_the_approval_links_to(policies: PipelinePolicies) -> None:
    project = f"arn:aws:codebuild:us-east-1:111111111111:project/{_diff_project(policies)}"

    assert allowed(policies.approvers(), "codebuild:BatchGetBuilds", project)


def test_the_approvers_may_read_the_diff_builds_log(policies: PipelinePolicies) -> None:
    stream = f"arn:aws:logs:us-east-1:111111111111:log-group:/aws/codebuild/{_diff_project(policies)}:log-stream:abc"

    assert allowed(policies.approvers(), "logs:GetLogEvents", stream)


def test_the_approvers_may_read_the_entry_gate_and_bake_rules_logs(policies: PipelinePolicies) -> None:
    stream = "arn:aws:logs:us-east-1:111111111111:log-group:/aws/codepipeline/items-api-delivery:log-stream:abc"

    assert allowed(policies.approvers(), "logs:GetLogEvents", stream)


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("codebuild:BatchGetBuilds", "arn:aws:codebuild:us-east-1:111111111111:project/another-project"),
        ("logs:GetLogEvents", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/codepipeline/other:log-stream:a"),
        ("logs:GetLogEvents", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/codebuild/other:log-stream:abc"),
        ("logs:GetLogEvents", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/items:log-stream:abc"),
        ("codebuild:StartBuild", "arn:aws:codebuild:us-east-1:111111111111:project/another-project"),
        ("logs:FilterLogEvents", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/codebuild/other"),
    ],
)
def test_the_approvers_may_open_nothing_else(policies: PipelinePolicies, action: str, resource: str) -> None:
    assert not allowed(policies.approvers(), action, resource)


def test_the_approvers_policy_holds_only_the_approval_the_pipeline_reads_and_the_diff(
    policies: PipelinePolicies,
) -> None:
    actions = {action for statement in policies.approvers() for action in _actions(statement)}

    assert actions == {PUT_APPROVAL, *READ_PIPELINE, "codebuild:BatchGetBuilds", "logs:GetLogEvents"}


def _actions(statement) -> list[str]:
    found = statement["Action"]
    return found if isinstance(found, list) else [found]
