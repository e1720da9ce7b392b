"""The tables, the function and its role, per environment."""

from __future__ import annotations

import json

from aws_cdk.assertions import Match, Template
from items_api import names

from verify.change_check import PROTECTION_KEY


def _resources(template: Template, kind: str) -> dict:
    return template.find_resources(kind)


def _items_table(template: Template) -> dict:
    tables = _resources(template, "AWS::DynamoDB::Table")
    return next(t for t in tables.values() if t["Properties"]["KeySchema"][0]["AttributeName"] == "itemId")


def test_items_table_has_string_partition_key_itemid(templates, env_name):
    props = _items_table(templates[env_name])["Properties"]
    assert props["KeySchema"] == [{"AttributeName": "itemId", "KeyType": "HASH"}]
    assert props["AttributeDefinitions"] == [{"AttributeName": "itemId", "AttributeType": "S"}]


def test_items_table_is_provisioned_5_rcu_5_wcu(templates, env_name):
    props = _items_table(templates[env_name])["Properties"]
    assert props["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}


def test_items_table_has_pitr_encryption_and_stream(templates, env_name):
    props = _items_table(templates[env_name])["Properties"]
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["SSESpecification"] == {"SSEEnabled": True}
    assert props["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}


def test_tables_are_retained_in_every_environment(templates, env_name):
    for table in _resources(templates[env_name], "AWS::DynamoDB::Table").values():
        assert table["DeletionPolicy"] == "Retain"
        assert table["UpdateReplacePolicy"] == "Retain"


def test_only_the_items_table_is_marked_for_the_pipelines_change_check(templates, env_name):
    """The prod change check blocks a deploy that replaces or deletes what carries this mark."""
    tables = _resources(templates[env_name], "AWS::DynamoDB::Table").values()
    marked = [t for t in tables if t.get("Metadata", {}).get(PROTECTION_KEY) == {"BlockReplacement": True}]
    assert marked == [_items_table(templates[env_name])]


def test_prod_tables_have_deletion_protection_and_dev_tables_do_not(templates):
    for env_name, expected in (("prod", True), ("dev", False)):
        for table in _resources(templates[env_name], "AWS::DynamoDB::Table").values():
            assert table["Properties"].get("DeletionProtectionEnabled", False) is expected


def test_each_environment_scales_read_and_write_capacity_between_its_floor_and_its_ceiling(templates, config, env_name):
    env = config.environments[env_name]
    targets = _resources(templates[env_name], "AWS::ApplicationAutoScaling::ScalableTarget")
    dimensions = sorted(t["Properties"]["ScalableDimension"] for t in targets.values())

    assert env.autoscaling is True
    assert dimensions == ["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"]
    for target in targets.values():
        assert target["Properties"]["MinCapacity"] == min(env.table_read_capacity, env.table_write_capacity)
        assert target["Properties"]["MaxCapacity"] == env.table_max_capacity


def test_idempotency_table_has_ttl_on_expiration(templates, env_name):
    templates[env_name].has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "KeySchema": [{"AttributeName": names.IDEMPOTENCY_PARTITION_KEY, "KeyType": "HASH"}],
            "TimeToLiveSpecification": {"AttributeName": names.IDEMPOTENCY_EXPIRY_ATTRIBUTE, "Enabled": True},
        },
    )


def test_function_runs_the_newest_python_with_xray_and_handler_from_runtime(templates, env_name):
    templates[env_name].has_resource_properties(
        "AWS::Lambda::Function",
        {"Runtime": "python3.14", "Handler": names.HANDLER, "TracingConfig": {"Mode": "Active"}},
    )


