"""The model is closed: a misspelt or unknown key at any level stops loading, naming its path and the nearest key."""

from __future__ import annotations

import re

import pytest

from configuration import ConfigError, load_config


def _prod(context: dict) -> dict:
    return context["waves"][1]["environments"][0]


@pytest.mark.parametrize(
    ("misspell", "path", "suggestion"),
    [
        (lambda c: c.update(costCentre="CC-1"), "costCentre", "costCenter"),
        (lambda c: c["waves"][1].update(aproval=True), "waves[1].aproval", "approval"),
        (lambda c: _prod(c).update(acount="333333333333"), "waves[1].environments[0].acount", "account"),
        (lambda c: _prod(c)["settings"].update(apiRateLimt=5), "waves[1].environments[0].settings.apiRateLimt",
         "apiRateLimit"),
        (lambda c: _prod(c)["settings"].update(lambdaMemoryMB=512),
         "waves[1].environments[0].settings.lambdaMemoryMB", "lambdaMemoryMb"),
        (lambda c: _prod(c)["settings"]["synthetics"].update(everyMinute=5),
         "waves[1].environments[0].settings.synthetics.everyMinute", "everyMinutes"),
        (lambda c: c["loadTest"].update(maxP99=5), "loadTest.maxP99", "maxP99Ms"),
    ],
)  # fmt: skip
def test_a_misspelt_key_names_its_path_and_the_key_meant(context: dict, misspell, path: str, suggestion: str) -> None:
    misspell(context)

    with pytest.raises(ConfigError) as raised:
        load_config(context)

    assert str(raised.value) == f"cdk.json context '{path}' is an unknown key; did you mean '{suggestion}'?"


def test_the_prod_wave_with_a_misspelt_approval_does_not_load(context: dict) -> None:
    del context["waves"][1]["approval"]
    context["waves"][1]["aproval"] = True

    with pytest.raises(ConfigError, match=re.escape("'waves[1].aproval' is an unknown key")):
        load_config(context)


def test_an_unknown_key_with_no_near_neighbour_lists_the_known_keys(context: dict) -> None:
    context["waves"][0]["zzz"] = 1

    with pytest.raises(ConfigError, match=r"'waves\[0\]\.zzz' is an unknown key; known keys: name, approval, environ"):
        load_config(context)


def test_a_snake_case_key_is_not_a_synonym_of_its_camel_case_key(context: dict) -> None:
    context["load_test"] = context.pop("loadTest")

    with pytest.raises(ConfigError) as raised:
        load_config(context)

    assert "'load_test' is an unknown key; did you mean 'loadTest'?" in str(raised.value)
    assert "'loadTest' is missing" in str(raised.value)


def test_every_problem_is_reported_at_once_one_per_line(context: dict) -> None:
    context["waves"][0]["aproval"] = True
    context["loadTest"]["clients"] = 0

    with pytest.raises(ConfigError) as raised:
        load_config(context)

    assert len(raised.value.problems) == 2
    assert str(raised.value).splitlines() == list(raised.value.problems)


CDK_KEYS = [
    "@aws-cdk/core:newFlag",
    "aws:cdk:enable-path-metadata",
    "availability-zones:region=x",
    "acknowledged-issue-numbers",
]


@pytest.mark.parametrize("key", CDK_KEYS)
def test_the_cdks_own_context_keys_are_not_the_apps_to_refuse(context: dict, key: str) -> None:
    context[key] = True

    assert load_config(context).project == "items-api"
