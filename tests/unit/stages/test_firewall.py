"""The API stage's web ACL: AWS managed rules and a rate limit per client IP from config, logged, per environment."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk.assertions import Template

from tests.unit.conftest import synthesize
from tests.unit.stages.conftest import project_context, settings

MANAGED_GROUPS = {
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesCommonRuleSet",
}


def _web_acl(template: Template) -> dict:
    (acl,) = template.find_resources("AWS::WAFv2::WebACL").values()
    return acl["Properties"]


def test_the_web_acl_runs_the_managed_rule_groups_and_a_rate_limit_per_ip_from_config(templates, config, env_name):
    acl = _web_acl(templates[env_name])
    rules = {rule["Name"]: rule for rule in acl["Rules"]}

    assert acl["Scope"] == "REGIONAL"
    assert acl["DefaultAction"] == {"Allow": {}}
    assert set(rules) == MANAGED_GROUPS | {"RequestsPerClientIp"}
    rate = rules["RequestsPerClientIp"]["Statement"]["RateBasedStatement"]
    assert (rate["AggregateKeyType"], rate["Limit"]) == ("IP", config.environments[env_name].waf_rate_limit)
    assert rules["RequestsPerClientIp"]["Action"] == {"Block": {}}
    assert len({rule["Priority"] for rule in acl["Rules"]}) == len(acl["Rules"])


def test_bodies_up_to_the_apis_own_limit_pass_the_common_rule_set(templates, env_name):
    rules = {rule["Name"]: rule for rule in _web_acl(templates[env_name])["Rules"]}

    statement = rules["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
    assert statement["RuleActionOverrides"] == [{"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}]


def test_the_web_acl_protects_the_api_stage(templates, env_name):
    template = templates[env_name]
    (association,) = template.find_resources("AWS::WAFv2::WebACLAssociation").values()
    (stage_id,) = template.find_resources("AWS::ApiGateway::Stage")

    target = json.dumps(association["Properties"]["ResourceArn"])
    assert "/restapis/" in target and "/stages/" in target and stage_id in target


def test_waf_logs_go_to_a_retained_log_group_that_only_this_accounts_delivery_may_write(templates, config, env_name):
    template = templates[env_name]
    (logging,) = template.find_resources("AWS::WAFv2::LoggingConfiguration").values()
    groups = {
        logical_id: group
        for logical_id, group in template.find_resources("AWS::Logs::LogGroup").items()
        if f"aws-waf-logs-{config.project}-{env_name}-" in json.dumps(group["Properties"].get("LogGroupName"))
    }
    ((group_id, group),) = groups.items()
    (policy,) = template.find_resources("AWS::Logs::ResourcePolicy").values()
    (statement,) = json.loads(_joined(policy["Properties"]["PolicyDocument"]))["Statement"]

    assert group_id in json.dumps(logging["Properties"]["LogDestinationConfigs"])
    assert group["Properties"]["RetentionInDays"] >= config.environments[env_name].log_retention_days
    # Named after the stack's id: a group a deleted stack kept never collides with a new stack's, and a failed
    # create removes its own.
    assert "AWS::StackId" in json.dumps(group["Properties"]["LogGroupName"])
    assert group["DeletionPolicy"] == "RetainExceptOnCreate"
    assert statement["Principal"] == {"Service": "delivery.logs.amazonaws.com"}
    assert set(statement["Condition"]) == {"StringEquals", "ArnLike"}


@pytest.mark.component  # synthesizes
def test_without_waf_the_stage_has_no_web_acl_and_the_app_stays_nag_clean(tmp_path):
    context = project_context()
    settings(context, "dev")["wafEnabled"] = False

    app = synthesize(tmp_path, waves=context["waves"])

    assert "AWS::WAFv2::WebACL" not in json.dumps(app.stage_templates()["dev"])
    assert "AWS::WAFv2::WebACL" in json.dumps(app.stage_templates()["prod"])
    report = json.loads((tmp_path / "validation-report.json").read_text())
    assert [plugin["violations"] for plugin in report["pluginReports"]] == [[], []]


@pytest.mark.parametrize(
    "kind", ["AWS::WAFv2::WebACL", "AWS::WAFv2::WebACLAssociation", "AWS::WAFv2::LoggingConfiguration"]
)
def test_every_environment_has_one_of_each_waf_resource(templates, env_name, kind):
    templates[env_name].resource_count_is(kind, 1)


def _joined(value: Any) -> str:
    """A policy document CDK renders as Fn::Join of literal text and references (references become placeholders)."""
    if isinstance(value, str):
        return value
    separator, parts = value["Fn::Join"]
    return separator.join(part if isinstance(part, str) else "REF" for part in parts)
