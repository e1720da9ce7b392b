"""Physical names built from the project, wave and environment names, and the limits AWS sets on each.

Every name the app gives a resource from configuration is listed here with the longest form it takes, the limit of
the API that receives it, and where that limit is published (the botocore service model an SDK validates with, or the
API reference). The configuration is checked against them when it loads, so a long environment name fails synth with
the limit it breaks rather than a deploy with CloudFormation's error. tests/unit/configuration/test_aws_names.py
checks the limits against botocore's models and every name in the synthesized templates against this list.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass

from configuration.errors import ConfigError
from configuration.regions import known_regions

BOOTSTRAP_QUALIFIER = "hnb659fds"  # CDK's default; every target environment is bootstrapped with it


def bootstrap_role_name(kind: str, account: str, region: str) -> str:
    """A role `cdk bootstrap` creates in a target environment: deploy, lookup, file-publishing, ..."""
    return f"cdk-{BOOTSTRAP_QUALIFIER}-{kind}-role-{account}-{region}"


def api_test_runner_role_name(project: str, environment: str) -> str:
    """Name of the pipeline-account role that runs the API tests of one environment.

    The stage's API test role trusts exactly this principal, so the name is part of the contract
    between the pipeline stack and the service stage.
    """
    return f"{project}-{environment}-api-test-runner"


def api_test_role_name(project: str, environment: str) -> str:
    """Name of the stage's role that may only invoke its API; the pipeline's test runner assumes it."""
    return f"{project}-{environment}-api-test"


def role_boundary_name(project: str, region: str) -> str:
    """The permissions boundary `make bootstrap` creates in each target account and region
    (bootstrap/role-boundary.json); every role of the service stacks carries it, and the execution policy creates
    and changes roles only with it."""
    return f"{project}-role-boundary-{region}"


def stack_reader_role_name(project: str, region: str) -> str:
    """The role the pipeline's checks before an approval read a target's service stacks with
    (bootstrap/stack-reader-role.json). Its name is outside the project prefix, so the execution policy, which
    manages `<project>-*` roles, cannot change it."""
    return f"stack-reader-{project}-{region}"


def stack_check_role_names(project: str) -> tuple[str, str]:
    """The pipeline-account roles of the change check and the permissions check: the only principals the stack
    reader role trusts (bootstrap/stack-reader-role.json names them the same way)."""
    return f"{project}-change-check", f"{project}-permissions-check"


def pipeline_role_name(project: str) -> str:
    """The pipeline's service role. CodePipeline runs the entry-gate and bake Commands rules as this role (its rule
    reference, "Commands"), so the stack reader role trusts it by this name to read the alarm states of the
    project's environments (bootstrap/stack-reader-role.json)."""
    return f"{project}-pipeline"


def drift_check_role_name(project: str) -> str:
    """The pipeline-account role of the drift check: the only principal the drift reader role trusts."""
    return f"{project}-drift-check"


def drift_reader_role_name(project: str, region: str) -> str:
    """The role `make bootstrap` creates in each target to detect drift with (bootstrap/drift-reader-role.json)."""
    return f"drift-reader-{project}-{region}"


def stage_id(name: str) -> str:
    """The PascalCase id of a wave's pipeline stage or an environment's CDK stage: prod-eu -> ProdEu."""
    return "".join(part.capitalize() for part in name.split("-"))


@dataclass(frozen=True)
class Published:
    """Where AWS publishes a limit: an input member of an operation in botocore's service model (its `max`, or, where
    the model has none, its documentation's text), or a guide when no model carries it."""

    service: str
    operation: str
    member: str  # dotted for a nested structure: "pipeline.name"
    documented_only: bool = False  # the model states the limit only in its documentation text

    def __str__(self) -> str:
        where = "documentation of " if self.documented_only else ""
        return f"{where}botocore {self.service} {self.operation} {self.member}"


@dataclass(frozen=True)
class NameLimit:
    """The longest name one resource property gets from configuration, and the most characters AWS accepts there."""

    resource_type: str
    property: str
    longest: Callable[[str, str], str]  # (project, wave or environment name) -> the longest name of this kind
    limit: int
    source: Published | str

    @builtins.property  # the field `property` shadows the builtin in this class body
    def kind(self) -> str:
        return f"{self.resource_type.removeprefix('AWS::')} {self.property}"


def _longest_alarm(project: str, environment: str) -> str:
    """cdk-monitoring-constructs names alarms <prefix>-<monitored name>-<metric>-<severity>; the API's monitored name
    is its own name and stage, which repeats the prefix."""
    return max(
        f"{project}-{environment}-{project}-{environment}-{environment}-Latency-P99-Warning",
        f"{project}-{environment}-ItemsTable-Write-Throttled-Events-Warning",
        f"{project}-{environment}-release-p99-duration",
        key=len,
    )


def _longest_region() -> str:
    """The pipeline's artifact stack in another region carries that region's name."""
    return max(sorted(known_regions()), key=len)


