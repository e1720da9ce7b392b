"""A production wave's stage-level release controls (CodePipeline V2 stage conditions, docs/pipeline.md):

- entry gate: a BeforeEntry condition (result FAIL) whose rules check that no alarm of the previous wave's
  environments (their service alarms and their synthetic canary's alarm) is in ALARM;
- bake: an OnSuccess condition (result ROLLBACK) whose rules watch the wave's own alarms for the bake time;
- rollback: OnFailure result ROLLBACK, to the stage's last successful execution.

CodePipeline's CloudWatchAlarm rule reads an alarm in the pipeline's own account; the service alarms live in the
target accounts. The rules are Commands rules, which CodePipeline runs as the pipeline's service role (its rule
reference, "Commands"): that role may assume each checked target's stack reader role
(bootstrap/stack-reader-role.json), which may describe alarms in that account, and create and write the log group
CodePipeline writes the rules' output to. A rule that fails prints the environment and the alarms in ALARM.
CDK Pipelines has no API for stage conditions: they are set on the synthesized CfnPipeline.
"""

from __future__ import annotations

import shlex
from functools import cache
from typing import Any

from aws_cdk import Acknowledgment, ArnFormat, Stack, Token, Validations, pipelines
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from botocore.loaders import create_loader
from constructs import Construct

from configuration import AppConfig, ConfigError, EnvironmentConfig, stage_id
from pipeline.change_check import reader_role
from pipeline.names import pipeline_name
from stages.children import default_child, find_child

SESSION = "release-gate"
ALARM_TYPES = "MetricAlarm CompositeAlarm"  # DescribeAlarms returns metric alarms only unless told otherwise
RULE_LOG_ACTIONS = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")  # the Commands rule reference
CREDENTIALS = '"Credentials.[AccessKeyId,SecretAccessKey,SessionToken]"'


def alarm_prefix(project: str, environment: EnvironmentConfig) -> str:
    """Every alarm of an environment's service stack is named `<project>-<environment>-...` (stages/constructs)."""
    return f"{project}-{environment.name}-"


def firing_query(project: str, environment: EnvironmentConfig, others: tuple[str, ...]) -> str:
    """The names of the alarms in ALARM, metric and composite, on one line (empty when none is).

    Environment names may contain dashes, so `items-api-prod-` also prefixes every alarm of `prod-eu`: the
    query leaves out the alarms of every other configured environment whose prefix extends this one."""
    own = alarm_prefix(project, environment)
    longer = [f"{project}-{name}-" for name in sorted(others)
              if name != environment.name and f"{project}-{name}-".startswith(own)]  # fmt: skip
    test = "".join(f" | [?!starts_with(AlarmName,'{prefix}')]" for prefix in longer)
    return f'"[MetricAlarms[],CompositeAlarms[]][]{test} | [].AlarmName"'


def health_check(stack: Stack, project: str, environment: EnvironmentConfig, others: tuple[str, ...] = ()) -> str:
    """One shell line: assume the environment's reader role, list its alarms in ALARM, fail naming them.

    A Commands rule takes single-line commands only (CodePipeline's rule reference), hence one line."""
    where = f"{environment.name} ({environment.account} {environment.region})"
    query = firing_query(project, environment, others)
    return (
        f"c=$(aws sts assume-role --role-arn {reader_role(stack, project, environment)} --role-session-name {SESSION}"
        f" --query {CREDENTIALS} --output text) || exit 1; set -- $c; "
        "f=$(AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=$2 AWS_SESSION_TOKEN=$3 aws cloudwatch describe-alarms"
        f" --region {environment.region} --alarm-types {ALARM_TYPES} --alarm-name-prefix"
        f" {alarm_prefix(project, environment)} --state-value ALARM --query {query}"
        " --output text) || exit 1; "
        f'if [ -n "$f" ]; then echo {shlex.quote(f"{where}: in ALARM:")} "$f"; exit 1; fi; '
        f"echo {shlex.quote(f'{where}: no alarm in ALARM')}"
    )


def bake(stack: Stack, project: str, environment: EnvironmentConfig, minutes: int, others: tuple[str, ...] = ()) -> str:
    """One shell line: the health check once a minute for `minutes`; the first alarm in ALARM fails it."""
    return (
        f"end=$(($(date +%s)+{minutes * 60})); while true; do {health_check(stack, project, environment, others)}; "
        '[ "$(date +%s)" -ge "$end" ] && break; sleep 60; done'
    )


