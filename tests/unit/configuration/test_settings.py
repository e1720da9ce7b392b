"""Settings the model and the constructs both name: one list of choices, one constant."""

from __future__ import annotations

import re
import typing

import pytest

from configuration import AUTOSCALING_TARGET_UTILIZATION_PERCENT, ConfigError, LogLevel, ReleaseControls, load_config
from stages.constructs.function import LAMBDA_LOG_LEVELS


def test_every_log_level_the_model_accepts_is_one_lambda_filters_at() -> None:
    assert set(LAMBDA_LOG_LEVELS) == set(typing.get_args(LogLevel))


def test_the_capacity_rule_uses_the_utilization_the_table_scales_to(context: dict) -> None:
    settings = context["waves"][1]["environments"][0]["settings"]
    needed = settings["apiRateLimit"] * 100 / AUTOSCALING_TARGET_UTILIZATION_PERCENT
    settings["tableMaxCapacity"] = int(needed) - 1

    with pytest.raises(ConfigError, match=re.escape(f"apiRateLimit / {AUTOSCALING_TARGET_UTILIZATION_PERCENT / 100}")):
        load_config(context)


def test_an_environment_that_extends_another_may_change_one_nested_object_whole(context: dict) -> None:
    prod = context["waves"][1]["environments"][0]
    context["waves"][1]["environments"].append(
        {"name": "prod-eu", "account": prod["account"], "region": "eu-west-1", "extends": "prod",
         "settings": {"synthetics": {"everyMinutes": 10, "writes": False}}}
    )  # fmt: skip

    eu = load_config(context).environments["prod-eu"]

    assert (eu.synthetics.every_minutes, eu.synthetics.writes, eu.api_rate_limit) == (10, False, 1000)


def test_a_setting_written_as_null_is_refused_not_taken_as_absent(context: dict) -> None:
    context["waves"][0]["environments"][0]["settings"]["snapStart"] = None

    with pytest.raises(ConfigError, match=re.escape("settings.snapStart' must be true or false, got None")):
        load_config(context)


def test_release_controls_are_on_by_default_for_production_waves_only(context: dict) -> None:
    config = load_config(context)

    assert [wave.controls for wave in config.waves] == [None, ReleaseControls()]
    assert ReleaseControls().entry_gate and ReleaseControls().rollback and ReleaseControls().bake_minutes == 30
    assert ReleaseControls().drift == "stop"


def test_release_controls_on_a_pre_production_wave_are_refused(context: dict) -> None:
    context["waves"][0]["releaseControls"] = {"bakeMinutes": 10}

    with pytest.raises(ConfigError, match=r"waves\[0\]\.releaseControls.*production waves only"):
        load_config(context)


@pytest.mark.parametrize("minutes", [-1, 51])
def test_a_bake_longer_than_a_commands_rule_may_run_is_refused(context: dict, minutes: int) -> None:
    context["waves"][1]["releaseControls"] = {"bakeMinutes": minutes}

    with pytest.raises(ConfigError, match="bakeMinutes"):
        load_config(context)


def test_a_production_wave_may_switch_each_control_off(context: dict) -> None:
    off = {"entryGate": False, "bakeMinutes": 0, "rollback": False, "drift": "off"}
    context["waves"][1]["releaseControls"] = off

    (_, prod) = load_config(context).waves

    assert prod.controls == ReleaseControls.model_validate(off)


def test_drift_is_stop_warn_or_off(context: dict) -> None:
    context["waves"][1]["releaseControls"] = {"drift": "ignore"}

    with pytest.raises(ConfigError, match="drift"):
        load_config(context)


def _environments(wave: dict, count: int) -> list[dict]:
    """The wave's first environment and copies that extend it, to `count` environments."""
    first = wave["environments"][0]
    return [first, *({**first, "name": f"{first['name']}-{n}", "extends": first["name"], "settings": None}
                     for n in range(1, count))]  # fmt: skip


def test_a_production_wave_of_six_environments_is_refused_while_it_bakes(context: dict) -> None:
    context["waves"][1]["environments"] = _environments(context["waves"][1], 6)

    with pytest.raises(ConfigError, match=r"waves\[1\]\.environments.*has 6 environments.*at most 5"):
        load_config(context)


def test_an_entry_gate_over_six_environments_of_the_wave_before_is_refused(context: dict) -> None:
    context["waves"][0]["environments"] = _environments(context["waves"][0], 6)

    with pytest.raises(ConfigError, match=r"entryGate.*6 environments"):
        load_config(context)
