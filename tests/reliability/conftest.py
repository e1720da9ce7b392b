"""Fixtures of the harness smoke tests: the synthesized assembly and a local stack in its own process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.local_api import DEFAULT_ASSEMBLY, LOG_DIR, LocalApi


@pytest.fixture(scope="session")
def assembly() -> Path:
    """The cloud assembly `make synth` wrote (CDK_OUTDIR when set); fails fast, saying what to run, when absent."""
    if not (DEFAULT_ASSEMBLY / "manifest.json").is_file():
        pytest.fail(f"{DEFAULT_ASSEMBLY} holds no cloud assembly: run `make synth` first", pytrace=False)
    return DEFAULT_ASSEMBLY


@pytest.fixture(scope="session")
def local_api(assembly: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalApi]:
    """`python -m local run` serving the dev stage, its data in a fresh folder."""
    data_dir = tmp_path_factory.mktemp("local-api-data")
    with LocalApi(assembly, data_dir, log_path=LOG_DIR / "smoke.log") as api:
        yield api
