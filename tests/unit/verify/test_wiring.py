"""Wiring: publishers may publish (scoped to this account), log writers may write, roles' policies exist first."""

from __future__ import annotations

import json
from pathlib import Path

from verify.assembly import DeployedStack
from verify.bootstrap import APIGATEWAY_LOGGING_TEMPLATE, apigateway_logging_role
from verify.checks.wiring import check_stack
from verify.names import StackNames

from .conftest import changed, logical_id_of

PROJECT = "items-api"


def _check(stack, logging_template: Path = APIGATEWAY_LOGGING_TEMPLATE):
    return check_stack(stack, apigateway_logging_role(stack, PROJECT, logging_template))


def _topic_policy_statements(template: dict) -> list[dict]:
    (policy,) = [r for r in template["Resources"].values() if r["Type"] == "AWS::SNS::TopicPolicy"]
    return policy["Properties"]["PolicyDocument"]["Statement"]


def test_every_stack_of_the_app_is_wired(stacks) -> None:
    assert {name: _check(stack).findings for name, stack in stacks.items()} == {name: () for name in stacks}


def test_a_topic_policy_without_the_publish_grant_fails_for_every_alarm(dev) -> None:
    def drop_grant(template: dict) -> None:
        statements = _topic_policy_statements(template)
        statements[:] = [s for s in statements if s["Effect"] == "Deny"]

    findings = _check(changed(dev, drop_grant)).findings

    alarms = [
        key
        for key, r in dev.resources.items()
        if r["Type"] == "AWS::CloudWatch::Alarm" and "AlarmActions" in r["Properties"]
    ]
    assert len(findings) == len(alarms) > 0
    assert all("does not let cloudwatch.amazonaws.com publish" in f.problem for f in findings)
    assert findings[0].fix.startswith("allow sns:Publish to cloudwatch.amazonaws.com with aws:SourceAccount")


def test_a_publish_grant_for_any_account_is_a_confused_deputy(dev) -> None:
    def unscope(template: dict) -> None:
        for statement in _topic_policy_statements(template):
            statement.pop("Condition", None) if statement["Effect"] == "Allow" else None

    findings = _check(changed(dev, unscope)).findings

    assert findings and all("publish for any account" in f.problem for f in findings)


def test_a_topic_key_that_does_not_admit_the_publisher_fails(dev) -> None:
    key = logical_id_of(dev, "AWS::KMS::Key")

    def drop_cloudwatch(template: dict) -> None:
        statements = template["Resources"][key]["Properties"]["KeyPolicy"]["Statement"]
        statements[:] = [s for s in statements if s.get("Principal", {}).get("Service") != "cloudwatch.amazonaws.com"]

    findings = _check(changed(dev, drop_cloudwatch)).findings

    assert findings and all(f"key {key}" in f.problem for f in findings)
    assert {f.problem.split()[-1] for f in findings} == {"kms:GenerateDataKey", "kms:Decrypt"}


def test_a_function_role_that_cannot_write_its_log_group_fails(dev) -> None:
    policy = logical_id_of(dev, "AWS::IAM::Policy", "FunctionRole")

    def drop_logs(template: dict) -> None:
        statements = template["Resources"][policy]["Properties"]["PolicyDocument"]["Statement"]
        statements[:] = [s for s in statements if "logs:PutLogEvents" not in s["Action"]]

    (finding,) = _check(changed(dev, drop_logs)).findings

    assert "cannot write its log group" in finding.problem and "logs:PutLogEvents" in finding.problem


def test_access_logs_need_the_account_logging_role_that_bootstrap_sets(dev, tmp_path) -> None:
    (finding,) = _check(dev, tmp_path / "absent.json").findings

    assert finding.problem.startswith("API Gateway writes its logs with the account's CloudWatch role")
    assert "make bootstrap" in finding.fix


def test_a_logging_role_that_cannot_write_the_access_log_group_fails(dev, tmp_path) -> None:
    template = APIGATEWAY_LOGGING_TEMPLATE.read_text().replace("log-group:${Project}-*", "log-group:other-*")
    narrowed = tmp_path / "logging-role.json"
    narrowed.write_text(template)

    (finding,) = _check(dev, narrowed).findings

    assert "ApiAccessLogs" in finding.problem and "logs:PutLogEvents" in finding.problem


def test_a_logging_role_api_gateway_cannot_greet_with_is_refused_before_any_stage_logs(dev, tmp_path) -> None:
    """Setting the account's role, API Gateway writes to /aws/apigateway/welcome with it and refuses a role that
    cannot."""
    template = APIGATEWAY_LOGGING_TEMPLATE.read_text().replace("/aws/apigateway/welcome", "/aws/apigateway/elsewhere")
    narrowed = tmp_path / "logging-role.json"
    narrowed.write_text(template)

    (finding,) = _check(dev, narrowed).findings

    assert "/aws/apigateway/welcome" in finding.problem and "logs:CreateLogGroup" in finding.problem


