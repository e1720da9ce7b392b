"""The dev and prod service stages of the one synthesis of the app (tests/unit/conftest.py), for this folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from aws_cdk.assertions import Template

from configuration import AppConfig, project_context, stage_id
from stages.service_stage import ServiceStage

if TYPE_CHECKING:  # the fixture comes from tests/unit/conftest.py, which pytest loads itself
    from tests.unit.conftest import SynthesizedApp


def settings(context: dict, environment: str) -> dict:
    """The (mutable) `settings` object of one environment in a context's waves."""
    return next(
        env["settings"] for wave in context["waves"] for env in wave["environments"] if env["name"] == environment
    )


# Where each default environment's settings sit in cdk.json, as error messages name them (regex-escaped).
SETTINGS_PATH = {"dev": r"waves\[0\]\.environments\[0\]\.settings", "prod": r"waves\[1\]\.environments\[0\]\.settings"}


@pytest.fixture(scope="session")
def project_context_values() -> dict:
    return project_context()


@pytest.fixture(scope="session")
def config(synthesized: SynthesizedApp) -> AppConfig:
    return synthesized.config


@pytest.fixture(scope="session")
def stages(synthesized: SynthesizedApp) -> dict[str, ServiceStage]:
    """Each environment's stage of the one synthesized app (tests/unit/conftest.py), as the pipeline deploys it."""
    return {name: synthesized.stack.node.find_child(stage_id(name)) for name in synthesized.config.environments}


@pytest.fixture(scope="session")
def templates(synthesized: SynthesizedApp) -> dict[str, Template]:
    return {name: Template.from_json(template) for name, template in synthesized.stage_templates().items()}


@pytest.fixture(params=["dev", "prod"])
def env_name(request: pytest.FixtureRequest) -> str:
    return request.param