STACK_NAME = Published("cloudformation", "CreateStack", "StackName", documented_only=True)
ENVIRONMENT_NAMES = (
    NameLimit("AWS::CloudFormation::Stack", "StackName", lambda p, e: f"{p}-{e}", 128, STACK_NAME),
    NameLimit("AWS::IAM::Role", "RoleName", api_test_runner_role_name, 64, Published("iam", "CreateRole", "RoleName")),
    NameLimit("AWS::Synthetics::Canary", "Name", lambda p, e: f"{p}-{e}", 255,
              Published("synthetics", "CreateCanary", "Name")),
    NameLimit("AWS::WAFv2::WebACL", "Name", lambda p, e: f"{p}-{e}", 128, Published("wafv2", "CreateWebACL", "Name")),
    NameLimit("AWS::Logs::LogGroup", "LogGroupName", lambda p, e: f"aws-waf-logs-{p}-{e}", 512,
              Published("logs", "CreateLogGroup", "logGroupName")),
    NameLimit("AWS::CloudWatch::Alarm", "AlarmName", _longest_alarm, 255,
              Published("cloudwatch", "PutMetricAlarm", "AlarmName")),
    NameLimit("AWS::CloudWatch::Dashboard", "DashboardName", lambda p, e: f"{p}-{e}", 255,
              Published("cloudwatch", "PutDashboard", "DashboardName", documented_only=True)),
    NameLimit("AWS::CodeBuild::ReportGroup", "Name", lambda p, e: f"{p}-{e}-integration-tests", 128,
              Published("codebuild", "CreateReportGroup", "name")),
)  # fmt: skip
WAVE_NAMES = (
    NameLimit("AWS::IAM::ManagedPolicy", "ManagedPolicyName", lambda p, w: f"{p}-{w}-approvers", 128,
              Published("iam", "CreatePolicy", "PolicyName")),
)  # fmt: skip
PROJECT_NAMES = (
    NameLimit("AWS::CodePipeline::Pipeline", "Name", lambda p, _: f"{p}-delivery", 100,
              Published("codepipeline", "CreatePipeline", "pipeline.name")),
    NameLimit("AWS::CloudFormation::Stack", "StackName", lambda p, _: f"{p}-delivery-pipeline-{_longest_region()}",
              128, STACK_NAME),
    NameLimit("AWS::Logs::LogGroup", "LogGroupName", lambda p, _: f"/aws/codepipeline/{p}-delivery", 512,
              Published("logs", "CreateLogGroup", "logGroupName")),
    NameLimit("AWS::CodeBuild::Project", "Name", lambda p, _: f"{p}-delivery-selfupdate", 150,
              Published("codebuild", "CreateProject", "name")),
    NameLimit("AWS::CodeBuild::ReportGroup", "Name", lambda p, _: f"{p}-unit-tests", 128,
              Published("codebuild", "CreateReportGroup", "name")),
    NameLimit("AWS::CodeStarNotifications::NotificationRule", "Name", lambda p, _: f"{p}-delivery-alerts", 64,
              Published("codestar-notifications", "CreateNotificationRule", "Name")),
    NameLimit("AWS::IAM::Role", "RoleName", lambda p, _: max(stack_check_role_names(p), key=len), 64,
              Published("iam", "CreateRole", "RoleName")),
    NameLimit("AWS::IAM::Role", "RoleName", lambda p, _: stack_reader_role_name(p, _longest_region()), 64,
              Published("iam", "CreateRole", "RoleName")),
    NameLimit("AWS::IAM::Role", "RoleName", lambda p, _: drift_reader_role_name(p, _longest_region()), 64,
              Published("iam", "CreateRole", "RoleName")),
    NameLimit("AWS::IAM::Role", "RoleName", lambda p, _: pipeline_role_name(p), 64,
              Published("iam", "CreateRole", "RoleName")),
    NameLimit("AWS::IAM::Role", "RoleName", lambda p, _: drift_check_role_name(p), 64,
              Published("iam", "CreateRole", "RoleName")),
    NameLimit("AWS::IAM::ManagedPolicy", "ManagedPolicyName", lambda p, _: role_boundary_name(p, _longest_region()),
              128, Published("iam", "CreatePolicy", "PolicyName")),
    NameLimit("AWS::KMS::Alias", "AliasName", lambda p, _: f"alias/{p}-pipeline-artifacts", 256,
              Published("kms", "CreateAlias", "AliasName")),
    NameLimit("AWS::SNS::Topic", "DisplayName", lambda p, _: f"{p} delivery pipeline", 100,
              "Amazon SNS Developer Guide: a topic's display name has up to 100 characters (not in botocore's model)"),
)  # fmt: skip
# Names built from configuration whose API publishes no length limit (botocore apigateway CreateRestApi name).
UNLIMITED = frozenset({("AWS::ApiGateway::RestApi", "Name")})
# Names the CDK generates from the stack's name and cuts to the limit itself (PhysicalName.GENERATE_IF_NEEDED: the
# cross-region artifact bucket), with that limit: S3 bucket names have 3 to 63 characters (Amazon S3 User Guide).
CDK_GENERATED = {("AWS::S3::Bucket", "BucketName"): 63}


def check_names(limits: tuple[NameLimit, ...], project: str, name: str, key: str) -> None:
    """Raise a ConfigError at `key` when a name built from `project` and `name` is over its limit (for the project's
    own names, `name` is the project)."""
    for rule in limits:
        built = rule.longest(project, name)
        if len(built) > rule.limit:
            at_most = max(rule.limit - len(built) + len(name), 0)
            given = "" if key == "project" else " with this project name"
            raise ConfigError(
                key,
                f"is too long: at most {at_most} characters{given} (the {rule.kind} '{built}' has {len(built)} "
                f"characters, over AWS's {rule.limit}; {rule.source})",
            )
