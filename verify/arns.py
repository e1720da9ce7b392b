"""The ARNs CloudFormation's handlers act on for one resource: its own, and those of what it names.

Own ARNs follow each service's ARN format (the IAM catalog's). A resource also acts on what its
properties name: the role a function is given, the function an alias points at, the topics of a topic
policy. Those are found by following references, so a new property pointing at a new resource is covered
without a rule; what properties name without a reference (a code object in S3, a service-linked role, the
alarms Application Auto Scaling creates) is listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from verify.names import SAMPLE_ID, SAMPLE_SUFFIX, StackNames
from verify.roles import referenced_ids

# The service principal a resource type passes roles to (iam:PassedToService).
PASSED_TO = {
    "Lambda": "lambda.amazonaws.com",
    "ApiGateway": "apigateway.amazonaws.com",
    "CodeDeploy": "codedeploy.amazonaws.com",
    "ApplicationAutoScaling": "application-autoscaling.amazonaws.com",
    "SNS": "sns.amazonaws.com",
    "CodePipeline": "codepipeline.amazonaws.com",
    "CodeBuild": "codebuild.amazonaws.com",
    "Synthetics": "lambda.amazonaws.com",  # the canary's role becomes its Lambda function's execution role
}
SERVICE_LINKED_ROLE = ":role/aws-service-role/"
# Policies a resource carries grant access to what they name; CloudFormation does not act on those ARNs.
POLICY_PROPERTIES = frozenset({"AssumeRolePolicyDocument", "PolicyDocument", "Policies", "KeyPolicy", "Tags"})


@dataclass(frozen=True)
class Target:
    """An ARN a handler permission may act on, and request context that comes with acting on it.

    `only` limits the permissions that act on it (lowercase names), for an ARN a handler only reads.
    """

    arn: str
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    literal: bool = False  # an ARN the properties spell out (not the own ARN of a referenced resource)
    only: frozenset[str] = frozenset()

    def acted_on_by(self, permission: str) -> bool:
        return not self.only or permission.lower() in self.only


def _apigateway(names: StackNames, path: str) -> str:
    return names.arn("apigateway", path, account=False)


def _rest_api(names: StackNames, logical_id: str) -> str:
    return str(names.resolve(names.properties(logical_id)["RestApiId"], logical_id))


def _api_paths(kind: str) -> Callable[[StackNames, str], list[str]]:
    """Own ARNs of a REST API child: the collection it is created in and the item itself."""

    def paths(names: StackNames, logical_id: str) -> list[str]:
        base = f"/restapis/{_rest_api(names, logical_id)}/{kind}"
        return [_apigateway(names, base), _apigateway(names, f"{base}/{names.ref(logical_id, logical_id)}")]

    return paths


def _rest_api_arns(names: StackNames, logical_id: str) -> list[str]:
    api = _apigateway(names, f"/restapis/{names.ref(logical_id, logical_id)}")
    return [_apigateway(names, "/restapis"), api, _apigateway(names, f"/tags/{api.replace(':', '%3A')}")]


def _stage_arns(names: StackNames, logical_id: str) -> list[str]:
    properties = names.properties(logical_id)
    base = f"/restapis/{_rest_api(names, logical_id)}/stages"
    stage = _apigateway(names, f"{base}/{names.resolve(properties['StageName'], logical_id)}")
    return [_apigateway(names, base), stage, _apigateway(names, f"/tags/{stage.replace(':', '%3A')}")]


def _method_arns(names: StackNames, logical_id: str) -> list[str]:
    properties = names.properties(logical_id)
    resource = names.resolve(properties["ResourceId"], logical_id)
    method = names.resolve(properties["HttpMethod"], logical_id)
    return [_apigateway(names, f"/restapis/{_rest_api(names, logical_id)}/resources/{resource}/methods/{method}")]


def _gateway_response_arns(names: StackNames, logical_id: str) -> list[str]:
    response = names.resolve(names.properties(logical_id)["ResponseType"], logical_id)
    return [_apigateway(names, f"/restapis/{_rest_api(names, logical_id)}/gatewayresponses/{response}")]


def _function_arns(names: StackNames, logical_id: str) -> list[str]:
    return [names.function_arn(logical_id)]


def _version_arns(names: StackNames, logical_id: str) -> list[str]:
    function = names.function_arn_of(logical_id)
    return [function, f"{function}:1"]


def _alias_arns(names: StackNames, logical_id: str) -> list[str]:
    function = names.function_arn_of(logical_id)
    return [function, f"{function}:{names.resolve(names.properties(logical_id)['Name'], logical_id)}"]


def _table_arns(names: StackNames, logical_id: str) -> list[str]:
    table = names.table_arn(logical_id)
    return [table, f"{table}/stream/sample", f"{table}/index/sample"]


def _log_group_arns(names: StackNames, logical_id: str) -> list[str]:
    group = names.log_group_arn(logical_id)
    return [group, f"{group}:*", f"{group}:log-stream:sample"]


def _deployment_group_arns(names: StackNames, logical_id: str) -> list[str]:
    properties = names.properties(logical_id)
    application = names.resolve(properties["ApplicationName"], logical_id)
    return [names.arn("codedeploy", f"deploymentgroup:{application}/{names.name(logical_id)}")]


def _scaling_arns(names: StackNames, logical_id: str) -> list[str]:
    return [names.arn("application-autoscaling", f"scalable-target/{SAMPLE_ID}{SAMPLE_SUFFIX.lower()}")]


def _named(service: str, resource: str, *, region: bool = True) -> Callable[[StackNames, str], list[str]]:
    def arns(names: StackNames, logical_id: str) -> list[str]:
        return [names.arn(service, resource.format(name=names.name(logical_id)), region=region)]

    return arns


def _none(names: StackNames, logical_id: str) -> list[str]:
    """Resources that act only on what they name (a policy on its roles, a permission on its function)."""
    del names, logical_id
    return []


OWN_ARNS: dict[str, Callable[[StackNames, str], list[str]]] = {
    "AWS::ApiGateway::Account": lambda names, logical_id: [_apigateway(names, "/account")],
    "AWS::ApiGateway::RestApi": _rest_api_arns,
    "AWS::ApiGateway::Stage": _stage_arns,
    "AWS::ApiGateway::Deployment": _api_paths("deployments"),
    "AWS::ApiGateway::Resource": _api_paths("resources"),
    "AWS::ApiGateway::RequestValidator": _api_paths("requestvalidators"),
    "AWS::ApiGateway::Method": _method_arns,
    "AWS::ApiGateway::GatewayResponse": _gateway_response_arns,
    "AWS::Lambda::Function": _function_arns,
    "AWS::Lambda::Version": _version_arns,
    "AWS::Lambda::Alias": _alias_arns,
    "AWS::Lambda::Permission": _none,
    "AWS::DynamoDB::Table": _table_arns,
    "AWS::IAM::Role": lambda names, logical_id: [names.role_arn(logical_id)],
    "AWS::IAM::Policy": _none,
    "AWS::KMS::Key": lambda names, logical_id: [names.key_arn(logical_id)],
    "AWS::SNS::Topic": lambda names, logical_id: [names.topic_arn(logical_id)],
    "AWS::SNS::TopicPolicy": _none,
    "AWS::Logs::LogGroup": _log_group_arns,
    "AWS::CloudWatch::Alarm": lambda names, logical_id: [names.alarm_arn(logical_id)],
    "AWS::CloudWatch::Dashboard": _named("cloudwatch", "dashboard/{name}", region=False),
    "AWS::CodeDeploy::Application": _named("codedeploy", "application:{name}"),
    "AWS::CodeDeploy::DeploymentConfig": _named("codedeploy", "deploymentconfig:{name}"),
    "AWS::CodeDeploy::DeploymentGroup": _deployment_group_arns,
    "AWS::ApplicationAutoScaling::ScalableTarget": _scaling_arns,
    "AWS::ApplicationAutoScaling::ScalingPolicy": _scaling_arns,
    "AWS::WAFv2::WebACL": lambda names, logical_id: [names.web_acl_arn(logical_id)],
    "AWS::WAFv2::WebACLAssociation": _none,
    "AWS::WAFv2::LoggingConfiguration": _none,
    "AWS::Logs::ResourcePolicy": _none,
    "AWS::S3::Bucket": lambda names, logical_id: [names.bucket_arn(logical_id)],
    "AWS::S3::BucketPolicy": _none,
    "AWS::Synthetics::Canary": lambda names, logical_id: [names.arn("synthetics", f"canary:{names.name(logical_id)}")],
}


def _literal_arns(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.startswith("arn:"):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _literal_arns(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _literal_arns(item)


def _passed_to(resource_type: str) -> dict[str, tuple[str, ...]]:
    service = PASSED_TO.get(resource_type.split("::")[1])
    return {"iam:PassedToService": (service,)} if service else {}


def _service_linked(arn: str) -> dict[str, tuple[str, ...]]:
    service = arn.split(SERVICE_LINKED_ROLE, 1)[1].split("/", 1)[0]
    return {"iam:AWSServiceName": (service,)}


def related_targets(names: StackNames, logical_id: str) -> list[Target]:
    """What the resource's properties name: referenced resources' own ARNs, literal ARNs, and listed extras."""
    definition = names.resources[logical_id]
    kind = definition["Type"]
    named = {key: value for key, value in definition.get("Properties", {}).items() if key not in POLICY_PROPERTIES}
    scanned = [named, definition.get("UpdatePolicy", {})]
    passed = _passed_to(kind)
    targets: list[Target] = []
    for referenced in dict.fromkeys(referenced_ids(scanned)):
        other = names.resources.get(referenced)
        if other is None or other["Type"] not in OWN_ARNS:
            continue
        targets.extend(Target(arn, passed) for arn in OWN_ARNS[other["Type"]](names, referenced))
    for raw in _literal_arns(names.value(named, logical_id)):
        context = {**passed, **_service_linked(raw)} if SERVICE_LINKED_ROLE in raw else passed
        targets.append(Target(raw, context, literal=True))
    extra = EXTRA_TARGETS.get(kind)
    if extra is not None:
        targets.extend(extra(names, logical_id))
    return targets


def request_context(names: StackNames, logical_id: str) -> dict[str, tuple[str, ...]]:
    """Condition keys every call for this resource carries (beyond tags), where the verifier can tell them."""
    found = REQUEST_CONTEXT.get(names.resources[logical_id]["Type"])
    return found(names, logical_id) if found else {}


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
