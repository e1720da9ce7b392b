"""The local stack serving the synthesized dev stage, for running the synthetic check's code against it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from botocore.credentials import ReadOnlyCredentials

from local.database import chosen_database
from local.service import LocalService

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ASSEMBLY_DIR = Path(os.environ.get("CDK_OUTDIR") or PROJECT_ROOT / "cdk.out")


@dataclass(frozen=True)
class LocalStage:
    """What the check needs to reach the local stack: its URL, region and the credentials it accepts."""

    base_url: str
    region: str
    credentials: ReadOnlyCredentials


@pytest.fixture(scope="session")
def local_stage() -> Iterator[LocalStage]:
    if not (ASSEMBLY_DIR / "manifest.json").is_file():
        pytest.fail(f"{ASSEMBLY_DIR} holds no cloud assembly to serve locally: run `make synth` first", pytrace=False)
    with LocalService(
        assembly_dir=ASSEMBLY_DIR, stage="dev", port=0, data_dir=None, database=chosen_database()
    ) as stack:
        credentials = ReadOnlyCredentials(stack.credentials.access_key, stack.credentials.secret_key, None)
        yield LocalStage(stack.base_url.rstrip("/"), stack.region, credentials)