class ReleaseControls(Construct):
    """The conditions of every production wave's stage of the built pipeline, and what its rules need."""

    def __init__(self, scope: Construct, construct_id: str, *, config: AppConfig, pipeline: pipelines.CodePipeline):
        super().__init__(scope, construct_id)
        self._config = config
        self._stack = Stack.of(self)
        underlying = pipeline.pipeline  # built: CDK Pipelines has no API for stage conditions
        self._pipeline_role = underlying.role
        self._others = tuple(config.environments)
        self.writes_logs = False  # set by the first rule: rollback alone writes no log
        cfn = default_child(underlying, codepipeline.CfnPipeline)
        names = [stage.stage_name for stage in underlying.stages]
        for position, wave in enumerate(config.waves):
            if wave.controls is None:
                continue
            index = names.index(stage_id(wave.name))
            for key, value in self.conditions(position).items():
                cfn.add_property_override(f"Stages.{index}.{key}", value)

    def conditions(self, position: int) -> dict[str, Any]:
        """The stage conditions of the wave at `position` in the configuration (which also names the configuration
        key of an error), as CloudFormation writes them (AWS::CodePipeline::Pipeline StageDeclaration).

        Each of BeforeEntry and OnSuccess holds one condition (botocore's ConditionList: exactly one) of one rule
        per environment (RuleDeclarationList: at most five; the configuration refuses larger production waves)."""
        waves = self._config.waves
        wave, previous = waves[position], waves[position - 1] if position > 0 else None
        controls = wave.controls
        assert controls is not None
        project, others = self._config.project, self._others
        found: dict[str, Any] = {}
        if controls.entry_gate and previous is not None:
            rules = [self._rule(f"Healthy-{env.name}", health_check(self._stack, project, env, others),
                                f"waves[{position - 1}].environments[{i}].name")
                     for i, env in enumerate(previous.environments)]  # fmt: skip
            self._grant_reading(previous.environments)
            found["BeforeEntry"] = {"Conditions": [{"Result": "FAIL", "Rules": rules}]}
        if controls.bake_minutes:
            minutes = controls.bake_minutes
            rules = [self._rule(f"Bake-{env.name}", bake(self._stack, project, env, minutes, others),
                                f"waves[{position}].environments[{i}].name")
                     for i, env in enumerate(wave.environments)]  # fmt: skip
            self._grant_reading(wave.environments)
            found["OnSuccess"] = {"Conditions": [{"Result": "ROLLBACK", "Rules": rules}]}
        if controls.rollback:
            found["OnFailure"] = {"Result": "ROLLBACK"}
        return found

    def _rule(self, name: str, command: str, key: str) -> dict[str, Any]:
        """A Commands rule. It names no RoleArn: the field is optional and, for this rule, CodePipeline assumes the
        pipeline's service role (its rule reference); naming that role may make UpdatePipeline ask that the role can
        assume itself, as it does for actions (aws/aws-cdk#11353). A command longer than CodePipeline takes refuses
        the configuration (`key` names the environment it checks)."""
        self._refuse_long(name, command, key)
        self._write_logs()
        return {
            "Name": name,
            "RuleTypeId": {"Category": "Rule", "Owner": "AWS", "Provider": "Commands", "Version": "1"},
            "Commands": [command],
        }

    def _refuse_long(self, name: str, command: str, key: str) -> None:
        """The command grows with the project's and environment's names and with every configured environment
        whose name extends this one's (its alarms are left out by name), so no name pattern bounds it: measure it,
        with the longest partition name where the partition is still a token."""
        partition = self._stack.partition
        measured = len(command.replace(partition, longest_partition()) if Token.is_unresolved(partition) else command)
        limit = command_limit()
        if measured > limit:
            raise ConfigError(
                key,
                f"makes the {name} rule's command {measured:,} characters, over the {limit:,} CodePipeline takes "
                f"(botocore's codepipeline Command): shorten this name, the project's, or those of the environments "
                "whose names start with this one",
                '"prod-eu"',
            )

    def _grant_reading(self, environments: tuple[EnvironmentConfig, ...]) -> None:
        self._pipeline_role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["sts:AssumeRole"],
                resources=[reader_role(self._stack, self._config.project, env) for env in environments],
            )
        )

    def _write_logs(self) -> None:
        """The pipeline role's right to create and write the rules' log group, exactly as CodePipeline's rule
        reference ("Commands", service role policy permissions) lists it: CodePipeline creates
        /aws/codepipeline/<pipeline> itself when a rule runs, so the stack makes no group (a named group made here
        would collide with the one CodePipeline made, and a retained one with the stack made again). CloudWatch Logs
        authorizes CreateLogGroup against `log-group:NAME:log-stream:` and the stream calls against
        `log-group:NAME:log-stream:STREAM`, both inside `log-group:NAME:*`."""
        if self.writes_logs:
            return
        self.writes_logs = True
        group = rule_log_group(self._stack, self._config.project)
        statement = iam.PolicyStatement(actions=list(RULE_LOG_ACTIONS), resources=[group])
        self._pipeline_role.add_to_principal_policy(statement)
        policy = default_child(find_child(self._pipeline_role, "DefaultPolicy", iam.Policy), iam.CfnPolicy)
        Validations.of(policy).acknowledge(
            Acknowledgment(
                id=f"AwsSolutions::AwsSolutions-IAM5[Resource::{self._stack.resolve(group)}]",
                reason="The pipeline's own Commands log group and its streams (CodePipeline names one per rule run), "
                "as CodePipeline's Commands rule reference grants them.",
            )
        )


@cache
def command_limit() -> int:
    """The longest command of a rule, from the pinned botocore's codepipeline model (Command: 1 to 1,000)."""
    model = create_loader().load_service_model("codepipeline", "service-2")
    return int(model["shapes"]["Command"]["max"])


@cache
def longest_partition() -> str:
    """The longest partition name of botocore's partitions data, for a command whose partition is still a token."""
    names: list[str] = [partition["id"] for partition in create_loader().load_data("partitions")["partitions"]]
    return max(names, key=len)


def rule_log_group_name(project: str) -> str:
    """Where CodePipeline writes the output of the pipeline's Commands rules and actions."""
    return f"/aws/codepipeline/{pipeline_name(project)}"


def _group_arn(stack: Stack, project: str) -> str:
    return stack.format_arn(
        service="logs",
        resource="log-group",
        resource_name=rule_log_group_name(project),
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )


def rule_log_group(stack: Stack, project: str) -> str:
    """The rules' log group in the `:*` form that covers its creation and its streams."""
    return f"{_group_arn(stack, project)}:*"


def rule_log_streams(stack: Stack, project: str) -> str:
    """Every log stream of the rules' log group, as CloudWatch Logs authorizes stream-level calls."""
    return f"{_group_arn(stack, project)}:log-stream:*"
