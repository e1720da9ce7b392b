"""A production wave's stage-level release controls (CodePipeline V2 stage conditions, docs/pipeline.md):

- entry gate: a BeforeEntry condition (result FAIL) whose rules check that no alarm of the previous wave's
  environments (their service alarms and their synthetic canary's alarm) is in ALARM;
- bake: an OnSuccess condition (result ROLLBACK) whose rules watch the wave's own alarms for the bake time;
- rollback: OnFailure result ROLLBACK, to the stage's last successful execution.

CodePipeline's CloudWatchAlarm rule reads an alarm in the pipeline's own account; the service alarms live in the
target accounts. The rules are Commands rules that run as one role of the pipeline account, whose only
cross-account right is to assume each target's stack reader role (bootstrap/stack-reader-role.json), which may
describe the project's alarms in that account. A rule that fails prints the environment and the alarms in ALARM.
CDK Pipelines has no API for stage conditions: they are set on the synthesized CfnPipeline.
"""

from __future__ import annotations

import shlex
from typing import Any

from aws_cdk import Acknowledgment, ArnFormat, Stack, Validations, pipelines
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from constructs import Construct

from configuration import AppConfig, EnvironmentConfig, WaveConfig, release_gate_role_name, stage_id
from pipeline.change_check import reader_role
from pipeline.names import pipeline_name

MAX_RULES_PER_CONDITION = 5  # Condition.rules: 1 to 5 items (botocore's codepipeline model, RuleDeclarationList)
SESSION = "release-gate"
# The alarms of every kind that are in ALARM, as one line of names (empty when none is).
FIRING = '"[MetricAlarms[].AlarmName,CompositeAlarms[].AlarmName][]"'
CREDENTIALS = '"Credentials.[AccessKeyId,SecretAccessKey,SessionToken]"'


def alarm_prefix(project: str, environment: EnvironmentConfig) -> str:
    """Every alarm of an environment's service stack is named `<project>-<environment>-...` (stages/constructs)."""
    return f"{project}-{environment.name}-"


def health_check(stack: Stack, project: str, environment: EnvironmentConfig) -> str:
    """One shell line: assume the environment's reader role, list its alarms in ALARM, fail naming them.

    A Commands rule takes single-line commands only (CodePipeline's rule reference), hence one line."""
    where = f"{environment.name} ({environment.account} {environment.region})"
    return (
        f"c=$(aws sts assume-role --role-arn {reader_role(stack, project, environment)} --role-session-name {SESSION}"
        f" --query {CREDENTIALS} --output text) || exit 1; set -- $c; "
        "f=$(AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=$2 AWS_SESSION_TOKEN=$3 aws cloudwatch describe-alarms"
        f" --region {environment.region} --alarm-name-prefix {alarm_prefix(project, environment)}"
        f" --state-value ALARM --query {FIRING} --output text) || exit 1; "
        f'if [ -n "$f" ]; then echo {shlex.quote(f"{where}: in ALARM:")} "$f"; exit 1; fi; '
        f"echo {shlex.quote(f'{where}: no alarm in ALARM')}"
    )


def bake(stack: Stack, project: str, environment: EnvironmentConfig, minutes: int) -> str:
    """One shell line: the health check once a minute for `minutes`; the first alarm in ALARM fails it."""
    return (
        f"end=$(($(date +%s)+{minutes * 60})); while true; do {health_check(stack, project, environment)}; "
        '[ "$(date +%s)" -ge "$end" ] && break; sleep 60; done'
    )


