"""Wiring: every log group a service writes to is writable by the principal that writes it.

A function writes with its role; API Gateway writes access and execution logs with the account's CloudWatch
role (set by `make bootstrap`); WAF delivers through log delivery, which a log group resource policy scoped to
this account must admit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from cloudformation import as_list
from verify.bootstrap import LoggingRole
from verify.checks.wiring_common import FOREIGN_ACCOUNT, NAME
from verify.findings import Finding
from verify.names import SAMPLE_ID, StackNames
from verify.policy import Principal, Request, evaluate_request, statements
from verify.roles import role_of, role_permissions

LOG_WRITE = ("logs:CreateLogStream", "logs:PutLogEvents")
API_GATEWAY_LOG_ACTIONS = (*LOG_WRITE, "logs:DescribeLogGroups", "logs:DescribeLogStreams")
EXECUTION_LOG_LEVELS = frozenset({"INFO", "ERROR"})
LOGGING_TEMPLATE = "bootstrap/apigateway-cloudwatch-role.json"
WAF_LOG_PREFIX = "aws-waf-logs-"
WELCOME_LOG_GROUP = "/aws/apigateway/welcome"


def _resource_policy_statements(names: StackNames) -> list[Mapping[str, Any]]:
    """The statements of the template's CloudWatch Logs resource policies (their documents are JSON strings)."""
    documents = []
    for logical_id, definition in names.resources.items():
        if definition["Type"] == "AWS::Logs::ResourcePolicy":
            raw = names.resolve(definition["Properties"]["PolicyDocument"], logical_id)
            documents.append(json.loads(raw) if isinstance(raw, str) else raw)
    return statements(documents)


def waf_log_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
    """WAF delivers its logs through log delivery (delivery.logs.amazonaws.com), which a log group resource policy
    must admit, for this account only; and WAF accepts only log groups named aws-waf-logs-*."""
    env = names.environment
    where = f"{env.stack_name}/{logical_id}"
    policy = _resource_policy_statements(names)
    principal = Principal("Service", "delivery.logs.amazonaws.com")
    for destination in as_list(names.resolve(names.properties(logical_id).get("LogDestinationConfigs"), logical_id)):
        if ":logs:" not in str(destination):
            continue
        group = str(destination).removesuffix(":*")
        if not group.split(":log-group:", 1)[-1].startswith(WAF_LOG_PREFIX):
            yield Finding(NAME, where, f"WAF logs only to log groups named {WAF_LOG_PREFIX}*, not {group}",
                          f"name the log group {WAF_LOG_PREFIX}<name>")  # fmt: skip
        for account in (env.account, FOREIGN_ACCOUNT):
            source = f"arn:{env.partition}:logs:{env.region}:{account}:delivery-source:{SAMPLE_ID}"
            context = {"aws:SourceAccount": (account,), "aws:SourceArn": (source,)}
            write = Request("logs:PutLogEvents", f"{group}:log-stream:{SAMPLE_ID}", context, principal)
            allowed = evaluate_request(policy, write).allowed
            if account == env.account and not allowed:
                yield Finding(NAME, where, f"no log group resource policy lets log delivery write {group}",
                              "add one (log_group.add_to_resource_policy) for delivery.logs.amazonaws.com")  # fmt: skip
            if account == FOREIGN_ACCOUNT and allowed:
                yield Finding(NAME, where, f"log delivery may write {group} for any account",
                              "scope the resource policy with aws:SourceAccount and aws:SourceArn")  # fmt: skip


def _writable(permissions: Sequence[Mapping[str, Any]], group_arn: str, actions: Iterable[str]) -> list[str]:
    """The actions a principal with `permissions` may NOT perform on the log group."""
    stream = f"{group_arn}:log-stream:{SAMPLE_ID}"
    targets = {"logs:PutLogEvents": stream, "logs:CreateLogStream": stream, "logs:DescribeLogGroups": "*"}
    return [
        action
        for action in actions
        if not evaluate_request(permissions, Request(action, targets.get(action, group_arn))).allowed
    ]


def function_log_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
    properties = names.properties(logical_id)
    role_id = role_of(names, properties.get("Role"))
    if role_id is None:
        return
    group = (properties.get("LoggingConfig") or {}).get("LogGroup")
    group_name = names.resolve(group, logical_id) if group else f"/aws/lambda/{names.function_name(logical_id)}"
    role = role_permissions(names, role_id)
    if role.managed_policies:
        return  # a managed policy's content is not in the template; LeastPrivilege-LP3 reports it
    actions = LOG_WRITE if group else ("logs:CreateLogGroup", *LOG_WRITE)
    missing = _writable(role.permissions, names.arn("logs", f"log-group:{group_name}"), actions)
    if missing:
        yield Finding(NAME, f"{names.environment.stack_name}/{logical_id}",
                      f"its role {role_id} cannot write its log group {group_name}: {', '.join(missing)}",
                      "grant them on the log group (log_group.grant_write(role))")  # fmt: skip


