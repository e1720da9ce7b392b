"""The synthetic check's settings: read from the canary's environment, a missing or malformed one named."""

from __future__ import annotations

import pytest

from canary.python.items_canary import CanaryCheckError, Settings, Step, verdict

ENVIRONMENT = {"API_URL": "https://abc.execute-api.us-east-1.amazonaws.com/dev/", "AWS_REGION": "us-east-1"}


def test_settings_come_from_the_environment_with_writes_off_by_default() -> None:
    settings = Settings.from_environment(ENVIRONMENT)

    assert settings == Settings("https://abc.execute-api.us-east-1.amazonaws.com/dev", "us-east-1", writes=False)


def test_writes_are_on_when_the_environment_says_true() -> None:
    assert Settings.from_environment({**ENVIRONMENT, "SYNTHETIC_WRITES": "True"}).writes


@pytest.mark.parametrize("missing", ["API_URL", "AWS_REGION"])
def test_a_missing_setting_is_named(missing: str) -> None:
    environment = {key: value for key, value in ENVIRONMENT.items() if key != missing}

    with pytest.raises(CanaryCheckError, match=f"lacks {missing}"):
        Settings.from_environment(environment)


def test_a_malformed_write_flag_is_named() -> None:
    with pytest.raises(CanaryCheckError, match="SYNTHETIC_WRITES must be true or false, not 'yes'"):
        Settings.from_environment({**ENVIRONMENT, "SYNTHETIC_WRITES": "yes"})


def test_the_verdict_names_every_failed_step_and_only_those() -> None:
    steps = [Step("list", 200, 12.0), Step("create", 503, 30.0, "expected 201, got 503"), Step("read", None, 10.0, "x")]

    with pytest.raises(CanaryCheckError) as failure:
        verdict(steps)

    assert str(failure.value) == (
        "create: 503 in 30 ms, FAILED: expected 201, got 503; read: no answer in 10 ms, FAILED: x"
    )


def test_the_verdict_of_a_clean_run_lists_its_steps() -> None:
    assert verdict([Step("list", 200, 5.0), Step("create", 201, 9.0)]) == "2 steps passed: list, create"
