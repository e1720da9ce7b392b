"""SnapStart: a per-environment switch in cdk.json (on in prod, off in dev), applied to published versions."""

from __future__ import annotations

import json

import pytest
from aws_cdk import App
from aws_cdk.assertions import Match, Template

from configuration import ConfigError, load_config
from stages.constructs.function import RUNTIME
from stages.service_stage import ServiceStage
from tests.unit.stages.conftest import SETTINGS_PATH, project_context, settings

SNAPSTART = {"SnapStart": {"ApplyOn": "PublishedVersions"}}


def _with_dev(**changes: object) -> dict:
    context = json.loads(json.dumps(project_context()))
    settings(context, "dev").update(changes)
    return context


@pytest.mark.component  # reads a CDK runtime
def test_the_runtime_supports_snapstart() -> None:
    assert RUNTIME.supports_snap_start


def test_prod_function_applies_snapstart_to_published_versions(templates) -> None:
    templates["prod"].has_resource_properties("AWS::Lambda::Function", SNAPSTART)


def test_dev_function_has_no_snapstart(templates) -> None:
    templates["dev"].has_resource_properties("AWS::Lambda::Function", {"SnapStart": Match.absent()})


def test_every_environment_publishes_the_version_its_alias_serves(templates, env_name) -> None:
    templates[env_name].resource_count_is("AWS::Lambda::Version", 1)


@pytest.mark.component  # synthesizes
def test_the_switch_alone_turns_snapstart_on(tmp_path) -> None:
    app = App(context=_with_dev(snapStart=True), outdir=str(tmp_path))
    config = load_config(app.node.get_all_context())
    stage = ServiceStage(app, "Dev", config=config, environment=config.environments["dev"])

    Template.from_stack(stage.stack).has_resource_properties("AWS::Lambda::Function", SNAPSTART)


@pytest.mark.parametrize(
    ("value", "problem"), [(None, "is missing"), ("yes", "must be true or false"), (1, "must be true or false")]
)
def test_snapstart_must_be_true_or_false(value, problem: str) -> None:
    context = _with_dev(snapStart=value)
    if value is None:
        del settings(context, "dev")["snapStart"]

    with pytest.raises(ConfigError, match=rf"'{SETTINGS_PATH['dev']}\.snapStart' {problem}"):
        load_config(context)