def _stage_log_groups(names: StackNames, logical_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """(log group ARN, actions API Gateway needs) for a stage's access and execution logs."""
    properties = names.properties(logical_id)
    groups: list[tuple[str, tuple[str, ...]]] = []
    destination = (properties.get("AccessLogSetting") or {}).get("DestinationArn")
    if destination is not None:
        groups.append((str(names.resolve(destination, logical_id)).removesuffix(":*"), API_GATEWAY_LOG_ACTIONS))
    settings = as_list(properties.get("MethodSettings"))
    if any(s.get("LoggingLevel") in EXECUTION_LOG_LEVELS or s.get("DataTraceEnabled") is True for s in settings):
        api = names.resolve(properties["RestApiId"], logical_id)
        stage = names.resolve(properties["StageName"], logical_id)
        group = names.arn("logs", f"log-group:API-Gateway-Execution-Logs_{api}/{stage}")
        groups.append((group, ("logs:CreateLogGroup", *API_GATEWAY_LOG_ACTIONS)))
    if groups:
        # Setting the account's role, API Gateway writes a first event to this group with it, and refuses a role
        # that cannot ("The role ARN does not have required permissions configured"; docs/failure-modes.md).
        groups.append((names.arn("logs", f"log-group:{WELCOME_LOG_GROUP}"), ("logs:CreateLogGroup", *LOG_WRITE)))
    return groups


def stage_log_findings(names: StackNames, logical_id: str, logging_role: LoggingRole | None) -> Iterator[Finding]:
    groups = _stage_log_groups(names, logical_id)
    if not groups:
        return
    where = f"{names.environment.stack_name}/{logical_id}"
    if logging_role is None:
        yield Finding(NAME, where, "API Gateway writes its logs with the account's CloudWatch role, which nothing sets",
                      f"set it per account and region with `make bootstrap` ({LOGGING_TEMPLATE})")  # fmt: skip
        return
    trusted = Request("sts:AssumeRole", logging_role.arn, {}, Principal("Service", "apigateway.amazonaws.com"))
    if not evaluate_request(logging_role.trust, trusted).allowed:
        yield Finding(NAME, where, f"{logging_role.source} does not let API Gateway assume it",
                      "trust apigateway.amazonaws.com in its AssumeRolePolicyDocument")  # fmt: skip
    for group_arn, actions in groups:
        missing = _writable(logging_role.permissions, group_arn, actions)
        if missing:
            yield Finding(NAME, where, f"{logging_role.source} cannot write {group_arn}: {', '.join(missing)}",
                          f"grant them on that log group in {logging_role.source}")  # fmt: skip


def _has_commands(stage: Mapping[str, Any]) -> bool:
    conditions = [
        c for when in ("BeforeEntry", "OnSuccess", "OnFailure") for c in (stage.get(when) or {}).get("Conditions", [])
    ]
    rules = [rule for condition in conditions for rule in condition.get("Rules", [])]
    kinds = [item.get("RuleTypeId") or item.get("ActionTypeId") or {} for item in (*rules, *stage.get("Actions", []))]
    return any(kind.get("Provider") == "Commands" for kind in kinds)


def pipeline_log_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
    """CodePipeline creates /aws/codepipeline/<pipeline> and writes the output of Commands rules and actions to it
    with the pipeline's service role (the Commands rule reference, "Service role policy permissions"): the role
    must create the group and write its streams, and the stack must not make a group of that name (it would collide
    with the one CodePipeline made, and a retained one with the stack made again). CloudWatch Logs authorizes
    CreateLogGroup against `log-group:NAME:log-stream:`, which only the `log-group:NAME:*` form of the ARN covers."""
    properties = names.properties(logical_id)
    if not any(_has_commands(stage) for stage in properties.get("Stages", [])):
        return
    where = f"{names.environment.stack_name}/{logical_id}"
    group_name = f"/aws/codepipeline/{names.resolve(properties.get('Name'), logical_id)}"
    for name, definition in names.resources.items():
        if definition["Type"] == "AWS::Logs::LogGroup" and (
            names.resolve(definition.get("Properties", {}).get("LogGroupName"), name) == group_name
        ):
            yield Finding(NAME, where, f"the stack makes {group_name} ({name}), which CodePipeline creates itself "
                          "when a Commands rule or action runs", "remove the group from the stack; grant "
                          "logs:CreateLogGroup on log-group:NAME:* to the pipeline's role")  # fmt: skip
    role_id = role_of(names, properties.get("RoleArn"))
    if role_id is None:
        return
    group_arn = names.arn("logs", f"log-group:{group_name}")
    permissions = role_permissions(names, role_id).permissions
    missing = _writable(permissions, group_arn, LOG_WRITE)
    if not evaluate_request(permissions, Request("logs:CreateLogGroup", f"{group_arn}:log-stream:")).allowed:
        missing.insert(0, "logs:CreateLogGroup")
    if missing:
        yield Finding(NAME, where, f"its role {role_id} cannot create and write the Commands log group "
                      f"{group_name}: {', '.join(missing)}", "grant logs:CreateLogGroup, logs:CreateLogStream and "
                      f"logs:PutLogEvents on {group_arn}:* (CodePipeline's Commands rule reference)")  # fmt: skip
