"""The ARNs CloudFormation's handlers act on for one resource: its own, and those of what it names.

Own ARNs follow each service's ARN format (the IAM catalog's). A resource also acts on what its
properties name: the role a function is given, the function an alias points at, the topics of a topic
policy. Those are found by following references, so a new property pointing at a new resource is covered
without a rule; what properties name without a reference is in verify/implied_targets.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from cloudformation import referenced_ids
from verify.implied_targets import EXTRA_TARGETS, REQUEST_CONTEXT
from verify.names import SAMPLE_ID, SAMPLE_SUFFIX, StackNames
from verify.targets import Target

# The service principals a resource type passes roles to (iam:PassedToService): each is checked on its own call.
PASSED_TO = {
    "Lambda": ("lambda.amazonaws.com",),
    "ApiGateway": ("apigateway.amazonaws.com",),
    "CodeDeploy": ("codedeploy.amazonaws.com",),
    "ApplicationAutoScaling": ("application-autoscaling.amazonaws.com",),
    "SNS": ("sns.amazonaws.com",),
    "CodePipeline": ("codepipeline.amazonaws.com",),
    "CodeBuild": ("codebuild.amazonaws.com",),
    # Synthetics takes the canary's role (CreateCanary), then creates the canary's Lambda function with it; AWS's
    # CloudWatchSyntheticsFullAccess allows PassRole to both services for that reason.
    "Synthetics": ("synthetics.amazonaws.com", "lambda.amazonaws.com"),
}
SERVICE_LINKED_ROLE = ":role/aws-service-role/"
# Policies a resource carries grant access to what they name; CloudFormation does not act on those ARNs.
POLICY_PROPERTIES = frozenset({"AssumeRolePolicyDocument", "PolicyDocument", "Policies", "KeyPolicy", "Tags"})


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


def _subscription_arns(names: StackNames, logical_id: str) -> list[str]:
    """A subscription's ARN is its topic's followed by the subscription's id."""
    topic = names.resolve(names.properties(logical_id)["TopicArn"], logical_id)
    return [f"{topic}:{SAMPLE_ID}"]


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
    "AWS::SNS::Subscription": _subscription_arns,
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


def _passed_to(resource_type: str) -> list[dict[str, tuple[str, ...]]]:
    """One request context per service the resource passes its roles to (none: the ARN is not passed)."""
    services = PASSED_TO.get(resource_type.split("::")[1])
    return [{"iam:PassedToService": (service,)} for service in services] if services else [{}]


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
        arns = OWN_ARNS[other["Type"]](names, referenced)
        targets.extend(Target(arn, context) for arn in arns for context in passed)
    for raw in _literal_arns(names.value(named, logical_id)):
        linked = _service_linked(raw) if SERVICE_LINKED_ROLE in raw else {}
        targets.extend(Target(raw, {**context, **linked}, literal=True) for context in passed)
    extra = EXTRA_TARGETS.get(kind)
    if extra is not None:
        targets.extend(extra(names, logical_id))
    return targets


def request_context(names: StackNames, logical_id: str) -> dict[str, tuple[str, ...]]:
    """Condition keys every call for this resource carries (beyond tags), where the verifier can tell them."""
    found = REQUEST_CONTEXT.get(names.resources[logical_id]["Type"])
    return found(names, logical_id) if found else {}
