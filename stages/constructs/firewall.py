"""The API stage's web application firewall: AWS managed rules and a rate limit per client IP, logged.

Requests are judged before they cost a Lambda invocation or DynamoDB capacity: known-bad inputs, common
exploit patterns and IPs on Amazon's reputation list are blocked, and one client IP cannot send more than the
environment's `wafRateLimit` requests in 5 minutes. Bodies are validated by the function (up to 64 KiB), so the
common rule set's 8 KB body-size rule only counts.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Aws, Fn, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from configuration import EnvironmentConfig
from stages.constructs.log_groups import retention

WAF_LOG_PREFIX = "aws-waf-logs-"  # WAF writes only to log groups named so
# (name, rules switched to count). Order matters little here: WAF evaluates every rule until one blocks.
MANAGED_RULE_GROUPS = (
    ("AWSManagedRulesAmazonIpReputationList", ()),
    ("AWSManagedRulesKnownBadInputsRuleSet", ()),
    ("AWSManagedRulesCommonRuleSet", ("SizeRestrictions_BODY",)),
)


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )


def _managed_rule(priority: int, name: str, counted: tuple[str, ...]) -> wafv2.CfnWebACL.RuleProperty:
    overrides = [
        wafv2.CfnWebACL.RuleActionOverrideProperty(
            name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
        )
        for rule in counted
    ]
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=name, rule_action_overrides=overrides or None
            )
        ),
        visibility_config=_visibility(name),
    )


def _rate_rule(priority: int, limit: int) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name="RequestsPerClientIp",
        priority=priority,
        action=wafv2.CfnWebACL.RuleActionProperty(block={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP", limit=limit, evaluation_window_sec=300
            )
        ),
        visibility_config=_visibility("RequestsPerClientIp"),
    )


class ApiFirewall(Construct):
    """A regional web ACL on one API stage, with its own log group (kept as long as the environment says)."""

    def __init__(
        self, scope: Construct, construct_id: str, *, project: str, environment: EnvironmentConfig, stage_arn: str
    ) -> None:
        super().__init__(scope, construct_id)
        name = f"{project}-{environment.name}"
        rules = [_rate_rule(0, environment.waf_rate_limit)]
        rules += [
            _managed_rule(priority, rule, counted) for priority, (rule, counted) in enumerate(MANAGED_RULE_GROUPS, 1)
        ]
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=name,
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            rules=rules,
            visibility_config=_visibility(name),
        )
        wafv2.CfnWebACLAssociation(self, "Association", resource_arn=stage_arn, web_acl_arn=self.web_acl.attr_arn)
        self.log_group = self._log_group(name, environment)
        logging = wafv2.CfnLoggingConfiguration(
            self,
            "Logging",
            resource_arn=self.web_acl.attr_arn,
            log_destination_configs=[self._log_group_arn(self.log_group)],
        )
        logging.node.add_dependency(self.log_group.node.find_child("Policy"))  # WAF may deliver once it exists

    def _log_group(self, name: str, environment: EnvironmentConfig) -> logs.LogGroup:
        """WAF needs a name of its own (aws-waf-logs-*). It ends in the stack's id, so the group a deleted stack
        kept does not stop the environment being created again, and a failed create removes it
        (RetainExceptOnCreate: verify/checks/retain_on_create.py)."""
        stack_id = Fn.select(2, Fn.split("/", Aws.STACK_ID))
        group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"{WAF_LOG_PREFIX}{name}-{stack_id}",
            retention=retention(environment.log_retention_days),
            removal_policy=(
                RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE if environment.retain_data else RemovalPolicy.DESTROY
            ),
        )
        stack = Stack.of(self)
        # WAF delivers its logs through CloudWatch Logs' log delivery service, for this account's web ACLs only.
        group.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("delivery.logs.amazonaws.com")],
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[f"{self._log_group_arn(group)}:log-stream:*"],
                conditions={
                    "StringEquals": {"aws:SourceAccount": stack.account},
                    "ArnLike": {"aws:SourceArn": f"arn:{stack.partition}:logs:{stack.region}:{stack.account}:*"},
                },
            )
        )
        return group

    def _log_group_arn(self, group: logs.LogGroup) -> str:
        """The log group's ARN as WAF wants it, without CloudWatch Logs' trailing `:*`."""
        return Stack.of(self).format_arn(
            service="logs", resource="log-group", resource_name=group.log_group_name,
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )  # fmt: skip
