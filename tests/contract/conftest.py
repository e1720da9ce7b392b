"""Fixtures of the contract tests: a client generated from docs/openapi.json and the local stack it talks to."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from reliability.local_api import DEFAULT_ASSEMBLY, LOG_DIR, LocalApi
from tests.contract.sigv4_httpx import SigV4

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "openapi.json"
PACKAGE = "items_api_client"


@pytest.fixture(scope="session")
def local_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalApi]:
    """`python -m local run` serving the synthesized dev stage, its data in a fresh folder."""
    if not (DEFAULT_ASSEMBLY / "manifest.json").is_file():
        pytest.fail(f"{DEFAULT_ASSEMBLY} holds no cloud assembly: run `make synth` first", pytrace=False)
    with LocalApi(DEFAULT_ASSEMBLY, tmp_path_factory.mktemp("contract-data"), log_path=LOG_DIR / "contract.log") as api:
        yield api


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The package openapi-python-client (pinned in requirements-dev.txt) generates from the committed document."""
    out = tmp_path_factory.mktemp("generated")
    bin_dir = Path(sys.executable).parent
    environment = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}  # its ruff hook
    completed = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(DOCUMENT),
            "--output-path",
            str(out / PACKAGE),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Warning" not in completed.stdout, completed.stdout  # a piece of the document it could not use
    sys.path.insert(0, str(out))
    return importlib.import_module(PACKAGE)


@pytest.fixture(scope="session")
def client(generated: ModuleType, local_api: LocalApi) -> ModuleType:
    """The generated Client for the local stage, signing every request with SigV4 (execute-api)."""
    credentials = local_api.credentials
    auth = SigV4(credentials.access_key, credentials.secret_key, local_api.region)
    return generated.Client(base_url=local_api.base_url.rstrip("/"), httpx_args={"auth": auth})
