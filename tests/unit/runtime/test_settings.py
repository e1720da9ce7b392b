"""settings: the function refuses to start without its environment."""

import pytest
from items_api import names
from items_api.settings import SettingsError, get_settings

COMPLETE = {
    names.ENV_TABLE_NAME: "items-dev",
    names.ENV_IDEMPOTENCY_TABLE_NAME: "idempotency-dev",
    names.ENV_ENVIRONMENT: "dev",
    names.ENV_PROJECT_NAME: "items-api",
    names.ENV_SERVICE_NAME: "items-api",
    names.ENV_LOG_LEVEL: "INFO",
    names.ENV_METRICS_NAMESPACE: "ItemsApi",
}


@pytest.fixture
def environment(monkeypatch):
    for variable, value in COMPLETE.items():
        monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_settings_are_read_from_the_environment(environment):
    assert get_settings().items_table_name == "items-dev"


def test_missing_variable_is_named_in_the_error(environment):
    environment.delenv(names.ENV_IDEMPOTENCY_TABLE_NAME)
    with pytest.raises(SettingsError, match=names.ENV_IDEMPOTENCY_TABLE_NAME):
        get_settings()


def test_unknown_log_level_is_refused(environment):
    environment.setenv(names.ENV_LOG_LEVEL, "LOUD")
    with pytest.raises(SettingsError, match=names.ENV_LOG_LEVEL):
        get_settings()


@pytest.mark.parametrize("name", ["ab", "x" * 256, "items dev", "items/dev", ""])
def test_a_table_name_dynamodb_would_refuse_is_named_in_the_error(environment, name):
    environment.setenv(names.ENV_TABLE_NAME, name)
    with pytest.raises(SettingsError, match=names.ENV_TABLE_NAME):
        get_settings()


def test_a_metrics_namespace_over_255_characters_is_refused(environment):
    environment.setenv(names.ENV_METRICS_NAMESPACE, "N" * 256)
    with pytest.raises(SettingsError, match=names.ENV_METRICS_NAMESPACE):
        get_settings()


def test_every_bad_variable_is_named_at_once(environment):
    environment.delenv(names.ENV_ENVIRONMENT)
    environment.setenv(names.ENV_LOG_LEVEL, "LOUD")
    with pytest.raises(SettingsError, match=f"{names.ENV_ENVIRONMENT}, {names.ENV_LOG_LEVEL}"):
        get_settings()
