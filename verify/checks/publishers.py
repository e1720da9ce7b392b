"""Wiring: every publisher may publish to its SNS topic, for this account only, and may use the topic's key.

Alarm actions and notification rules publish as their service principal (the topic policy must admit it, scoped
with aws:SourceAccount / aws:SourceArn, and the key policy must let it encrypt); CodeDeploy triggers publish
with the deployment group's role (its identity policy must allow it, and the key must let IAM grant it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cloudformation import as_list, referenced_ids
from verify.checks.wiring_common import FOREIGN_ACCOUNT, NAME
from verify.findings import Finding
from verify.names import SAMPLE_ID, StackNames
from verify.policy import Decision, Principal, Request, evaluate_request, statements
from verify.roles import role_of, role_permissions


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


def publisher_findings(names: StackNames, logical_id: str, publisher: Publisher) -> Iterator[Finding]:
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


def trigger_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
    """CodeDeploy publishes its triggers with the deployment group's service role (an identity-based grant)."""
    properties = names.properties(logical_id)
    role_id = role_of(names, properties.get("ServiceRoleArn"))
    where = f"{names.environment.stack_name}/{logical_id}"
    for trigger in as_list(properties.get("TriggerConfigurations")):
        for topic_id in referenced_ids(trigger.get("TriggerTargetArn")):
            if names.resources.get(topic_id, {}).get("Type") != "AWS::SNS::Topic" or role_id is None:
                continue
            role = role_permissions(names, role_id)
            principal = Principal("AWS", names.role_arn(role_id))
            topic_arn = names.topic_arn(topic_id)
            context = {"aws:SecureTransport": ("true",)}
            publish = Request("sns:Publish", topic_arn, context, principal)
            denied = (
                evaluate_request(_topic_statements(names, topic_id) or [], publish).decision is Decision.EXPLICIT_DENY
            )
            if denied or not evaluate_request(role.permissions, Request("sns:Publish", topic_arn, context)).allowed:
                yield Finding(NAME, where, f"its role {role_id} may not publish its triggers to topic {topic_id}",
                              "allow sns:Publish on the topic in the deployment group's role")  # fmt: skip
            yield from _role_key_findings(names, where, topic_id, role_id, role.permissions)


def _role_key_findings(
    names: StackNames, where: str, topic_id: str, role_id: str, permissions: Sequence[Mapping[str, Any]]
) -> Iterator[Finding]:
    key = next(iter(referenced_ids(names.properties(topic_id).get("KmsMasterKeyId"))), None)
    if key is None:
        return
    key_policy = statements([names.resolve(names.properties(key)["KeyPolicy"], key)])
    principal = Principal("AWS", names.role_arn(role_id))
    for action in ("kms:GenerateDataKey", "kms:Decrypt"):
        by_role = evaluate_request(permissions, Request(action, names.key_arn(key))).allowed
        by_key = evaluate_request(key_policy, Request(action, names.key_arn(key), {}, principal)).allowed
        if not (by_role and by_key):
            yield Finding(NAME, where, f"its role {role_id} may not {action} with key {key} of topic {topic_id}",
                          f"allow {action} on the key in the role's policy (the key lets IAM grant it)")  # fmt: skip
