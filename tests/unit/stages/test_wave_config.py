"""cdk.json's waves: the order environments deploy in, which are production, and errors that name the key."""

from __future__ import annotations

import json
from typing import Any

import pytest

from configuration import ConfigError, load_config
from tests.unit.conftest import EXAMPLE_WAVES


@pytest.fixture
def context(project_context_values: dict) -> dict:
    return json.loads(json.dumps(project_context_values))


@pytest.fixture
def example(context: dict) -> dict:
    context["waves"] = json.loads(EXAMPLE_WAVES.read_text())
    return context


def _load(context: dict[str, Any]):
    return load_config(context)


def test_the_default_is_dev_then_prod_behind_an_approval(context: dict) -> None:
    config = _load(context)

    assert [(wave.name, wave.approval, [env.name for env in wave.environments]) for wave in config.waves] == [
        ("dev", False, ["dev"]),
        ("prod", True, ["prod"]),
    ]
    assert [env.production for env in config.environments.values()] == [False, True]


def test_an_approved_wave_and_every_later_one_are_production(example: dict) -> None:
    example["waves"].append(
        {"name": "late", "environments": [{**example["waves"][0]["environments"][0], "name": "late"}]}
    )

    config = _load(example)

    assert {name: env.production for name, env in config.environments.items()} == {
        "dev": False,
        "staging": False,
        "prod": True,
        "prod-eu": True,
        "late": True,
    }


def test_an_environment_extends_an_earlier_one_and_overrides_key_by_key(example: dict) -> None:
    config = _load(example)
    dev, staging = config.environments["dev"], config.environments["staging"]
    prod, prod_eu = config.environments["prod"], config.environments["prod-eu"]

    assert (staging.log_level, staging.log_retention_days, staging.api_data_trace) == ("INFO", 30, False)
    assert staging.api_rate_limit == dev.api_rate_limit
    assert (prod_eu.region, prod_eu.account) == ("eu-west-1", prod.account)
    assert prod_eu.deletion_protection is prod.deletion_protection is True


def test_extending_an_environment_that_is_not_defined_earlier_names_the_key(example: dict) -> None:
    example["waves"][1]["environments"][0]["extends"] = "prod"

    with pytest.raises(ConfigError, match=r"'waves\[1\]\.environments\[0\]\.extends' must name an earlier environment"):
        _load(example)


def test_a_repeated_environment_name_is_refused(example: dict) -> None:
    example["waves"][2]["environments"][1]["name"] = "staging"

    with pytest.raises(ConfigError, match=r"'waves\[2\]\.environments\[1\]\.name' repeats the environment name"):
        _load(example)


def test_names_that_would_give_two_stages_the_same_id_are_refused(example: dict) -> None:
    example["waves"][1]["environments"][0]["name"] = "prod-eu-"  # the stage ProdEu, as prod-eu's

    with pytest.raises(ConfigError, match=r"'waves\[2\]\.environments\[1\]\.name' repeats the environment name"):
        _load(example)


def test_a_repeated_wave_name_is_refused(example: dict) -> None:
    example["waves"][1]["name"] = "dev"

    with pytest.raises(ConfigError, match=r"'waves\[1\]\.name' repeats the wave name 'dev'"):
        _load(example)


def test_an_environment_name_too_long_for_its_iam_role_names_is_refused(context: dict) -> None:
    context["project"] = "p" * 31  # the longest project name: <project>-<environment>-api-test-runner fits 64
    context["waves"][0]["environments"][0]["name"] = "d" * 17

    with pytest.raises(ConfigError, match=r"'waves\[0\]\.environments\[0\]\.name' is too long: at most 16 characters"):
        _load(context)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.update(waves=[]), r"'waves' must not be empty"),
        (lambda c: c["waves"][0].update(environments=[]), r"'waves\[0\]\.environments' must not be empty"),
        (lambda c: c["waves"][1].update(approval="yes"), r"'waves\[1\]\.approval' must be true or false"),
        (lambda c: c["waves"][0].update(name="Dev"), r"'waves\[0\]\.name' is malformed"),
        (
            lambda c: c["waves"][0]["environments"][0].update(region="mars-1"),
            r"'waves\[0\]\.environments\[0\]\.region' is not a known AWS region",
        ),
        (
            lambda c: c["waves"][0]["environments"][0].pop("settings"),
            r"'waves\[0\]\.environments\[0\]\.settings' is missing",
        ),
    ],
)
def test_a_malformed_wave_names_its_key(context: dict, change, message: str) -> None:
    change(context)

    with pytest.raises(ConfigError, match=message):
        _load(context)


def test_waves_may_be_read_from_a_json_file_named_with_an_at_sign(context: dict) -> None:
    context["waves"] = f"@{EXAMPLE_WAVES}"

    assert list(_load(context).environments) == ["dev", "staging", "prod", "prod-eu"]


def test_an_unreadable_waves_file_names_the_key_and_the_file(context: dict, tmp_path) -> None:
    context["waves"] = f"@{tmp_path / 'missing.json'}"

    with pytest.raises(ConfigError, match=r"'waves' names a file that cannot be read .*missing\.json"):
        _load(context)
