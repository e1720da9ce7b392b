"""The synthetic check: a CloudWatch Synthetics canary that calls the API like a client, on the environment's schedule.

Its script (canary/python/items_canary.py) signs each request with the canary role, which may invoke only the
methods the check uses on this stage, write its run artifacts to its own bucket and its logs, and put Synthetics
metrics. Failed runs alarm to the service's alert topic.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Acknowledgment, ArnFormat, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_synthetics as synthetics
from constructs import Construct
from items_api import names

from canary.python.items_canary import API_URL_VARIABLE, WRITES_VARIABLE
from configuration import EnvironmentConfig
from stages.constructs.api import ItemsApi, execute_api_path
from stages.ordering import after_role_policy

SCRIPT_DIR = Path(__file__).resolve().parents[2] / "canary"
HANDLER = "items_canary.handler"
# The newest Python runtime aws-cdk-lib 2.273's enum offers (Python 3.11, Selenium 4.32; supported, not deprecated).
RUNTIME = synthetics.Runtime.SYNTHETICS_PYTHON_SELENIUM_7_0
ARTIFACT_PREFIX = "runs"
ARTIFACT_DAYS = 31  # run data, artifacts and their access logs are kept as long as Synthetics keeps run history
RUN_TIMEOUT = Duration.seconds(60)
METRICS_NAMESPACE = "CloudWatchSynthetics"
READS = (("GET", names.ITEMS_PATH),)
WRITES = (("POST", names.ITEMS_PATH), ("GET", names.ITEM_PATH), ("DELETE", names.ITEM_PATH))


def canary_name(project: str, environment: str) -> str:
    """Lowercase, `<project>-<environment>` (CloudWatch Synthetics: 1-255 of [0-9a-z_-]); it names the canary's
    Lambda function and log group too (`cwsyn-<name>-<id>`)."""
    return f"{project}-{environment}"


class ItemsCanary(Construct):
    """The canary, its role, its artifact bucket (with access logs) and the alarm on failed runs."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        project: str,
        environment: EnvironmentConfig,
        api: ItemsApi,
        alerts: sns.ITopic,
    ) -> None:
        super().__init__(scope, construct_id)
        self.name = canary_name(project, environment.name)
        self.artifacts = self._artifact_bucket(environment)
        self.role = self._role(api, environment.synthetics.writes)
        every = Duration.minutes(environment.synthetics.every_minutes)
        self.canary = synthetics.Canary(
            self,
            "Canary",
            canary_name=self.name,
            runtime=RUNTIME,
            test=synthetics.Test.custom(
                code=synthetics.Code.from_asset(str(SCRIPT_DIR), exclude=["**/__pycache__", "**/*.pyc"]),
                handler=HANDLER,
            ),
            schedule=synthetics.Schedule.rate(every),
            timeout=RUN_TIMEOUT,
            role=self.role,
            artifacts_bucket_location=synthetics.ArtifactsBucketLocation(bucket=self.artifacts, prefix=ARTIFACT_PREFIX),
            environment_variables={
                API_URL_VARIABLE: api.api.url,
                WRITES_VARIABLE: str(environment.synthetics.writes).lower(),
            },
            success_retention_period=Duration.days(ARTIFACT_DAYS),
            failure_retention_period=Duration.days(ARTIFACT_DAYS),
            provisioned_resource_cleanup=True,  # its Lambda function and layers go with it
        )
        after_role_policy(self.canary, self.role)
        self.alarm = cloudwatch.Alarm(
            self,
            "Failures",
            alarm_name=f"{project}-{environment.name}-synthetics",
            alarm_description=f"The synthetic check {self.name} failed two runs in a row",
            metric=self.canary.metric_success_percent(period=every),
            threshold=100,
            comparison_operator=cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluation_periods=2,
            datapoints_to_alarm=2,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        self.alarm.add_alarm_action(cw_actions.SnsAction(alerts))
        self._acknowledge(api, environment.synthetics.writes)

    def _artifact_bucket(self, environment: EnvironmentConfig) -> s3.Bucket:
        """Run artifacts (logs, HAR files) in a private, SSL-only bucket whose access is logged to a second one."""
        removal = RemovalPolicy.RETAIN if environment.retain_data else RemovalPolicy.DESTROY
        private = {
            "enforce_ssl": True,
            "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
            "object_ownership": s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            "removal_policy": removal,
            "lifecycle_rules": [s3.LifecycleRule(expiration=Duration.days(ARTIFACT_DAYS))],
        }
        # S3 server access logging cannot write to SSE-KMS buckets; Python canaries cannot encrypt artifacts with
        # KMS either (CDK: artifact encryption is for the Node.js runtimes), so both use S3-managed keys.
        access_logs = s3.Bucket(self, "ArtifactAccessLogs", encryption=s3.BucketEncryption.S3_MANAGED, **private)
        return s3.Bucket(
            self,
            "Artifacts",
            encryption=s3.BucketEncryption.S3_MANAGED,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="artifacts/",
            **private,
        )

    def _role(self, api: ItemsApi, writes: bool) -> iam.Role:
        """What the Synthetics runtime needs (CloudWatch user guide, 'Required roles and permissions for canaries')
        and execute-api:Invoke on the check's own methods."""
        stack = Stack.of(self)
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Runs the synthetic check {self.name}: invokes its API's checked methods, writes its results",
        )
        logs = stack.format_arn(service="logs", resource="log-group", resource_name=f"/aws/lambda/cwsyn-{self.name}-*",
                                arn_format=ArnFormat.COLON_RESOURCE_NAME)  # fmt: skip
        methods = READS + (WRITES if writes else ())
        invoke = sorted({api.api.arn_for_execute_api(m, execute_api_path(p), api.stage_name) for m, p in methods})
        results = self.artifacts.arn_for_objects(f"{ARTIFACT_PREFIX}/*")
        for statement in (
            iam.PolicyStatement(actions=["execute-api:Invoke"], resources=invoke),
            iam.PolicyStatement(actions=["s3:PutObject", "s3:GetObject"], resources=[results]),
            iam.PolicyStatement(actions=["s3:GetBucketLocation"], resources=[self.artifacts.bucket_arn]),
            iam.PolicyStatement(actions=["s3:ListAllMyBuckets"], resources=["*"]),
            iam.PolicyStatement(
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], resources=[logs]
            ),
            iam.PolicyStatement(
                actions=["cloudwatch:PutMetricData"],
                resources=["*"],
                conditions={"StringEquals": {"cloudwatch:namespace": METRICS_NAMESPACE}},
            ),
        ):
            role.add_to_policy(statement)
        return role

    def _acknowledge(self, api: ItemsApi, writes: bool) -> None:
        """The role's wildcards: each is the narrowest ARN the resource allows."""
        stack = Stack.of(self)
        policy = self.role.node.find_child("DefaultPolicy").node.default_child
        api_id = stack.get_logical_id(api.api.node.default_child)
        bucket_id = stack.get_logical_id(self.artifacts.node.default_child)
        region_account = f"{stack.region}:{stack.account}"
        findings = {
            "AwsSolutions::AwsSolutions-IAM5[Resource::*]": "s3:ListAllMyBuckets, which the Synthetics runtime calls "
            "(AWS lists it for every canary role) and which has no resource type; cloudwatch:PutMetricData, limited "
            f"to the {METRICS_NAMESPACE} namespace by its condition.",
            f"AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:logs:{region_account}:log-group:/aws/lambda/cwsyn-"
            f"{self.name}-*]": "The log group of this canary's Lambda function, which Synthetics names "
            "cwsyn-<canary>-<random id> when it creates the function.",
            f"AwsSolutions::AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/{ARTIFACT_PREFIX}/*]": "Run artifacts under "
            "this canary's prefix of its own bucket; Synthetics names them per run.",
        }
        if writes:
            for method, path in WRITES[1:]:
                route = f"{api.stage_name}/{method}{execute_api_path(path)}"
                arn = f"arn:aws:execute-api:{region_account}:<{api_id}>/{route}"
                findings[f"AwsSolutions::AwsSolutions-IAM5[Resource::{arn}]"] = (
                    f"{method} {path} of this API and stage only: the '*' stands for the id of the item the check "
                    "created."
                )
        for finding, reason in findings.items():
            Validations.of(policy).acknowledge(Acknowledgment(id=finding, reason=reason))
