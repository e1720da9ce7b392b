"""The gates' settings: the dev load test's thresholds and each environment's synthetic check, validated by key."""

from __future__ import annotations

import json

import pytest

from configuration import ConfigError, load_config
from tests.unit.stages.conftest import SETTINGS_PATH, settings


@pytest.fixture
def context(project_context_values: dict) -> dict:
    return json.loads(json.dumps(project_context_values))


def test_the_load_test_settings_load_from_cdk_json(context: dict) -> None:
    load = load_config(context).load_test

    assert (load.clients, load.seconds, load.pause_ms, load.max_error_rate_percent, load.max_p99_ms) == (
        4,
        60,
        500,
        1.0,
        2000,
    )


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("clients", 0, "must be between 1 and 64"),
        ("seconds", "long", "must be a whole number"),
        ("maxErrorRatePercent", 101, "must be between 0 and 100"),
        ("maxP99Ms", 0, "must be between 1 and 29000"),
        ("pauseMs", -1, "must be between 0 and 10000"),
    ],
)
def test_a_bad_load_test_setting_names_its_key(context: dict, key: str, value: object, problem: str) -> None:
    context["loadTest"][key] = value

    with pytest.raises(ConfigError, match=rf"'loadTest\.{key}' {problem}"):
        load_config(context)


def test_a_missing_load_test_threshold_names_its_key(context: dict) -> None:
    del context["loadTest"]["maxP99Ms"]

    with pytest.raises(ConfigError, match=r"'loadTest\.maxP99Ms' is missing"):
        load_config(context)


def test_each_environment_has_its_own_synthetic_check_schedule(context: dict) -> None:
    config = load_config(context)

    assert (
        config.environments["dev"].synthetics.every_minutes,
        config.environments["prod"].synthetics.every_minutes,
    ) == (15, 5)
    assert config.environments["dev"].synthetics.writes and config.environments["prod"].synthetics.writes


@pytest.mark.parametrize("minutes", [0, 61, 2.5])
def test_a_synthetic_check_schedule_outside_synthetics_range_names_its_key(context: dict, minutes: object) -> None:
    settings(context, "prod")["synthetics"]["everyMinutes"] = minutes

    with pytest.raises(ConfigError, match=rf"'{SETTINGS_PATH['prod']}\.synthetics\.everyMinutes'"):
        load_config(context)


def test_a_missing_synthetic_check_names_the_environment(context: dict) -> None:
    del settings(context, "dev")["synthetics"]

    with pytest.raises(ConfigError, match=rf"'{SETTINGS_PATH['dev']}\.synthetics' is missing"):
        load_config(context)


def test_a_synthetic_write_flag_that_is_not_a_boolean_names_its_key(context: dict) -> None:
    settings(context, "dev")["synthetics"]["writes"] = "yes"

    with pytest.raises(ConfigError, match=rf"'{SETTINGS_PATH['dev']}\.synthetics\.writes' must be true or false"):
        load_config(context)