def test_function_timeout_memory_and_log_level_come_from_config(templates, config, env_name):
    env = config.environments[env_name]
    function = next(iter(_resources(templates[env_name], "AWS::Lambda::Function").values()))["Properties"]
    assert function["Timeout"] == env.lambda_timeout_seconds
    assert function["MemorySize"] == env.lambda_memory_mb
    variables = function["Environment"]["Variables"]
    assert variables[names.ENV_LOG_LEVEL] == env.log_level
    # Lambda's JSON log filter is the same level (INFO by default would drop dev's DEBUG).
    assert function["LoggingConfig"]["ApplicationLogLevel"] == {"WARNING": "WARN"}.get(env.log_level, env.log_level)
    assert variables[names.ENV_ENVIRONMENT] == env_name
    assert variables[names.ENV_PROJECT_NAME] == config.project
    assert variables[names.ENV_SERVICE_NAME] == config.project
    assert variables[names.ENV_METRICS_NAMESPACE] == config.project
    assert "Ref" in variables[names.ENV_TABLE_NAME]
    assert "Ref" in variables[names.ENV_IDEMPOTENCY_TABLE_NAME]
    assert "AWS_REGION" not in variables


def test_function_has_its_own_log_group_with_environment_retention(templates, env_name):
    expected = {"dev": 14, "prod": 365}[env_name]
    groups = _resources(templates[env_name], "AWS::Logs::LogGroup")
    function = next(iter(_resources(templates[env_name], "AWS::Lambda::Function").values()))["Properties"]
    group_id = function["LoggingConfig"]["LogGroup"]["Ref"]
    assert groups[group_id]["Properties"]["RetentionInDays"] == expected


def test_function_role_has_no_managed_policies(templates, env_name):
    for role in _resources(templates[env_name], "AWS::IAM::Role").values():
        assert "ManagedPolicyArns" not in role["Properties"]


def _function_statements(template: Template) -> list[dict]:
    function = next(iter(_resources(template, "AWS::Lambda::Function").values()))["Properties"]
    role_id = function["Role"]["Fn::GetAtt"][0]
    policies = [
        p for p in _resources(template, "AWS::IAM::Policy").values() if {"Ref": role_id} in p["Properties"]["Roles"]
    ]
    return [s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"]]


def test_function_role_gets_only_the_dynamodb_actions_the_handler_uses_on_its_tables(templates, env_name):
    statements = [s for s in _function_statements(templates[env_name]) if "dynamodb" in json.dumps(s["Action"])]
    actions = {a for s in statements for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}
    assert actions == {
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Scan",
    }
    for statement in statements:
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        assert all("Fn::GetAtt" in r and r["Fn::GetAtt"][1] == "Arn" for r in resources)


def test_function_role_uses_resource_star_only_for_xray(templates, env_name):
    for statement in _function_statements(templates[env_name]):
        if statement["Resource"] == "*":
            assert sorted(statement["Action"]) == ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]


def test_function_role_writes_only_its_own_log_group(templates, env_name):
    logs = [s for s in _function_statements(templates[env_name]) if "logs:" in json.dumps(s["Action"])]
    assert logs
    for statement in logs:
        assert "Fn::GetAtt" in json.dumps(statement["Resource"])
        assert set(statement["Action"]) == {"logs:CreateLogStream", "logs:PutLogEvents"}


def test_every_resource_carries_the_five_tags(templates, config, env_name):
    tagged = Match.array_with([{"Key": key, "Value": value} for key, value in sorted(config.tags(env_name).items())])
    templates[env_name].has_resource_properties("AWS::DynamoDB::Table", {"Tags": tagged})
    templates[env_name].has_resource_properties("AWS::Lambda::Function", {"Tags": tagged})
    templates[env_name].has_resource_properties("AWS::SNS::Topic", {"Tags": tagged})
    templates[env_name].has_resource_properties("AWS::ApiGateway::RestApi", {"Tags": tagged})


def test_the_function_has_the_reserved_concurrency_of_its_environment(templates, config, env_name):
    templates[env_name].has_resource_properties(
        "AWS::Lambda::Function",
        {"Handler": "items_api.handler.lambda_handler",
         "ReservedConcurrentExecutions": config.environments[env_name].reserved_concurrency},
    )  # fmt: skip


def test_the_default_capacity_chain_holds_the_apis_rate_in_every_environment(config):
    # docs/capacity.md: the table absorbs the API's rate at the autoscaling target, the concurrency alarm can fire.
    for env in config.environments.values():
        capacity = env.table_max_capacity if env.autoscaling else min(env.table_read_capacity, env.table_write_capacity)
        assert capacity * 0.7 >= env.api_rate_limit, env.name
        assert env.alarm_concurrency <= env.reserved_concurrency, env.name
