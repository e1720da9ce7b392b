"""The Items API function: code from runtime/, its own log group and a role with exactly what it uses."""

from __future__ import annotations

from aws_cdk import Annotations, Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct
from items_api import names

from configuration import EnvironmentConfig
from stages.bundling import runtime_code
from stages.cfn_lint import suppress_role_dependency_warning
from stages.constructs.log_groups import service_log_group

RUNTIME = lambda_.Runtime.PYTHON_3_14
ARCHITECTURE = lambda_.Architecture.X86_64
LIVE_ALIAS = "live"
# Lambda filters JSON application logs at INFO unless told otherwise, and Powertools takes Lambda's level
# (verify/checks/log_levels.py): the environment's logLevel is Lambda's filter too.
LAMBDA_LOG_LEVELS = {
    "DEBUG": lambda_.ApplicationLogLevel.DEBUG,
    "INFO": lambda_.ApplicationLogLevel.INFO,
    "WARNING": lambda_.ApplicationLogLevel.WARN,
    "ERROR": lambda_.ApplicationLogLevel.ERROR,
}
SNAPSTART_NEEDS_VERSIONS = "@aws-cdk/aws-lambda:snapStartRequirePublish"

# Exactly the calls the handler makes: items CRUD with conditions and paged Scan,
# and the conditional put/get/update/delete that Powertools idempotency performs.
ITEMS_TABLE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Scan",
)
IDEMPOTENCY_TABLE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
)


class ItemsFunction(Construct):
    """The handler, a version per change and the `live` alias that the API and CodeDeploy use."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        project: str,
        environment: EnvironmentConfig,
        items_table: dynamodb.ITable,
        idempotency_table: dynamodb.ITable,
    ) -> None:
        super().__init__(scope, construct_id)
        self.log_group = service_log_group(self, "Logs", environment)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Items API handler: items and idempotency table access, its own log group, X-Ray",
        )
        self.function = lambda_.Function(
            self,
            "Handler",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=names.HANDLER,
            code=runtime_code(RUNTIME, ARCHITECTURE),
            memory_size=environment.lambda_memory_mb,
            # A flood cannot take the account's whole concurrency, nor drive the table beyond its capacity
            # (docs/capacity.md has the arithmetic).
            reserved_concurrent_executions=environment.reserved_concurrency,
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if environment.snap_start else None,
            timeout=Duration.seconds(environment.lambda_timeout_seconds),
            tracing=lambda_.Tracing.ACTIVE,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=LAMBDA_LOG_LEVELS[environment.log_level],
            role=self.role,
            # Versions outlive their deployment, so the version a release replaced is still there to roll back to.
            current_version_options=lambda_.VersionOptions(removal_policy=RemovalPolicy.RETAIN),
            environment={
                names.ENV_TABLE_NAME: items_table.table_name,
                names.ENV_IDEMPOTENCY_TABLE_NAME: idempotency_table.table_name,
                names.ENV_ENVIRONMENT: environment.name,
                names.ENV_PROJECT_NAME: project,
                names.ENV_SERVICE_NAME: project,
                names.ENV_LOG_LEVEL: environment.log_level,
                names.ENV_METRICS_NAMESPACE: project,
            },
        )
        if environment.snap_start:  # the `live` alias below serves a published version: what SnapStart snapshots
            Annotations.of(self.function).acknowledge_warning(SNAPSTART_NEEDS_VERSIONS, "every change publishes one")
        items_table.grant(self.role, *ITEMS_TABLE_ACTIONS)
        idempotency_table.grant(self.role, *IDEMPOTENCY_TABLE_ACTIONS)
        self.log_group.grant_write(self.role)
        suppress_role_dependency_warning(self.function)
        # A new version on every code or configuration change; `live` is what callers reach.
        self.alias = lambda_.Alias(self, "Live", alias_name=LIVE_ALIAS, version=self.function.current_version)
