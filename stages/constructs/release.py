"""Safe releases: CodeDeploy shifts the `live` alias to each new version, tested first and rolled back on alarms.

Before any traffic reaches the new version, a hook calls every route of it directly; a canary share then shifts
first where the environment configures one (prod), else all traffic at once (dev); alarms on the new version
alone roll it back; after the shift, a hook fails the release if those alarms fired at any time during the bake.
Failures, rollbacks and stops are published to the alert topic.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from constructs import Construct

from configuration import EnvironmentConfig
from stages.children import default_child, present
from stages.constructs.release_alarms import ReleaseAlarms
from stages.constructs.release_hooks import ReleaseHooks
from stages.ordering import after_role_policy

# What CodeDeploy tells the alert topic about (its trigger events): a release that did not go out.
NOTIFIED_EVENTS = ("DeploymentFailure", "DeploymentRollback", "DeploymentStop")


class ItemsRelease(Construct):
    """The deployment group of the `live` alias with its hooks, its rollback alarms and a role without managed
    policies."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        project: str,
        environment: EnvironmentConfig,
        function: lambda_.IFunction,
        alias: lambda_.Alias,
        topic: sns.ITopic,
        topic_key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        prefix = f"{project}-{environment.name}-release"
        watch = ReleaseAlarms(
            self,
            "Alarms",
            prefix=prefix,
            function=function,
            alias=alias,
            error_rate_percent=environment.alarm_error_rate_percent,
            timeout_seconds=environment.lambda_timeout_seconds,
            topic=topic,
        )
        self.alarms = watch.alarms
        self.hooks = ReleaseHooks(self, "Hooks", environment=environment, version=alias.version, alarms=self.alarms)
        self.deployment_config = self._deployment_config(environment)
        self.role = self._role(alias, topic, topic_key)
        # Updating the alias starts the release: CodeDeploy must already have this release's policy (its alarms,
        # its hooks), and each hook its own.
        for role in (self.role, *(present(hook.role, "a release hook's role") for hook in self.hooks.functions)):
            after_role_policy(alias, role)
        self.deployment_group = codedeploy.LambdaDeploymentGroup(
            self,
            "DeploymentGroup",
            alias=alias,
            deployment_config=self.deployment_config,
            alarms=self.alarms,
            pre_hook=self.hooks.before_traffic,
            post_hook=self.hooks.after_traffic,
            # Immutable view: the group would otherwise attach AWSCodeDeployRoleForLambdaLimited; the role's
            # inline policy grants the same, narrowed to this alias, these alarms and these hooks.
            role=self.role.without_policy_updates(),
            auto_rollback=codedeploy.AutoRollbackConfig(failed_deployment=True, deployment_in_alarm=True),
        )
        group = default_child(self.deployment_group, codedeploy.CfnDeploymentGroup)
        group.trigger_configurations = [
            codedeploy.CfnDeploymentGroup.TriggerConfigProperty(
                trigger_name="release-not-deployed",
                trigger_target_arn=topic.topic_arn,
                trigger_events=list(NOTIFIED_EVENTS),
            )
        ]
        self.hooks.grant_read_deployments(self.deployment_group.deployment_group_arn)

    def _deployment_config(self, environment: EnvironmentConfig) -> codedeploy.ILambdaDeploymentConfig:
        if environment.canary_percent == 0:
            return codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE
        return codedeploy.LambdaDeploymentConfig(
            self,
            "Canary",
            traffic_routing=codedeploy.TimeBasedCanaryTrafficRouting(
                percentage=environment.canary_percent, interval=Duration.minutes(environment.canary_minutes)
            ),
        )

    def _role(self, alias: lambda_.Alias, topic: sns.ITopic, topic_key: kms.IKey) -> iam.Role:
        """What CodeDeploy needs to shift this alias, read its alarms, run its hooks and publish its triggers."""
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("codedeploy.amazonaws.com"),
            description="Shifts the live alias of the Items API function, runs its hooks, reads its rollback alarms",
        )
        function_arn = alias.version.lambda_.function_arn
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
                # The alias's ARN spelled out, not referenced: the alias waits for this policy (see __init__).
                resources=[function_arn, f"{function_arn}:{alias.alias_name}"],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["lambda:InvokeFunction"], resources=[hook.function_arn for hook in self.hooks.functions]
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(actions=["cloudwatch:DescribeAlarms"], resources=[a.alarm_arn for a in self.alarms])
        )
        # CodeDeploy publishes its triggers with the group's role, to the encrypted alert topic. (Topic.grant_publish
        # would also grant kms:GenerateDataKey*, of which SNS needs only GenerateDataKey.)
        role.add_to_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=[topic.topic_arn]))
        role.add_to_policy(
            iam.PolicyStatement(actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[topic_key.key_arn])
        )
        return role