class ReleaseControls(Construct):
    """The rule role, and the conditions of every production wave's stage of the built pipeline."""

    def __init__(self, scope: Construct, construct_id: str, *, config: AppConfig, pipeline: pipelines.CodePipeline):
        super().__init__(scope, construct_id)
        self._config = config
        self._stack = Stack.of(self)
        underlying = pipeline.pipeline  # built: CDK Pipelines has no API for stage conditions
        self._pipeline_role = underlying.role
        self._role: iam.Role | None = None  # made by the first rule: rollback alone needs none
        cfn = underlying.node.default_child
        assert isinstance(cfn, codepipeline.CfnPipeline)
        names = [stage.stage_name for stage in underlying.stages]
        waves = config.waves
        for position, wave in enumerate(waves):
            if wave.controls is None:
                continue
            index = names.index(stage_id(wave.name))
            for key, value in self.conditions(wave, waves[position - 1] if position > 0 else None).items():
                cfn.add_property_override(f"Stages.{index}.{key}", value)

    def conditions(self, wave: WaveConfig, previous: WaveConfig | None) -> dict[str, Any]:
        """The wave's stage conditions, as CloudFormation writes them (AWS::CodePipeline::Pipeline StageDeclaration)."""
        controls = wave.controls
        assert controls is not None
        found: dict[str, Any] = {}
        if controls.entry_gate and previous is not None:
            rules = [self._rule(f"Healthy-{env.name}", health_check(self._stack, self._config.project, env))
                     for env in previous.environments]  # fmt: skip
            self._grant_reading(previous.environments)
            found["BeforeEntry"] = {"Conditions": _conditions("FAIL", rules)}
        if controls.bake_minutes:
            minutes = controls.bake_minutes
            rules = [self._rule(f"Bake-{env.name}", bake(self._stack, self._config.project, env, minutes))
                     for env in wave.environments]  # fmt: skip
            self._grant_reading(wave.environments)
            found["OnSuccess"] = {"Conditions": _conditions("ROLLBACK", rules)}
        if controls.rollback:
            found["OnFailure"] = {"Result": "ROLLBACK"}
        return found

    @property
    def role(self) -> iam.Role:
        """The role every rule runs as: CodePipeline runs a rule that names a RoleArn by assuming it with the
        pipeline's role, so the pipeline's role alone may assume it."""
        if self._role is None:
            self._role = iam.Role(
                self,
                "RuleRole",
                role_name=release_gate_role_name(self._config.project),
                assumed_by=iam.ArnPrincipal(self._pipeline_role.role_arn),
                description="Runs the pipeline's entry-gate and bake rules; may only read the targets' alarm states",
            )
            self._pipeline_role.add_to_principal_policy(
                iam.PolicyStatement(actions=["sts:AssumeRole"], resources=[self._role.role_arn])
            )
            self._grant_logs(self._role)
        return self._role

    def _rule(self, name: str, command: str) -> dict[str, Any]:
        return {
            "Name": name,
            "RuleTypeId": {"Category": "Rule", "Owner": "AWS", "Provider": "Commands", "Version": "1"},
            "Commands": [command],
            "RoleArn": self.role.role_arn,
        }

    def _grant_reading(self, environments: tuple[EnvironmentConfig, ...]) -> None:
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["sts:AssumeRole"],
                resources=[reader_role(self._stack, self._config.project, env) for env in environments],
            )
        )

    def _grant_logs(self, role: iam.Role) -> None:
        """A Commands rule writes its output to the pipeline's log group (CodePipeline's service role permissions
        for Commands: logs:CreateLogGroup, CreateLogStream and PutLogEvents on /aws/codepipeline/<pipeline>)."""
        group = self._stack.format_arn(
            service="logs",
            resource="log-group",
            resource_name=f"/aws/codepipeline/{pipeline_name(self._config.project)}",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        role.add_to_policy(iam.PolicyStatement(actions=["logs:CreateLogGroup"], resources=[group]))
        streams = f"{group}:log-stream:*"
        role.add_to_policy(
            iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[streams])
        )
        policy = role.node.find_child("DefaultPolicy").node.default_child
        Validations.of(policy).acknowledge(
            Acknowledgment(
                id=f"AwsSolutions::AwsSolutions-IAM5[Resource::{self._stack.resolve(streams)}]",
                reason="The log streams of the pipeline's own Commands log group: CodePipeline names one per rule run.",
            )
        )


def _conditions(result: str, rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules in conditions of at most five; every condition must hold."""
    return [
        {"Result": result, "Rules": rules[start : start + MAX_RULES_PER_CONDITION]}
        for start in range(0, len(rules), MAX_RULES_PER_CONDITION)
    ]
