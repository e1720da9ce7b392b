"""Configuration: defaults from cdk.json load; bad values stop synth with the key and an example."""

from __future__ import annotations

import json

import pytest

from configuration import ConfigError, load_config
from tests.unit.stages.conftest import SETTINGS_PATH, settings


@pytest.fixture
def context(project_context_values: dict) -> dict:
    return json.loads(json.dumps(project_context_values))  # a deep copy each test may change


def test_project_context_loads_with_placeholder_accounts(context):
    config = load_config(context)
    assert config.region == "us-east-1"
    assert {config.pipeline_account, config.environments["dev"].account, config.environments["prod"].account} == {
        "111111111111",
        "222222222222",
        "333333333333",
    }
    assert config.environments["dev"].api_rate_limit == 100
    assert config.environments["prod"].api_burst_limit == 2000


@pytest.mark.parametrize("account", ["12345", "abcdefghijkl", "1234567890123"])
def test_malformed_account_names_the_key_and_an_example(context, account):
    context["waves"][0]["environments"][0]["account"] = account
    with pytest.raises(
        ConfigError,
        match=r"'waves\[0\]\.environments\[0\]\.account' is malformed .*12-digit account id.*Example",
    ):
        load_config(context)


def test_missing_account_names_the_key(context):
    del context["waves"][1]["environments"][0]["account"]
    with pytest.raises(ConfigError, match=r"'waves\[1\]\.environments\[0\]\.account' is missing"):
        load_config(context)


def test_missing_pipeline_account_names_the_key(context):
    del context["pipelineAccount"]
    with pytest.raises(ConfigError, match="'pipelineAccount' is missing"):
        load_config(context)


def test_unknown_region_names_the_key_and_an_example(context):
    context["region"] = "us-middle-9"
    with pytest.raises(ConfigError, match=r"'region' is not a known AWS region.*Example: \"region\": \"us-east-1\""):
        load_config(context)


def test_environment_setting_of_the_wrong_type_names_its_path(context):
    settings(context, "prod")["apiRateLimit"] = "fast"
    with pytest.raises(ConfigError, match=rf"'{SETTINGS_PATH['prod']}\.apiRateLimit' must be a whole number"):
        load_config(context)


def test_waves_given_as_a_json_string_on_the_command_line_are_accepted(context):
    context["waves"] = json.dumps(context["waves"])
    assert load_config(context).environments["prod"].deletion_protection is True


def test_burst_below_rate_is_refused(context):
    settings(context, "dev")["apiBurstLimit"] = 10
    with pytest.raises(ConfigError, match="apiBurstLimit' must be at least apiRateLimit"):
        load_config(context)


def test_a_table_that_cannot_absorb_the_apis_rate_is_refused(context):
    settings(context, "prod")["tableMaxCapacity"] = 500  # prod's API admits 1000 requests a second

    with pytest.raises(ConfigError, match=r"tableMaxCapacity' must be at least apiRateLimit / 0.7 = 1429"):
        load_config(context)


def test_a_concurrency_alarm_above_the_reserved_concurrency_is_refused(context):
    settings(context, "dev")["alarmConcurrency"] = 11

    with pytest.raises(ConfigError, match="alarmConcurrency' must not exceed reservedConcurrency"):
        load_config(context)


def test_waf_settings_are_validated_per_environment(context):
    settings(context, "prod")["wafRateLimit"] = 5

    with pytest.raises(ConfigError, match=rf"{SETTINGS_PATH['prod']}\.wafRateLimit' must be between 10 and"):
        load_config(context)


def test_unknown_log_level_is_refused_with_the_choices(context):
    settings(context, "dev")["logLevel"] = "LOUD"
    with pytest.raises(ConfigError, match="must be one of DEBUG, INFO, WARNING, ERROR"):
        load_config(context)


def test_unknown_permissions_check_is_refused_with_the_choices(context):
    context["permissionsCheck"] = "maybe"
    with pytest.raises(
        ConfigError,
        match=r"'permissionsCheck' must be one of diff, confirm, got 'maybe'",
    ):
        load_config(context)


def test_alert_emails_default_to_none_and_load_in_order(context):
    assert load_config(context).environments["prod"].alert_emails == ()
    settings(context, "prod")["alertEmails"] = ["oncall@example.com", "team@example.org"]
    assert load_config(context).environments["prod"].alert_emails == ("oncall@example.com", "team@example.org")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("oncall@example.com", "alertEmails' must be a list"),
        (["oncall"], r"alertEmails\[0\]' is malformed \('oncall'\): an email address"),
        (["a@example.com", "a@example.com"], "lists an address twice"),
    ],
)
def test_bad_alert_emails_name_the_key(context, value, problem):
    settings(context, "dev")["alertEmails"] = value
    with pytest.raises(ConfigError, match=problem):
        load_config(context)


def test_deletion_protection_without_retained_data_is_refused(context):
    settings(context, "prod")["retainData"] = False
    with pytest.raises(ConfigError, match=r"retainData' must be true where deletionProtection is"):
        load_config(context)
