"""Handler permissions CloudFormation does not call for this project's properties: the reviewed allow-list.

A provider schema lists every permission a handler may need for any combination of properties. Each entry
here names the permissions, the resource type, the property whose presence (or value) makes CloudFormation
call them, and the evidence. An entry stops applying as soon as a template sets that property, so a change
that starts needing the permission is caught by `make verify` instead of by a failed deploy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Properties = Mapping[str, Any]


@dataclass(frozen=True)
class Exemption:
    resource_type: str
    permissions: tuple[str, ...]
    needed_when: str  # what makes CloudFormation call them, in words
    applies: Callable[[Properties], bool]  # True while the template does not set what `needed_when` says
    evidence: str

    def covers(self, resource_type: str, permission: str, properties: Properties) -> bool:
        return (
            resource_type == self.resource_type
            and permission.lower() in {listed.lower() for listed in self.permissions}
            and self.applies(properties)
        )


def _value(properties: Properties, path: str) -> Any:
    value: Any = properties
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def without(*paths: str) -> Callable[[Properties], bool]:
    """Applies while none of the property paths is set."""
    return lambda properties: all(_value(properties, path) in (None, [], {}) for path in paths)


def unless_equal(path: str, value: Any) -> Callable[[Properties], bool]:
    """Applies while the property does not have this value."""
    return lambda properties: _value(properties, path) != value


def arn_not_of(path: str, service: str) -> Callable[[Properties], bool]:
    """Applies while the ARN at `path` (intrinsics and all) does not name a resource of `service`."""
    return lambda properties: f":{service}:" not in json.dumps(_value(properties, path))


def only_aws_rule_groups(properties: Properties) -> bool:
    """Every managed rule group of the web ACL is AWS's own (no AWS Marketplace seller's)."""
    vendors = re.findall(r'"VendorName": "([^"]*)"', json.dumps(properties.get("Rules", [])))
    return all(vendor == "AWS" for vendor in vendors)


def always(properties: Properties) -> bool:
    del properties
    return True


FUNCTION = "AWS::Lambda::Function"
WEB_ACL_ASSOCIATION = "AWS::WAFv2::WebACLAssociation"
WAF_LOGGING = "AWS::WAFv2::LoggingConfiguration"
# Services whose resources a web ACL can protect, each with the handler permissions used for them only.
WEB_ACL_TARGETS = {
    "elasticloadbalancing": ("elasticloadbalancing:SetWebACL", "elasticloadbalancing:CreateWebACLAssociation",
                             "elasticloadbalancing:DeleteWebACLAssociation",
                             "elasticloadbalancing:GetLoadBalancerWebACL"),
    "appsync": ("appsync:SetWebACL", "appsync:AssociateWebACL", "appsync:DisassociateWebACL",
                "appsync:GetWebACLForResource"),
    "cognito-idp": ("cognito-idp:AssociateWebACL", "cognito-idp:DisassociateWebACL",
                    "cognito-idp:GetWebACLForResource"),
    "apprunner": ("apprunner:AssociateWebAcl", "apprunner:DisassociateWebAcl", "apprunner:DescribeWebAclForService"),
    "ec2": ("ec2:AssociateVerifiedAccessInstanceWebAcl", "ec2:DisassociateVerifiedAccessInstanceWebAcl",
            "ec2:DescribeVerifiedAccessInstanceWebAclAssociations", "ec2:GetVerifiedAccessInstanceWebAcl"),
    "amplify": ("amplify:AssociateWebACL", "amplify:DisassociateWebACL", "amplify:GetWebACLForResource"),
    "bedrock-agentcore": ("bedrock-agentcore:GatewayAssociateWebACL", "bedrock-agentcore:GatewayDisassociateWebACL",
                          "bedrock-agentcore:GatewayGetWebACLForResource"),
}  # fmt: skip
TABLE = "AWS::DynamoDB::Table"
LOG_GROUP = "AWS::Logs::LogGroup"
BUCKET = "AWS::S3::Bucket"
CANARY = "AWS::Synthetics::Canary"
ROLE_MANAGED_POLICIES = ("iam:AttachRolePolicy", "iam:DetachRolePolicy")

EXEMPTIONS: tuple[Exemption, ...] = (
    # Lambda functions -------------------------------------------------------------------------------
    Exemption(FUNCTION, ("ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
                         "ec2:DescribeNetworkInterfaces"),
              "VpcConfig", without("VpcConfig"),
              "Lambda looks up subnets, security groups and network interfaces only for a function attached to a "
              "VPC (Lambda developer guide, 'Giving Lambda functions access to resources in an Amazon VPC')."),
    Exemption(FUNCTION, ("elasticfilesystem:DescribeMountTargets", "s3files:ListMountTargets"),
              "FileSystemConfigs", without("FileSystemConfigs"),
              "Mount targets are resolved only for a function with a file system (FileSystemConfigs)."),
    Exemption(FUNCTION, ("kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"),
              "KmsKeyArn", without("KmsKeyArn"),
              "Without KmsKeyArn Lambda encrypts environment variables with an AWS owned key, which needs no "
              "caller permission (Lambda developer guide, 'Securing environment variables')."),
    # lambda:GetFunctionCodeSigningConfig is allowed, not exempted: the handlers' read of a function may ask for it
    # whatever the template sets, and reading it discloses nothing.
    Exemption(FUNCTION, ("lambda:GetCodeSigningConfig", "lambda:PutFunctionCodeSigningConfig",
                         "lambda:DeleteFunctionCodeSigningConfig"),
              "CodeSigningConfigArn", without("CodeSigningConfigArn"),
              "Code-signing configurations are read and attached only when CodeSigningConfigArn is set."),
    Exemption(FUNCTION, ("lambda:GetLayerVersion",), "Layers", without("Layers"),
              "Layer versions are read only for the layers a function lists in Layers."),
    Exemption(FUNCTION, ("lambda:PassCapacityProvider",), "CapacityProviderConfig", without("CapacityProviderConfig"),
              "A capacity provider is passed only for functions on Lambda managed instances (CapacityProviderConfig)."),
    # IAM --------------------------------------------------------------------------------------------
    Exemption("AWS::IAM::Role", ROLE_MANAGED_POLICIES, "ManagedPolicyArns", without("ManagedPolicyArns"),
              "Managed policies are attached or detached only for roles that list ManagedPolicyArns; this "
              "project's roles carry inline policies only (LeastPrivilege-LP3), so the execution policy never "
              "needs to attach a policy, which would let it attach any policy."),
    Exemption("AWS::IAM::Role", ("iam:DeleteRolePermissionsBoundary",), "no PermissionsBoundary",
              lambda properties: bool(properties.get("PermissionsBoundary")),
              "A boundary is removed only from a role whose template drops PermissionsBoundary; every role here "
              "carries the project's boundary (stages/least_privilege.py), and removing it is what the boundary "
              "exists to prevent, so the execution policy never allows it."),
    Exemption("AWS::IAM::Policy", ("iam:GetUserPolicy", "iam:PutUserPolicy", "iam:DeleteUserPolicy"),
              "Users", without("Users"), "User policies are written only for the users a policy lists in Users."),
    Exemption("AWS::IAM::Policy", ("iam:GetGroupPolicy", "iam:PutGroupPolicy", "iam:DeleteGroupPolicy"),
              "Groups", without("Groups"), "Group policies are written only for the groups a policy lists in Groups."),
    # DynamoDB ---------------------------------------------------------------------------------------
    Exemption(TABLE, ("dynamodb:DescribeImport", "dynamodb:ImportTable", "s3:GetObject", "s3:GetObjectMetadata",
                      "s3:ListBucket", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups",
                      "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:PutRetentionPolicy"),
              "ImportSourceSpecification", without("ImportSourceSpecification"),
              "Import from S3 reads the source objects and logs errors to CloudWatch Logs; only a table created "
              "with ImportSourceSpecification is imported (DynamoDB developer guide, 'Requesting a table import')."),
    Exemption(TABLE, ("dynamodb:PutResourcePolicy", "dynamodb:GetResourcePolicy", "dynamodb:DeleteResourcePolicy"),
              "ResourcePolicy", without("ResourcePolicy"),
              "A table's resource policy is written only from its ResourcePolicy property; the tables here have "
              "none, and a resource policy could admit another account, so the execution policy does not allow it."),
    Exemption(TABLE, ("dynamodb:EnableKinesisStreamingDestination", "dynamodb:DisableKinesisStreamingDestination",
                      "dynamodb:DescribeKinesisStreamingDestination", "dynamodb:UpdateKinesisStreamingDestination"),
              "KinesisStreamSpecification", without("KinesisStreamSpecification"),
              "Kinesis streaming destinations are set only from KinesisStreamSpecification; streaming items to a "
              "stream is an export, which the execution policy does not allow unless a table needs it."),
    Exemption(TABLE, ("kinesis:DescribeStream", "kinesis:PutRecords"), "KinesisStreamSpecification",
              without("KinesisStreamSpecification"),
              "Kinesis Data Streams is written only by a table with a Kinesis streaming destination."),
    Exemption(TABLE, ("iam:CreateServiceLinkedRole",), "ContributorInsightsSpecification",
              without("ContributorInsightsSpecification"),
              "DynamoDB's service-linked roles serve contributor insights "
              "(AWSServiceRoleForDynamoDBCloudWatchContributorInsights) and replication, which AWS::DynamoDB::Table "
              "without ContributorInsightsSpecification does not use (DynamoDB developer guide, 'Using IAM with "
              "CloudWatch contributor insights for DynamoDB')."),
    # CloudWatch Logs --------------------------------------------------------------------------------
    Exemption(LOG_GROUP, ("logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DeleteResourcePolicy"),
              "ResourcePolicyDocument", without("ResourcePolicyDocument"),
              "A log group's resource policy is written only from its ResourcePolicyDocument."),
    Exemption(LOG_GROUP, ("logs:PutIndexPolicy", "logs:DescribeIndexPolicies", "logs:DeleteIndexPolicy"),
              "FieldIndexPolicies", without("FieldIndexPolicies"),
              "Field index policies are written only from FieldIndexPolicies."),
    Exemption(LOG_GROUP, ("logs:CreateLogDelivery", "s3:REST.PUT.OBJECT", "firehose:TagDeliveryStream"),
              "log delivery to S3 or Firehose", always,
              "Vended-log delivery permissions: AWS::Logs::LogGroup has no property that delivers logs to S3 or "
              "Firehose (deliveries are AWS::Logs::Delivery resources), and s3:REST.PUT.OBJECT is an S3 REST "
              "operation name, not an IAM action (absent from the IAM catalog)."),
    Exemption(LOG_GROUP, ("logs:PutBearerTokenAuthentication",), "BearerTokenAuthenticationEnabled",
              without("BearerTokenAuthenticationEnabled"),
              "Bearer-token ingestion is configured only when BearerTokenAuthenticationEnabled is set."),
    # Others -----------------------------------------------------------------------------------------
    Exemption("AWS::KMS::Key", ("kms:DisableKey",), "Enabled: false", unless_equal("Enabled", False),
              "A key is disabled only when its template sets Enabled to false."),
    Exemption("AWS::KMS::Key", ("kms:DisableKeyRotation",), "EnableKeyRotation other than true",
              lambda properties: properties.get("EnableKeyRotation") is True,
              "Rotation is disabled only for a key whose template does not enable it; every key here rotates "
              "(AwsSolutions-KMS5)."),
    Exemption("AWS::SNS::Topic", ("iam:GetRole", "iam:PassRole"), "DeliveryStatusLogging",
              without("DeliveryStatusLogging"),
              "Roles are passed to SNS only for delivery-status logging (DeliveryStatusLogging)."),
    Exemption("AWS::SNS::Topic", ("sns:Subscribe",), "Subscription", without("Subscription"),
              "Inline subscriptions are created only for a topic that lists them in Subscription; a subscription "
              "can deliver alerts outside the account, so the execution policy allows none the topics do not list."),
    Exemption("AWS::SNS::Topic", ("sns:Unsubscribe",), "Subscription", without("Subscription"),
              "Inline subscriptions are removed only from a topic that lists them in Subscription."),
    Exemption("AWS::SNS::Subscription", ("iam:GetRole", "iam:PassRole"), "SubscriptionRoleArn",
              without("SubscriptionRoleArn"),
              "A role is passed to SNS only for a Firehose subscription (SubscriptionRoleArn); these are email."),
    Exemption("AWS::ApiGateway::RestApi", ("apigateway:UpdateRestApiPolicy",), "Policy", without("Policy"),
              "A REST API's resource policy is written only from its Policy property."),
    Exemption("AWS::ApiGateway::RestApi", ("s3:GetObject", "iam:PassRole"), "Body or BodyS3Location",
              without("Body", "BodyS3Location"),
              "An OpenAPI definition is read from S3 (BodyS3Location), and integration credentials in it are "
              "passed, only when the API is imported from a definition; this API is built from resources."),
    Exemption("AWS::ApiGateway::Method", ("iam:PassRole",), "Integration.Credentials",
              without("Integration.Credentials"),
              "A role is passed to API Gateway only for an integration with Credentials; the Lambda proxy "
              "integration here is authorized by the function's resource policy instead."),
    Exemption("AWS::CodeDeploy::DeploymentGroup", ("codedeploy:RegisterOnPremisesInstance",),
              "on-premises instances", without("OnPremisesInstanceTagFilters", "OnPremisesTagSet"),
              "On-premises instances belong to EC2/on-premises deployments; a Lambda deployment group has none."),
    # AWS WAF -----------------------------------------------------------------------------------------
    Exemption("AWS::WAFv2::WebACL", ("payments:GetConnectedAccount",), "an AWS Marketplace rule group",
              only_aws_rule_groups,
              "Inferred: the billing look-up serves subscriptions to AWS Marketplace sellers' rule groups; every "
              "managed rule group of this web ACL has VendorName AWS (AWS managed rules need no subscription)."),
    *(
        Exemption(WEB_ACL_ASSOCIATION, permissions, f"a {service} resource as ResourceArn",
                  arn_not_of("ResourceArn", service),
                  f"These calls protect {service} resources; this association's ResourceArn is an API Gateway stage.")
        for service, permissions in WEB_ACL_TARGETS.items()
    ),
    Exemption(WEB_ACL_ASSOCIATION, ("wafv2:PutPermissionPolicy", "wafv2:GetPermissionPolicy"),
              "a shared rule group", always,
              "Permission policies share rule groups across accounts (the IAM catalog's only resource type for both "
              "is rulegroup); an association names a web ACL and a resource, no rule group."),
    Exemption(WAF_LOGGING, ("firehose:ListDeliveryStreams", "iam:CreateServiceLinkedRole"),
              "a Firehose log destination", arn_not_of("LogDestinationConfigs", "firehose"),
              "WAF's service-linked role (AWSServiceRoleForWAFV2Logging) and the stream look-up serve Amazon Data "
              "Firehose destinations; these web ACL logs go to a CloudWatch Logs log group."),
    Exemption(WAF_LOGGING, ("s3:PutBucketPolicy", "s3:GetBucketPolicy"), "an S3 log destination",
              arn_not_of("LogDestinationConfigs", "s3"),
              "WAF writes a bucket policy only for an S3 destination; these logs go to a CloudWatch Logs log group."),
    Exemption(WAF_LOGGING, ("iam:DescribeOrganization",), "nothing IAM can grant", always,
              "Not an action of the IAM catalog (IAM cannot grant it); Organizations' DescribeOrganization is "
              "organizations:DescribeOrganization, which no destination here needs."),
    Exemption("AWS::ApplicationAutoScaling::ScalableTarget",
              ("lambda:GetProvisionedConcurrencyConfig", "lambda:PutProvisionedConcurrencyConfig",
               "lambda:DeleteProvisionedConcurrencyConfig"),
              "ServiceNamespace: lambda", unless_equal("ServiceNamespace", "lambda"),
              "Provisioned concurrency is managed only for Lambda scalable targets; these scale DynamoDB tables."),
    # S3 buckets (the canary's artifacts and their access logs) --------------------------------------------
    Exemption(BUCKET, ("s3:DeleteBucketEncryption", "s3:DeleteBucketLifecycle", "s3:DeleteBucketTagging"),
              "nothing: S3 API operations, not IAM actions", always,
              "S3 authorizes these operations with s3:PutEncryptionConfiguration, s3:PutLifecycleConfiguration and "
              "s3:PutBucketTagging, which the execution policy grants (S3 API reference, DeleteBucketEncryption, "
              "DeleteBucketLifecycle, DeleteBucketTagging: 'Permissions')."),
    Exemption(BUCKET, ("s3:PutBucketAbac",), "AbacStatus", without("AbacStatus"),
              "Attribute-based access control is switched on for a bucket only from its AbacStatus."),
    Exemption(BUCKET, ("s3:PutAnalyticsConfiguration", "s3:DeleteBucketAnalyticsConfiguration"),
              "AnalyticsConfigurations", without("AnalyticsConfigurations"),
              "Storage class analysis is written only from AnalyticsConfigurations."),
    Exemption(BUCKET, ("s3:PutBucketCORS", "s3:DeleteBucketCors"), "CorsConfiguration", without("CorsConfiguration"),
              "CORS rules are written only from CorsConfiguration; nothing reads these buckets from a browser."),
    Exemption(BUCKET, ("s3:PutInventoryConfiguration",), "InventoryConfigurations",
              without("InventoryConfigurations"), "Inventory reports are written only from InventoryConfigurations."),
    Exemption(BUCKET, ("s3:PutMetricsConfiguration", "s3:DeleteBucketMetricsConfiguration"), "MetricsConfigurations",
              without("MetricsConfigurations"), "Request metrics are configured only from MetricsConfigurations."),
    Exemption(BUCKET, ("s3:PutBucketNotification",), "NotificationConfiguration", without("NotificationConfiguration"),
              "Event notifications are written only from NotificationConfiguration."),
    Exemption(BUCKET, ("s3:PutBucketReplication", "s3:PutReplicationConfiguration", "s3:DeleteBucketReplication",
                       "iam:PassRole"), "ReplicationConfiguration", without("ReplicationConfiguration"),
              "Replication, and the role S3 replicates with (the only role a bucket passes), exist only with "
              "ReplicationConfiguration (S3 user guide, 'Setting up permissions for live replication')."),
    Exemption(BUCKET, ("s3:PutBucketWebsite", "s3:DeleteBucketWebsite"), "WebsiteConfiguration",
              without("WebsiteConfiguration"), "Static website hosting is written only from WebsiteConfiguration."),
    Exemption(BUCKET, ("s3:PutAccelerateConfiguration",), "AccelerateConfiguration", without("AccelerateConfiguration"),
              "Transfer acceleration is written only from AccelerateConfiguration."),
    Exemption(BUCKET, ("s3:PutBucketAcl", "s3:PutObjectAcl"), "AccessControl", without("AccessControl"),
              "Canned ACLs are written only from AccessControl; these buckets set ObjectOwnership BucketOwnerEnforced, "
              "which disables ACLs (S3 user guide, 'Controlling ownership of objects and disabling ACLs')."),
    Exemption(BUCKET, ("s3:PutBucketObjectLockConfiguration", "s3:PutObjectLockConfiguration"),
              "ObjectLockEnabled or ObjectLockConfiguration", without("ObjectLockEnabled", "ObjectLockConfiguration"),
              "Object Lock is configured only for a bucket created with ObjectLockEnabled or ObjectLockConfiguration."),
    Exemption(BUCKET, ("s3:PutBucketVersioning",), "VersioningConfiguration", without("VersioningConfiguration"),
              "Versioning is written only from VersioningConfiguration (and required only by Object Lock or "
              "replication, neither set)."),
    Exemption(BUCKET, ("s3:PutIntelligentTieringConfiguration",), "IntelligentTieringConfigurations",
              without("IntelligentTieringConfigurations"),
              "Intelligent-Tiering archive settings are written only from IntelligentTieringConfigurations."),
    Exemption(BUCKET, ("s3:GetBucketMetadataTableConfiguration", "s3:CreateBucketMetadataTableConfiguration",
                       "s3:DeleteBucketMetadataTableConfiguration", "s3:UpdateBucketMetadataJournalTableConfiguration",
                       "s3:UpdateBucketMetadataInventoryTableConfiguration",
                       "s3:UpdateBucketMetadataAnnotationTableConfiguration", "s3tables:CreateNamespace",
                       "s3tables:CreateTable", "s3tables:CreateTableBucket", "s3tables:GetTable",
                       "s3tables:PutTableBucketPolicy", "s3tables:PutTableEncryption", "s3tables:PutTablePolicy",
                       "s3tables:GetTableMetadataLocation", "s3tables:UpdateTableMetadataLocation"),
              "MetadataConfiguration or MetadataTableConfiguration",
              without("MetadataConfiguration", "MetadataTableConfiguration"),
              "S3 Metadata tables (in an S3 table bucket) are created only for a bucket with MetadataConfiguration "
              "or MetadataTableConfiguration."),
    # CloudWatch Synthetics canaries ------------------------------------------------------------------------
    Exemption(CANARY, ("s3:PutBucketEncryption", "lambda:GetLayerVersionByArn"), "nothing: not IAM actions", always,
              "Neither is an IAM action (absent from the IAM catalog): CloudWatch Synthetics removed both from "
              "CloudWatchSyntheticsFullAccess on 2021-03-12 because they 'did not provide any permissions' "
              "(CloudWatch user guide, 'Required roles and permissions for CloudWatch canaries')."),
    Exemption(CANARY, ("ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"), "VPCConfig",
              without("VPCConfig"), "Subnets and security groups are looked up only for a canary that runs in a VPC."),
    Exemption(CANARY, ("kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey",
                       "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant"), "KmsKeyArn or ArtifactConfig",
              without("KmsKeyArn", "ArtifactConfig"),
              "A customer managed key is used only to encrypt the canary's environment variables (KmsKeyArn) or its "
              "artifacts (ArtifactConfig.S3Encryption with SSE-KMS); Python canaries cannot set the latter."),
)  # fmt: skip


def exemption_for(resource_type: str, permission: str, properties: Properties) -> Exemption | None:
    return next((entry for entry in EXEMPTIONS if entry.covers(resource_type, permission, properties)), None)
