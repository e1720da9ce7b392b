"""What CloudFormation's handlers act on that a resource's properties do not name by reference.

A code object in S3, the alarms Application Auto Scaling creates for target tracking, the AWS managed key a
table uses, the deployment configuration an alias update reads, what Synthetics provisions for a canary; and
the condition keys calls for a resource carry.
"""

from __future__ import annotations

from collections.abc import Callable

from cloudformation import referenced_ids
from verify.names import SAMPLE_ID, StackNames
from verify.request_context import PROPERTY_CONTEXT
from verify.targets import Target


def _scaling_context(names: StackNames, logical_id: str) -> dict[str, tuple[str, ...]]:
    """application-autoscaling:service-namespace / scalable-dimension, from the target a policy scales."""
    properties = names.properties(logical_id)
    if "ServiceNamespace" not in properties:
        target = next(iter(referenced_ids(properties.get("ScalingTargetId"))), None)
        properties = names.properties(target) if target else {}
    context = {}
    for key, name in (("ServiceNamespace", "service-namespace"), ("ScalableDimension", "scalable-dimension")):
        if key in properties:
            context[f"application-autoscaling:{name}"] = (str(names.resolve(properties[key], logical_id)),)
    return context


def _function_code(names: StackNames, logical_id: str) -> list[Target]:
    code = names.properties(logical_id).get("Code", {})
    if "S3Bucket" not in code:
        return []
    bucket = names.resolve(code["S3Bucket"], logical_id)
    key = names.resolve(code["S3Key"], logical_id)
    return [Target(f"arn:{names.environment.partition}:s3:::{bucket}/{key}")]


def _target_tracking_alarms(names: StackNames, logical_id: str) -> list[Target]:
    """Application Auto Scaling names the alarms of target tracking `TargetTracking-<resource id>-Alarm...`."""
    properties = names.properties(logical_id)
    if "ResourceId" not in properties:  # a scaling policy: the resource id is its target's
        target = next(iter(referenced_ids(properties.get("ScalingTargetId"))), None)
        if target is None:
            return []
        properties = names.properties(target)
    resource_id = names.resolve(properties["ResourceId"], logical_id)
    return [
        Target(names.arn("cloudwatch", f"alarm:TargetTracking-{resource_id}-Alarm{side}-{SAMPLE_ID}"))
        for side in ("High", "Low")
    ]


def _table_key(names: StackNames, logical_id: str) -> list[Target]:
    """With SSE on and no key of its own, a table uses the AWS managed key, which DynamoDB uses on the caller's
    behalf (kms:ViaService)."""
    sse = names.properties(logical_id).get("SSESpecification") or {}
    if not sse.get("SSEEnabled") or sse.get("KMSMasterKeyId"):
        return []
    via = {"kms:ViaService": (f"dynamodb.{names.environment.region}.amazonaws.com",)}
    return [Target(names.arn("kms", "key/aws-managed-dynamodb-key"), via)]


def _alias_deployment_config(names: StackNames, logical_id: str) -> list[Target]:
    """A CodeDeploy-managed alias update reads the deployment group's deployment configuration."""
    update = names.resources[logical_id].get("UpdatePolicy", {}).get("CodeDeployLambdaAliasUpdate")
    group = next(iter(referenced_ids(update.get("DeploymentGroupName"))), None) if update else None
    if group is None:
        return []
    config = names.resolve(names.properties(group).get("DeploymentConfigName", "CodeDeployDefault.OneAtATime"), group)
    return [Target(names.arn("codedeploy", f"deploymentconfig:{config}"))]


def _deployment_group_config(names: StackNames, logical_id: str) -> list[Target]:
    config = names.properties(logical_id).get("DeploymentConfigName", "CodeDeployDefault.OneAtATime")
    return [Target(names.arn("codedeploy", f"deploymentconfig:{names.resolve(config, logical_id)}"))]


def _bucket_objects(names: StackNames, logical_id: str) -> list[Target]:
    """The bucket handler's object-level calls act on objects of the bucket itself."""
    return [Target(f"{names.bucket_arn(logical_id)}/sample")]


# Runtime layers AWS publishes for Synthetics (in an account of AWS's; a sample id here), which Synthetics adds to
# the canary's function: the caller must be allowed to read them (CloudWatchSyntheticsFullAccess names these).
SYNTHETICS_RUNTIME_LAYERS = ("Synthetics", "Synthetics_Selenium")
AWS_OWNED_ACCOUNT = "999999999999"
CODE_READS = frozenset({"s3:getobject", "s3:getobjectversion"})  # an object ARN also has a bucket ARN's shape


def _canary_provisioned(names: StackNames, logical_id: str) -> list[Target]:
    """What Synthetics creates with the caller's permissions: the script from its asset, a Lambda function and a
    layer named cwsyn-<canary>-<id>, built on its runtime layers."""
    own = f"cwsyn-{names.name(logical_id)}-{SAMPLE_ID}"
    runtime = [
        Target(f"arn:{names.environment.partition}:lambda:{names.environment.region}:{AWS_OWNED_ACCOUNT}:layer:{name}:1",
               only=frozenset({"lambda:getlayerversion"}))
        for name in SYNTHETICS_RUNTIME_LAYERS
    ]  # fmt: skip
    provisioned = [names.arn("lambda", f"function:{own}"), names.arn("lambda", f"layer:{own}")]
    script = [Target(code.arn, only=CODE_READS) for code in _function_code(names, logical_id)]
    return [*script, *map(Target, provisioned), Target(f"{provisioned[1]}:1"), *runtime]


REQUEST_CONTEXT: dict[str, Callable[[StackNames, str], dict[str, tuple[str, ...]]]] = {
    "AWS::ApplicationAutoScaling::ScalableTarget": _scaling_context,
    "AWS::ApplicationAutoScaling::ScalingPolicy": _scaling_context,
    **PROPERTY_CONTEXT,
}
EXTRA_TARGETS: dict[str, Callable[[StackNames, str], list[Target]]] = {
    "AWS::Lambda::Function": _function_code,
    "AWS::ApplicationAutoScaling::ScalableTarget": _target_tracking_alarms,
    "AWS::ApplicationAutoScaling::ScalingPolicy": _target_tracking_alarms,
    "AWS::DynamoDB::Table": _table_key,
    "AWS::Lambda::Alias": _alias_deployment_config,
    "AWS::CodeDeploy::DeploymentGroup": _deployment_group_config,
    "AWS::S3::Bucket": _bucket_objects,
    "AWS::Synthetics::Canary": _canary_provisioned,
}
