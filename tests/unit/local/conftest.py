"""Fixtures of the local stack's tests: the fixture app synthesized once per session, and what it serves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from local.gateway.sigv4 import LocalCredentials
from local.service import LocalService
from local.template.service import ServiceTemplate, load_service
from tests.tiers import component
from tests.unit.local.fixtures.service_app import ACCOUNT, synthesize


@pytest.fixture(scope="session")
@component("synthesizes the fixture app")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture app's cloud assembly, as `cdk synth` writes it."""
    return synthesize(tmp_path_factory.mktemp("cdk.out"))


@pytest.fixture(scope="session")
def service(assembly: Path) -> ServiceTemplate:
    return load_service(assembly, "dev")


@pytest.fixture(scope="session")
def credentials() -> LocalCredentials:
    return LocalCredentials(account_id=ACCOUNT)


@pytest.fixture(scope="session")
@component("serves the fixture app over HTTP, with dynalite")
def running_stack(assembly: Path) -> Iterator[LocalService]:
    """The fixture app served over HTTP, with an in-memory dynalite."""
    with LocalService(assembly, data_dir=None, workers=2) as stack:
        yield stack
