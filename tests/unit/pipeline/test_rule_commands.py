"""A release rule's command within what CodePipeline takes (botocore's codepipeline Command: at most 1,000
characters): the command grows with every configured environment whose name extends the checked one's, so no
name pattern bounds it, and a configuration that would exceed it is refused when the app is built."""

from __future__ import annotations

import copy

import pytest
from aws_cdk import App
from aws_cdk.assertions import Template

from app import build_app
from configuration import ConfigError, project_context
from pipeline.release_controls import command_limit, longest_partition

SIBLINGS = 4  # environments named prod-sibling-N: the prod rules leave each one's alarms out by name


def _with_siblings(count: int) -> dict:
    """cdk.json's context with `count` more dev-wave environments whose names extend `prod`."""
    context = copy.deepcopy(project_context())
    dev_wave = context["waves"][0]
    for number in range(count):
        dev_wave["environments"].append(
            {
                "name": f"prod-sibling-{number}",
                "account": f"44444444444{number}",
                "region": "us-east-1",
                "extends": "dev",
            }
        )
    return context


def test_the_limits_come_from_botocore() -> None:
    assert command_limit() == 1000
    assert longest_partition() == "aws-us-gov"


@pytest.mark.component
def test_a_configuration_whose_bake_command_exceeds_1000_characters_is_refused() -> None:
    with pytest.raises(ConfigError) as refused:
        build_app(App(context=_with_siblings(SIBLINGS)))

    message = str(refused.value)
    assert "waves[1].environments[0].name" in message
    assert "Bake-prod rule's command" in message and "over the 1,000 CodePipeline takes" in message


@pytest.mark.component
def test_one_sibling_fewer_fits_close_to_the_limit() -> None:
    stack = build_app(App(context=_with_siblings(SIBLINGS - 1)))

    (pipeline,) = Template.from_stack(stack).find_resources("AWS::CodePipeline::Pipeline").values()
    commands = [command for stage in pipeline["Properties"]["Stages"] for when in ("BeforeEntry", "OnSuccess")
                for rule in (stage.get(when) or {"Conditions": [{"Rules": []}]})["Conditions"][0]["Rules"]
                for command in rule["Commands"]]  # fmt: skip
    assert all(isinstance(command, str) for command in commands)
    assert 900 < max(len(command) for command in commands) <= command_limit()
