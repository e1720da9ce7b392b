"""Where the pipeline tells people it needs them: an encrypted, SSL-only topic fed by a notification rule."""

from __future__ import annotations

from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

NOTIFICATIONS_SERVICE = "codestar-notifications.amazonaws.com"

# A failed run and a waiting approval are the two events someone has to act on; the rest is console noise.
PIPELINE_EVENTS = (
    codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_FAILED,
    codepipeline.PipelineNotificationEvents.MANUAL_APPROVAL_NEEDED,
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
        self._rule_name = f"{project}-delivery-alerts"

    def notify(self, pipeline: codepipeline.Pipeline) -> None:
        """Send the pipeline's failures and pending approvals to the topic."""
        pipeline.notify_on(
            "Notifications",
            self.topic,
            events=list(PIPELINE_EVENTS),
            notification_rule_name=self._rule_name,
        )
