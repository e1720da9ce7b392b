"""Where the pipeline tells people it needs them: an encrypted, SSL-only topic fed by a notification rule."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_codestarnotifications as notifications
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

NOTIFICATIONS_SERVICE = "codestar-notifications.amazonaws.com"

# A failed run and a waiting approval are the two events someone has to act on; the rest is console noise.
# (CodeStar Notifications' event type ids; CDK's PipelineNotificationEvents enum carries the same strings.)
PIPELINE_EVENTS = (
    "codepipeline-pipeline-pipeline-execution-failed",
    "codepipeline-pipeline-manual-approval-needed",
)


class PipelineNotifications(Construct):
    """The topic people subscribe to (see docs/deploy.md); the rule is attached with `notify`."""

    def __init__(self, scope: Construct, construct_id: str, *, project: str) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self,
            "Key",
            description=f"Encrypts the {project} pipeline's notification topic",
            enable_key_rotation=True,
        )
        # Notifications publishes to an encrypted topic only if it may use the topic's key.
        self.key.grant(iam.ServicePrincipal(NOTIFICATIONS_SERVICE), "kms:GenerateDataKey*", "kms:Decrypt")
        self.topic = sns.Topic(
            self,
            "Topic",
            display_name=f"{project} delivery pipeline",
            master_key=self.key,
            enforce_ssl=True,
        )
        # Only notification rules of this account may publish (the rule is an L1 so that CDK does not add its own,
        # unconditioned publish grant for the service).
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowThisAccountsNotificationRules",
                principals=[iam.ServicePrincipal(NOTIFICATIONS_SERVICE)],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            )
        )
        self._rule_name = f"{project}-delivery-alerts"

    def notify(self, pipeline: codepipeline.Pipeline) -> None:
        """Send the pipeline's failures and pending approvals to the topic."""
        rule = notifications.CfnNotificationRule(
            pipeline,
            "Notifications",
            name=self._rule_name,
            detail_type="FULL",
            event_type_ids=list(PIPELINE_EVENTS),
            resource=pipeline.pipeline_arn,
            targets=[notifications.CfnNotificationRule.TargetProperty(target_address=self.topic.topic_arn,
                                                                      target_type="SNS")],
        )  # fmt: skip
        rule.node.add_dependency(self.topic.node.find_child("Policy"))  # the rule may publish once it exists
