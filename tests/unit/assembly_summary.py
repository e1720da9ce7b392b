"""A compact, comparable summary of a synthesized assembly: every stack's resources and their key properties.

The default configuration's summary is committed (tests/unit/fixtures/default-assembly.json) so that a change
which should leave the default templates alone (a refactoring of how they are built) is shown to do so:

    python -m tests.unit.assembly_summary cdk.out > tests/unit/fixtures/default-assembly.json

Per resource: its type, its physical names in clear, and a digest of its key properties (those that decide what
it does: policies, settings, the pipeline's layout), with asset hashes masked so a code change does not count.
For the same reason a function's current version is named without the hash CDK appends to its logical id (a
digest of the function's code and configuration), wherever the id appears.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from verify.assembly import load_stacks

ASSET_HASH = re.compile(r"[0-9a-f]{64}")
VERSION_ID = re.compile(r"^(?P<stable>\w+CurrentVersion[0-9A-F]{8})[0-9a-f]{32}$")
RESOURCE_ATTRIBUTES = ("DeletionPolicy", "UpdateReplacePolicy", "DependsOn")
KEY_PROPERTIES: dict[str, tuple[str, ...]] = {
    "AWS::Lambda::Function": ("Runtime", "Handler", "MemorySize", "Timeout", "ReservedConcurrentExecutions",
                              "Environment", "SnapStart", "TracingConfig", "Role"),
    "AWS::Lambda::Alias": ("RoutingConfig",),
    "AWS::DynamoDB::Table": ("KeySchema", "ProvisionedThroughput", "DeletionProtectionEnabled", "SSESpecification",
                             "PointInTimeRecoverySpecification", "StreamSpecification", "TimeToLiveSpecification"),
    "AWS::ApiGateway::Stage": ("MethodSettings", "Variables", "AccessLogSetting", "TracingEnabled"),
    "AWS::ApiGateway::Method": ("HttpMethod", "AuthorizationType", "RequestParameters", "Integration"),
    "AWS::CloudWatch::Alarm": ("MetricName", "Metrics", "Threshold", "ComparisonOperator", "EvaluationPeriods",
                               "Dimensions", "AlarmActions", "OKActions", "TreatMissingData"),
    "AWS::IAM::Role": ("AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns"),
    "AWS::IAM::Policy": ("PolicyDocument", "Roles"),
    "AWS::IAM::ManagedPolicy": ("PolicyDocument", "Roles"),
    "AWS::KMS::Key": ("KeyPolicy", "EnableKeyRotation"),
    "AWS::SNS::TopicPolicy": ("PolicyDocument",),
    "AWS::S3::BucketPolicy": ("PolicyDocument",),
    "AWS::S3::Bucket": ("BucketEncryption", "LifecycleConfiguration", "LoggingConfiguration"),
    "AWS::WAFv2::WebACL": ("Rules", "DefaultAction"),
    "AWS::CodeBuild::Project": ("Environment", "Source", "ServiceRole", "Cache"),
    "AWS::CodeDeploy::DeploymentGroup": ("DeploymentConfigName", "AlarmConfiguration", "TriggerConfigurations"),
    "AWS::Synthetics::Canary": ("Schedule", "RuntimeVersion", "ExecutionRoleArn"),
    "AWS::ApplicationAutoScaling::ScalableTarget": ("MinCapacity", "MaxCapacity"),
}  # fmt: skip


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return ASSET_HASH.sub("<asset>", value)
    if isinstance(value, list):
        return [_masked(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _masked(item) for key, item in value.items()}
    return value


def _pipeline_layout(stages: list[Mapping[str, Any]]) -> list[Any]:
    """The pipeline as its stages' actions: name, run order, provider, the role it runs as."""
    layout = []
    for stage in stages:
        actions = [
            [action["Name"], action.get("RunOrder", 1), action["ActionTypeId"]["Provider"], action.get("RoleArn")]
            for action in stage["Actions"]
        ]
        layout.append([stage["Name"], sorted(actions, key=json.dumps)])
    return layout


def _key_properties(kind: str, definition: Mapping[str, Any]) -> dict[str, Any]:
    properties = definition.get("Properties", {})
    key = {name: properties[name] for name in KEY_PROPERTIES.get(kind, ()) if name in properties}
    key |= {name: definition[name] for name in RESOURCE_ATTRIBUTES if name in definition}
    key["Tags"] = properties.get("Tags")
    if kind == "AWS::CodePipeline::Pipeline":
        key["Stages"] = _pipeline_layout(properties["Stages"])
    return _masked(key)


def _digest(value: Any) -> str:
    return "sha256:" + hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def _without_code_hashes(resources: Mapping[str, Any]) -> dict[str, Any]:
    """The resources with every current version's logical id stripped of its code hash, in keys and references."""
    renamed = {
        logical_id: f"{match['stable']}<code>"
        for logical_id, definition in resources.items()
        if definition["Type"] == "AWS::Lambda::Version" and (match := VERSION_ID.match(logical_id))
    }
    text = json.dumps(resources)
    for old, new in renamed.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    return json.loads(text)


def summarize(outdir: Path) -> dict[str, Any]:
    """Stack name -> where it deploys and its resources (type, names, key-property digest)."""
    summary = {}
    for stack in load_stacks(outdir):
        resources = {}
        for logical_id, definition in _without_code_hashes(stack.resources).items():
            kind = definition["Type"]
            properties = definition.get("Properties", {})
            names = {name: _masked(value) for name, value in properties.items() if name.endswith("Name")}
            resources[logical_id] = {"Type": kind, "Names": names, "Key": _digest(_key_properties(kind, definition))}
        summary[stack.stack_name] = {"Account": stack.account, "Region": stack.region, "Resources": resources}
    return summary


if __name__ == "__main__":
    json.dump(summarize(Path(sys.argv[1])), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
