"""The physical names and ARNs the resources of one stack will have once CloudFormation creates them.

Names the template sets are used as they are. Generated names take CloudFormation's shape
`<stack name>-<logical id>-<random suffix>` (cut to the service's length limit), with a fixed sample suffix;
ids that only exist after creation (API ids, key ids) are fixed samples. Policies are matched against these
samples, which is exact for the name prefixes the execution policy relies on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cloudformation import Resolver, StackEnvironment, TemplateError
from verify.assembly import DeployedStack

SAMPLE_SUFFIX = "SAMPLESUFFIX1"  # CloudFormation appends 12-13 random characters
SAMPLE_ID = "a1b2c3d4e5"
SAMPLE_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
NAME_LIMITS = {
    "AWS::IAM::Role": 64,
    "AWS::Lambda::Function": 64,
    "AWS::SNS::Topic": 256,
    "AWS::CloudWatch::Alarm": 255,
    "AWS::Logs::LogGroup": 512,
    "AWS::CodeDeploy::Application": 100,
    "AWS::CodeDeploy::DeploymentGroup": 100,
    "AWS::CodeDeploy::DeploymentConfig": 100,
    "AWS::S3::Bucket": 63,
}
NAME_PROPERTIES = {
    "AWS::IAM::Role": "RoleName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::CloudWatch::Alarm": "AlarmName",
    "AWS::CloudWatch::Dashboard": "DashboardName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::CodeDeploy::Application": "ApplicationName",
    "AWS::CodeDeploy::DeploymentGroup": "DeploymentGroupName",
    "AWS::CodeDeploy::DeploymentConfig": "DeploymentConfigName",
    "AWS::S3::Bucket": "BucketName",
}


class StackNames(Resolver):
    """Resolves a stack's intrinsics to the concrete values CloudFormation will produce (samples for random parts)."""

    def __init__(self, stack: DeployedStack, parameters: Mapping[str, str] | None = None) -> None:
        super().__init__(
            dict(stack.template),
            StackEnvironment(
                stack_name=stack.stack_name, account=stack.account, region=stack.region, partition=stack.partition
            ),
        )
        self.stack = stack
        self._parameter_values = dict(parameters or {})

    # Names -------------------------------------------------------------------------------------------

    def _generated_name(self, logical_id: str, explicit_property: str, limit: int) -> str:
        explicit = self.properties(logical_id).get(explicit_property)
        if explicit is not None:
            return str(self.resolve(explicit, f"Resources.{logical_id}.Properties.{explicit_property}"))
        head = f"{self.environment.stack_name}-{logical_id}"[: limit - len(SAMPLE_SUFFIX) - 1]
        return f"{head}-{SAMPLE_SUFFIX}"

    def name(self, logical_id: str) -> str:
        """The physical name of a named resource type (given in the template or generated)."""
        kind = self.resource(logical_id, logical_id)["Type"]
        return self._generated_name(logical_id, NAME_PROPERTIES.get(kind, "Name"), NAME_LIMITS.get(kind, 255))

    def arn(self, service: str, resource: str, *, region: bool = True, account: bool = True) -> str:
        env = self.environment
        return (
            f"arn:{env.partition}:{service}:{env.region if region else ''}:{env.account if account else ''}:{resource}"
        )

    def role_arn(self, logical_id: str) -> str:
        path = str(self.resolve(self.properties(logical_id).get("Path", "/"), logical_id))
        return self.arn("iam", f"role{path}{self.name(logical_id)}", region=False)

    def topic_arn(self, logical_id: str) -> str:
        return self.arn("sns", self.name(logical_id))

    def log_group_name(self, logical_id: str) -> str:
        return self.name(logical_id)

    def log_group_arn(self, logical_id: str) -> str:
        return self.arn("logs", f"log-group:{self.log_group_name(logical_id)}")

    def key_arn(self, logical_id: str) -> str:
        del logical_id  # key ids are random; every key of the stack gets the sample id
        return self.arn("kms", f"key/{SAMPLE_KEY_ID}")

    def web_acl_arn(self, logical_id: str) -> str:
        scope = str(self.resolve(self.properties(logical_id)["Scope"], logical_id)).lower()
        name = self.resolve(self.properties(logical_id)["Name"], logical_id)
        return self.arn("wafv2", f"{scope}/webacl/{name}/{SAMPLE_KEY_ID}")

    def function_arn_of(self, logical_id: str) -> str:
        """The unqualified function ARN behind a version, alias or permission (its FunctionName property)."""
        function = str(self.resolve(self.properties(logical_id)["FunctionName"], logical_id))
        if not function.startswith("arn:"):
            return self.arn("lambda", f"function:{function}")
        return ":".join(function.split(":")[:7])

    def alarm_arn(self, logical_id: str) -> str:
        return self.arn("cloudwatch", f"alarm:{self.name(logical_id)}")

    def bucket_name(self, logical_id: str) -> str:
        """S3 bucket names are lowercase; CloudFormation lowercases the names it generates."""
        explicit = "BucketName" in self.properties(logical_id)
        return self.name(logical_id) if explicit else self.name(logical_id).lower()

    def bucket_arn(self, logical_id: str) -> str:
        return f"arn:{self.environment.partition}:s3:::{self.bucket_name(logical_id)}"

    # Intrinsics ----------------------------------------------------------------------------------------

    def _parameter(self, name: str, where: str) -> str:
        if name in self._parameter_values:
            return self._parameter_values[name]
        return super()._parameter(name, where)

    def ref(self, name: str, where: str) -> str:
        resource = self.resources.get(name)
        if resource is not None and resource.get("Type") in _REFS:
            return _REFS[resource["Type"]](self, name)
        return super().ref(name, where)

    def get_att(self, logical_id: str, attribute: str, where: str) -> str:
        kind = self.resource(logical_id, where).get("Type")
        getter = _ATTRIBUTES.get((kind, attribute))
        if getter is not None:
            return getter(self, logical_id)
        return super().get_att(logical_id, attribute, where)

    def value(self, raw: Any, where: str) -> Any:
        """`resolve`, but an unresolvable value becomes None instead of an error (for optional properties)."""
        try:
            return self.resolve(raw, where)
        except (TemplateError, KeyError, IndexError, ValueError):
            return None


