"""The service's DynamoDB tables: the items themselves and the idempotency records of POST."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct
from items_api.names import IDEMPOTENCY_EXPIRY_ATTRIBUTE, IDEMPOTENCY_PARTITION_KEY, ITEMS_PARTITION_KEY

from configuration import AUTOSCALING_TARGET_UTILIZATION_PERCENT, EnvironmentConfig


class ItemsData(Construct):
    """Items table (provisioned, PITR, stream, encrypted) and the idempotency table (on-demand, TTL)."""

    def __init__(self, scope: Construct, construct_id: str, *, environment: EnvironmentConfig) -> None:
        super().__init__(scope, construct_id)
        removal = RemovalPolicy.RETAIN if environment.retain_data else RemovalPolicy.DESTROY
        self.items_table = dynamodb.Table(
            self,
            "ItemsTable",
            partition_key=dynamodb.Attribute(name=ITEMS_PARTITION_KEY, type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PROVISIONED,
            read_capacity=environment.table_read_capacity,
            write_capacity=environment.table_write_capacity,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            deletion_protection=environment.deletion_protection,
            removal_policy=removal,
        )
        # The pipeline's change check (verify/change_check/) refuses a deploy that would replace or delete it.
        self.items_table.node.default_child.add_metadata("DataProtection", {"BlockReplacement": True})
        if environment.autoscaling:
            self._autoscale(environment)
        # Idempotency records expire after 24 h; DynamoDB's TTL deletes them, Powertools checks expiry itself.
        self.idempotency_table = dynamodb.Table(
            self,
            "IdempotencyTable",
            partition_key=dynamodb.Attribute(name=IDEMPOTENCY_PARTITION_KEY, type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=IDEMPOTENCY_EXPIRY_ATTRIBUTE,
            deletion_protection=environment.deletion_protection,
            removal_policy=removal,
        )

    def _autoscale(self, environment: EnvironmentConfig) -> None:
        read = self.items_table.auto_scale_read_capacity(
            min_capacity=environment.table_read_capacity, max_capacity=environment.table_max_capacity
        )
        read.scale_on_utilization(target_utilization_percent=AUTOSCALING_TARGET_UTILIZATION_PERCENT)
        write = self.items_table.auto_scale_write_capacity(
            min_capacity=environment.table_write_capacity, max_capacity=environment.table_max_capacity
        )
        write.scale_on_utilization(target_utilization_percent=AUTOSCALING_TARGET_UTILIZATION_PERCENT)
