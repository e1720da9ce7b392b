"""Wiring: what the services do after deploy is allowed by the policies the templates set.

- Every publisher (alarm actions, notification rules) may publish to its topic: the topic policy admits the
  publishing service for this account only (aws:SourceAccount / aws:SourceArn), and the topic's KMS key lets it
  encrypt.
- Every log group a service writes to is writable by the principal that writes it: a function's role for its
  logs; API Gateway's account-level CloudWatch role (set by `make bootstrap`) for access and execution logs.
- Every canary's role may do what the Synthetics runtime does with it (verify/checks/canaries.py).
- Every resource that hands a role to a service depends on that role's policies, so the service never sees the
  role before its permissions exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from verify.assembly import DeployedStack
from verify.bootstrap import LoggingRole
from verify.checks.canaries import canary_findings
from verify.findings import CheckResult, Finding
from verify.names import SAMPLE_ID, StackNames
from verify.policy import Principal, Request, as_list, evaluate_request, statements
from verify.roles import policies_of, referenced_ids, role_of, role_permissions

NAME = "wiring"
FOREIGN_ACCOUNT = "999999999999"
IAM_TYPES = frozenset({"AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"})
POLICY_PROPERTIES = frozenset({"AssumeRolePolicyDocument", "PolicyDocument", "Policies", "KeyPolicy", "Tags"})
PROJECT = "AWS::CodeBuild::Project"
LOG_WRITE = ("logs:CreateLogStream", "logs:PutLogEvents")
API_GATEWAY_LOG_ACTIONS = (*LOG_WRITE, "logs:DescribeLogGroups", "logs:DescribeLogStreams")
EXECUTION_LOG_LEVELS = frozenset({"INFO", "ERROR"})
LOGGING_TEMPLATE = "bootstrap/apigateway-cloudwatch-role.json"


@dataclass(frozen=True)
class Publisher:
    """A resource type that publishes to SNS topics it names, and the service principal that does it."""

    properties: tuple[str, ...]
    service: str
    source_arn: str  # format with names (a StackNames) and logical_id


PUBLISHERS = {
    "AWS::CloudWatch::Alarm": Publisher(
        ("AlarmActions", "OKActions", "InsufficientDataActions"), "cloudwatch.amazonaws.com", "alarm"
    ),
    "AWS::CodeStarNotifications::NotificationRule": Publisher(
        ("Targets",), "codestar-notifications.amazonaws.com", "notificationrule"
    ),
}


def _source_arn(names: StackNames, logical_id: str, kind: str, account: str) -> str:
    env = names.environment
    if kind == "alarm":
        return names.alarm_arn(logical_id).replace(f":{env.account}:", f":{account}:")
    return f"arn:{env.partition}:codestar-notifications:{env.region}:{account}:notificationrule/{SAMPLE_ID}"


def _publish_context(names: StackNames, source_arn: str, account: str) -> dict[str, tuple[str, ...]]:
    return {
        "aws:SourceAccount": (account,),
        "aws:SourceArn": (source_arn,),
        "aws:SecureTransport": ("true",),
        "kms:ViaService": (f"sns.{names.environment.region}.amazonaws.com",),
    }


def _topic_statements(names: StackNames, topic_id: str) -> list[Mapping[str, Any]] | None:
    documents = [
        names.resolve(definition["Properties"]["PolicyDocument"], logical_id)
        for logical_id, definition in names.resources.items()
        if definition["Type"] == "AWS::SNS::TopicPolicy"
        and topic_id in referenced_ids(definition["Properties"].get("Topics"))
    ]
    return statements(documents) if documents else None


def _publisher_findings(names: StackNames, logical_id: str, publisher: Publisher) -> Iterator[Finding]:
    properties = names.properties(logical_id)
    env = names.environment
    where = f"{env.stack_name}/{logical_id}"
    principal = Principal("Service", publisher.service)
    topics = [
        ref
        for key in publisher.properties
        for ref in referenced_ids(properties.get(key))
        if names.resources.get(ref, {}).get("Type") == "AWS::SNS::Topic"
    ]
    for topic_id in dict.fromkeys(topics):
        topic_arn = names.topic_arn(topic_id)
        policy = _topic_statements(names, topic_id)
        if policy is None:
            yield Finding(NAME, where, f"topic {topic_id} has no topic policy admitting {publisher.service}",
                          "add one (topic.add_to_resource_policy) scoped with aws:SourceAccount")  # fmt: skip
            continue
        own = _source_arn(names, logical_id, publisher.source_arn, env.account)
        own_context = _publish_context(names, own, env.account)
        if not evaluate_request(policy, Request("sns:Publish", topic_arn, own_context, principal)).allowed:
            yield Finding(NAME, where, f"topic {topic_id}'s policy does not let {publisher.service} publish",
                          f"allow sns:Publish to {publisher.service} with aws:SourceAccount {env.account}")  # fmt: skip
        foreign = _source_arn(names, logical_id, publisher.source_arn, FOREIGN_ACCOUNT)
        foreign_context = _publish_context(names, foreign, FOREIGN_ACCOUNT)
        if evaluate_request(policy, Request("sns:Publish", topic_arn, foreign_context, principal)).allowed:
            yield Finding(NAME, where, f"topic {topic_id} lets {publisher.service} publish for any account",
                          "scope the statement with aws:SourceAccount (and aws:SourceArn)")  # fmt: skip
        yield from _key_findings(names, where, topic_id, principal, own_context)


def _key_findings(
    names: StackNames, where: str, topic_id: str, principal: Principal, context: Mapping[str, tuple[str, ...]]
) -> Iterator[Finding]:
    key = names.properties(topic_id).get("KmsMasterKeyId")
    if key is None:
        return
    key_id = next(
        (ref for ref in referenced_ids(key) if names.resources.get(ref, {}).get("Type") == "AWS::KMS::Key"), None
    )
    if key_id is None:
        yield Finding(NAME, where, f"topic {topic_id} is encrypted with a key whose policy this stack cannot set",
                      f"encrypt it with a customer managed key that admits {principal.name}")  # fmt: skip
        return
    policy = statements([names.resolve(names.properties(key_id)["KeyPolicy"], key_id)])
    for action in ("kms:GenerateDataKey", "kms:Decrypt"):
        request = Request(action, names.key_arn(key_id), context, principal)
        if not evaluate_request(policy, request).allowed:
            yield Finding(NAME, where, f"key {key_id} of topic {topic_id} does not let {principal.name} {action}",
                          f"allow {action} to {principal.name} in the key policy")  # fmt: skip


def _writable(permissions: Sequence[Mapping[str, Any]], group_arn: str, actions: Iterable[str]) -> list[str]:
    """The actions a principal with `permissions` may NOT perform on the log group."""
    stream = f"{group_arn}:log-stream:{SAMPLE_ID}"
    targets = {"logs:PutLogEvents": stream, "logs:CreateLogStream": stream, "logs:DescribeLogGroups": "*"}
    return [
        action
        for action in actions
        if not evaluate_request(permissions, Request(action, targets.get(action, group_arn))).allowed
    ]


def _function_log_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
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
    groups = []
    destination = (properties.get("AccessLogSetting") or {}).get("DestinationArn")
    if destination is not None:
        groups.append((str(names.resolve(destination, logical_id)).removesuffix(":*"), API_GATEWAY_LOG_ACTIONS))
    settings = as_list(properties.get("MethodSettings"))
    if any(s.get("LoggingLevel") in EXECUTION_LOG_LEVELS or s.get("DataTraceEnabled") is True for s in settings):
        api = names.resolve(properties["RestApiId"], logical_id)
        stage = names.resolve(properties["StageName"], logical_id)
        group = names.arn("logs", f"log-group:API-Gateway-Execution-Logs_{api}/{stage}")
        groups.append((group, ("logs:CreateLogGroup", *API_GATEWAY_LOG_ACTIONS)))
    return groups


def _stage_log_findings(names: StackNames, logical_id: str, logging_role: LoggingRole | None) -> Iterator[Finding]:
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


def _depends_on(definition: Mapping[str, Any]) -> set[str]:
    return set(as_list(definition.get("DependsOn"))) | set(referenced_ids(definition))


def _reachable(names: StackNames, start: str) -> set[str]:
    seen: set[str] = set()
    pending = list(_depends_on(names.resources[start]))
    while pending:
        current = pending.pop()
        if current in seen or current not in names.resources:
            continue
        seen.add(current)
        pending.extend(_depends_on(names.resources[current]))
    return seen


def _roles_used(names: StackNames, logical_id: str) -> set[str]:
    """Roles a resource hands to its service; for a pipeline also those of the CodeBuild projects it runs."""
    definition = names.resources[logical_id]
    handed = {key: value for key, value in definition.get("Properties", {}).items() if key not in POLICY_PROPERTIES}
    referenced = set(referenced_ids(handed))
    roles = {ref for ref in referenced if names.resources.get(ref, {}).get("Type") == "AWS::IAM::Role"}
    if definition["Type"] == "AWS::CodePipeline::Pipeline":
        for project in (ref for ref in referenced if names.resources.get(ref, {}).get("Type") == PROJECT):
            roles |= _roles_used(names, project)
    return roles


def _dependency_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
    """A resource must wait for the policies of the roles it hands over, unless such a policy itself waits for
    the resource (it names it): then the service can only act once something created later starts it."""
    definition = names.resources[logical_id]
    if definition["Type"] in IAM_TYPES or definition["Type"] == PROJECT:
        return  # a project's role is used only when a pipeline starts it: the pipeline's own rule covers it
    before = _reachable(names, logical_id)
    for role in sorted(_roles_used(names, logical_id)):
        for policy in policies_of(names, role):
            if policy in before or logical_id in _reachable(names, policy):
                continue
            yield Finding(NAME, f"{names.environment.stack_name}/{logical_id} ({definition['Type']})",
                          f"uses role {role} but does not wait for its policy {policy}: the service may see the "
                          "role before its permissions", f"depend on {policy} (stages/ordering.py)")  # fmt: skip


def check_stack(stack: DeployedStack, logging_role: LoggingRole | None) -> CheckResult:
    names = StackNames(stack)
    findings: list[Finding] = []
    for logical_id, definition in stack.resources.items():
        kind = definition["Type"]
        if kind in PUBLISHERS:
            findings += _publisher_findings(names, logical_id, PUBLISHERS[kind])
        elif kind == "AWS::Lambda::Function":
            findings += _function_log_findings(names, logical_id)
        elif kind == "AWS::ApiGateway::Stage":
            findings += _stage_log_findings(names, logical_id, logging_role)
        elif kind == "AWS::Synthetics::Canary":
            findings += canary_findings(names, logical_id)
        findings += _dependency_findings(names, logical_id)
    return CheckResult(f"{NAME} {stack.label}", tuple(findings), (), len(stack.resources))
