"""Configuration: defaults from cdk.json load; bad values stop synth with the key and an example."""

from __future__ import annotations

import json

import pytest

from stages.config import ConfigError, load_config


class Context:
    """A context source like `App.node`, over a plain dict."""

    def __init__(self, values: dict) -> None:
        self.values = values

    def try_get_context(self, key: str):
        return self.values.get(key)


@pytest.fixture
def context(project_context_values: dict) -> dict:
    return json.loads(json.dumps(project_context_values))  # a deep copy each test may change


def test_project_context_loads_with_placeholder_accounts(context):
    config = load_config(Context(context))
    assert config.region == "us-east-1"
    assert {config.pipeline_account, config.dev.account, config.prod.account} == {
        "111111111111",
        "222222222222",
        "333333333333",
    }
    assert config.dev.api_rate_limit == 100
    assert config.prod.api_burst_limit == 2000


@pytest.mark.parametrize("account", ["12345", "abcdefghijkl", "1234567890123"])
def test_malformed_account_names_the_key_and_an_example(context, account):
    context["devAccount"] = account
    with pytest.raises(ConfigError, match=r"'devAccount' must be a 12-digit AWS account id.*Example: \"123456789012\""):
        load_config(Context(context))


def test_missing_account_names_the_key(context):
    del context["prodAccount"]
    with pytest.raises(ConfigError, match="'prodAccount' is missing"):
        load_config(Context(context))


def test_unknown_region_names_the_key_and_an_example(context):
    context["region"] = "us-middle-9"
    with pytest.raises(ConfigError, match=r"'region' is not a known AWS region.*Example: \"us-east-1\""):
        load_config(Context(context))


def test_environment_setting_of_the_wrong_type_names_its_path(context):
    context["environments"]["prod"]["apiRateLimit"] = "fast"
    with pytest.raises(ConfigError, match=r"'environments.prod.apiRateLimit' must be a number"):
        load_config(Context(context))


def test_environments_given_as_a_json_string_on_the_command_line_are_accepted(context):
    context["environments"] = json.dumps(context["environments"])
    assert load_config(Context(context)).prod.deletion_protection is True


def test_burst_below_rate_is_refused(context):
    context["environments"]["dev"]["apiBurstLimit"] = 10
    with pytest.raises(ConfigError, match="apiBurstLimit' must be at least apiRateLimit"):
        load_config(Context(context))


def test_a_table_that_cannot_absorb_the_apis_rate_is_refused(context):
    context["environments"]["prod"]["tableMaxCapacity"] = 500  # prod's API admits 1000 requests a second

    with pytest.raises(ConfigError, match=r"tableMaxCapacity' must be at least apiRateLimit / 0.7 = 1429"):
        load_config(Context(context))


def test_a_concurrency_alarm_above_the_reserved_concurrency_is_refused(context):
    context["environments"]["dev"]["alarmConcurrency"] = 11

    with pytest.raises(ConfigError, match="alarmConcurrency' must not exceed reservedConcurrency"):
        load_config(Context(context))


def test_waf_settings_are_validated_per_environment(context):
    context["environments"]["prod"]["wafRateLimit"] = 5

    with pytest.raises(ConfigError, match=r"environments.prod.wafRateLimit' must be between 10 and"):
        load_config(Context(context))


def test_unknown_log_level_is_refused_with_the_choices(context):
    context["environments"]["dev"]["logLevel"] = "LOUD"
    with pytest.raises(ConfigError, match="must be one of DEBUG, INFO, WARNING, ERROR"):
        load_config(Context(context))


def test_unknown_permissions_check_is_refused_with_the_choices(context):
    context["permissionsCheck"] = "maybe"
    with pytest.raises(ConfigError, match=r"'permissionsCheck' is malformed.*Example: \"diff\" \(or \"confirm\"\)"):
        load_config(Context(context))