def test_a_resource_that_does_not_wait_for_its_roles_policy_fails(stack_of) -> None:
    role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}}
    policy = {
        "Type": "AWS::IAM::Policy",
        "Properties": {"PolicyName": "p", "Roles": [{"Ref": "Role"}], "PolicyDocument": {"Statement": []}},
    }
    account = {"Type": "AWS::ApiGateway::Account", "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["Role", "Arn"]}}}

    racing = check_stack(stack_of({"Role": role, "Policy": policy, "Account": account}), None).findings
    ordered = check_stack(
        stack_of({"Role": role, "Policy": policy, "Account": {**account, "DependsOn": "Policy"}}), None
    )

    (finding,) = racing
    assert finding.where.endswith("Account (AWS::ApiGateway::Account)")
    assert "does not wait for its policy Policy" in finding.problem
    assert ordered.findings == ()


def test_an_alias_whose_update_starts_a_release_must_wait_for_codedeploys_and_the_hooks_policies(dev) -> None:
    alias = logical_id_of(dev, "AWS::Lambda::Alias")

    def race(template: dict) -> None:
        template["Resources"][alias].pop("DependsOn")

    problems = [f.problem for f in _check(changed(dev, race)).findings]

    assert any("does not wait for its policy ReleaseRoleDefaultPolicy" in problem for problem in problems)
    # A reference in the UpdatePolicy orders nothing: the hooks' policies, the hook functions and the deployment
    # group it names are not waited for either.
    assert sum("does not wait for its policy ReleaseHooks" in problem for problem in problems) == 2
    released = [problem for problem in problems if "starts a release that uses" in problem]
    assert {"ReleaseDeploymentGroup", "ReleaseHooksBeforeTraffic", "ReleaseHooksAfterTraffic"} <= {
        name for problem in released for name in ("ReleaseDeploymentGroup", "ReleaseHooksBeforeTraffic",
                                                  "ReleaseHooksAfterTraffic") if name in problem
    }  # fmt: skip


def test_a_codedeploy_policy_that_names_the_alias_is_no_excuse(dev) -> None:
    """The policy would then be updated after the alias, whose update is the release that needs it."""
    alias = logical_id_of(dev, "AWS::Lambda::Alias")
    policy = logical_id_of(dev, "AWS::IAM::Policy", "ReleaseRole")

    def name_the_alias(template: dict) -> None:
        template["Resources"][alias].pop("DependsOn")
        statement = template["Resources"][policy]["Properties"]["PolicyDocument"]["Statement"][0]
        statement["Resource"] = [{"Ref": alias}]

    problems = [f.problem for f in _check(changed(dev, name_the_alias)).findings]
    assert any(f"does not wait for its policy {policy}" in problem for problem in problems)


def test_a_deployment_group_whose_role_cannot_publish_its_triggers_fails(dev) -> None:
    policy = logical_id_of(dev, "AWS::IAM::Policy", "ReleaseRole")

    def drop(action: str):
        def edit(template: dict) -> None:
            statements = template["Resources"][policy]["Properties"]["PolicyDocument"]["Statement"]
            for statement in statements:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                statement["Action"] = [a for a in actions if a != action] or ["lambda:GetAlias"]

        return edit

    (no_publish,) = _check(changed(dev, drop("sns:Publish"))).findings
    (no_key,) = _check(changed(dev, drop("kms:GenerateDataKey"))).findings

    assert "may not publish its triggers to topic" in no_publish.problem
    assert "may not kms:GenerateDataKey with key" in no_key.problem


def test_waf_logs_need_a_resource_policy_for_this_accounts_log_delivery_only(dev) -> None:
    policy = logical_id_of(dev, "AWS::Logs::ResourcePolicy")
    document = json.loads(StackNames(dev).resolve(dev.resources[policy]["Properties"]["PolicyDocument"], policy))
    for statement in document["Statement"]:
        statement.pop("Condition")

    def unscope(template: dict) -> None:
        template["Resources"][policy]["Properties"]["PolicyDocument"] = json.dumps(document)

    (missing,) = _check(changed(dev, lambda t: t["Resources"].pop(policy))).findings
    (unscoped,) = _check(changed(dev, unscope)).findings

    assert "no log group resource policy lets log delivery write" in missing.problem
    assert "log delivery may write" in unscoped.problem and "for any account" in unscoped.problem


def _pipeline(stacks) -> DeployedStack:
    return next(stack for name, stack in stacks.items() if name.endswith("-pipeline"))


def _rule_log_statement(template: dict) -> dict:
    (statement,) = [
        statement
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::IAM::Policy"
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
        if "logs:PutLogEvents" in statement["Action"] and "codepipeline" in json.dumps(statement["Resource"])
    ]
    return statement


def _group_without_star(template: dict) -> None:
    """The group's ARN without `:*`: CloudWatch Logs authorizes none of the three calls against it."""
    statement = _rule_log_statement(template)
    text = json.dumps(statement["Resource"]).replace("items-api-delivery:*", "items-api-delivery")
    statement["Resource"] = json.loads(text)


def _without_create_log_group(template: dict) -> None:
    statement = _rule_log_statement(template)
    statement["Action"] = [action for action in statement["Action"] if action != "logs:CreateLogGroup"]


def test_a_pipeline_role_granted_the_group_without_its_star_can_neither_create_nor_write_it(stacks) -> None:
    (finding,) = _check(changed(_pipeline(stacks), _group_without_star)).findings

    assert "cannot create and write the Commands log group /aws/codepipeline/items-api-delivery" in finding.problem
    assert "logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents" in finding.problem


def test_a_pipeline_role_without_create_log_group_cannot_create_the_group_codepipeline_makes(stacks) -> None:
    (finding,) = _check(changed(_pipeline(stacks), _without_create_log_group)).findings

    assert finding.problem.endswith("/aws/codepipeline/items-api-delivery: logs:CreateLogGroup")


def test_a_stack_that_makes_the_rules_log_group_collides_with_codepipeline(stacks) -> None:
    def add_group(template: dict) -> None:
        template["Resources"]["RuleLogs"] = {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": "/aws/codepipeline/items-api-delivery"},
        }

    (finding,) = _check(changed(_pipeline(stacks), add_group)).findings

    assert "the stack makes /aws/codepipeline/items-api-delivery (RuleLogs)" in finding.problem