def _sample_id(names: StackNames, logical_id: str) -> str:
    """A stable, distinct sample id for a resource whose id the service chooses."""
    del names
    return f"{SAMPLE_ID}{sum(map(ord, logical_id)) % 1000:03d}"


_REFS: dict[str, Callable[[StackNames, str], str]] = {
    "AWS::IAM::Role": StackNames.name,
    "AWS::IAM::Policy": lambda names, logical_id: f"{names.stack.stack_name}-{logical_id}",
    "AWS::SNS::Topic": StackNames.topic_arn,
    "AWS::KMS::Key": lambda names, logical_id: SAMPLE_KEY_ID,
    "AWS::Logs::LogGroup": StackNames.log_group_name,
    "AWS::CloudWatch::Alarm": StackNames.name,
    "AWS::CloudWatch::Dashboard": StackNames.name,
    "AWS::CodeDeploy::Application": StackNames.name,
    "AWS::CodeDeploy::DeploymentGroup": StackNames.name,
    "AWS::CodeDeploy::DeploymentConfig": StackNames.name,
    "AWS::ApiGateway::Resource": _sample_id,
    "AWS::ApiGateway::Deployment": _sample_id,
    "AWS::ApiGateway::RequestValidator": _sample_id,
    "AWS::ApiGateway::Account": _sample_id,
    "AWS::Lambda::Version": lambda names, logical_id: f"{names.function_arn_of(logical_id)}:1",
    "AWS::ApplicationAutoScaling::ScalableTarget": _sample_id,
    "AWS::S3::Bucket": StackNames.bucket_name,
    "AWS::CodeBuild::Project": StackNames.name,
    "AWS::Synthetics::Canary": StackNames.name,
}
_ATTRIBUTES: dict[tuple[str, str], Callable[[StackNames, str], str]] = {
    ("AWS::IAM::Role", "Arn"): StackNames.role_arn,
    ("AWS::SNS::Topic", "TopicArn"): StackNames.topic_arn,
    ("AWS::SNS::Topic", "TopicName"): StackNames.name,
    ("AWS::KMS::Key", "Arn"): StackNames.key_arn,
    ("AWS::Logs::LogGroup", "Arn"): lambda names, logical_id: f"{names.log_group_arn(logical_id)}:*",
    ("AWS::CloudWatch::Alarm", "Arn"): StackNames.alarm_arn,
    ("AWS::DynamoDB::Table", "StreamArn"): lambda names, logical_id: f"{names.table_arn(logical_id)}/stream/sample",
    ("AWS::ApiGateway::RestApi", "RootResourceId"): lambda names, logical_id: f"{SAMPLE_ID}root",
    ("AWS::Lambda::Version", "Version"): lambda names, logical_id: "1",
    ("AWS::WAFv2::WebACL", "Arn"): StackNames.web_acl_arn,
    ("AWS::WAFv2::WebACL", "Id"): lambda names, logical_id: SAMPLE_KEY_ID,
    ("AWS::S3::Bucket", "Arn"): StackNames.bucket_arn,
    ("AWS::CodeBuild::Project", "Arn"): lambda names, logical_id: names.arn(
        "codebuild", f"project/{names.name(logical_id)}"
    ),
    ("AWS::CodeBuild::ReportGroup", "Arn"): lambda names, logical_id: names.arn(
        "codebuild", f"report-group/{names.name(logical_id)}"
    ),
}
