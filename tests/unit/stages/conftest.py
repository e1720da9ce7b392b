"""One synthesis of the dev and prod service stages for every test in this folder."""

from __future__ import annotations

import pytest
from aws_cdk import App
from aws_cdk.assertions import Template

from configuration import AppConfig, load_config, project_context, stage_id
from stages.service_stage import ServiceStage
from tests.tiers import component


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
@component("reads the context through a CDK App")
def config() -> AppConfig:
    app = App(context=project_context())
    return load_config(app.node.get_all_context())


@pytest.fixture(scope="session")
@component("builds both service stages with CDK")
def stages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ServiceStage]:
    app = App(context=project_context(), outdir=str(tmp_path_factory.mktemp("cdk.out")))
    config = load_config(app.node.get_all_context())
    return {
        name: ServiceStage(app, stage_id(name), config=config, environment=env)
        for name, env in config.environments.items()
    }


@pytest.fixture(scope="session")
def templates(stages: dict[str, ServiceStage]) -> dict[str, Template]:
    return {name: Template.from_stack(stage.stack) for name, stage in stages.items()}


@pytest.fixture(params=["dev", "prod"])
def env_name(request: pytest.FixtureRequest) -> str:
    return request.param
