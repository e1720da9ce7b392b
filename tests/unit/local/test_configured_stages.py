"""`make run STAGE=<name>` serves any configured environment: the local stack runs each environment's stage from
the synthesized cloud assembly (cdk.out, written by `make synth`), and a signed round trip works on it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import requests
from requests_aws4auth import AWS4Auth

from configuration import load_project_config
from local.service import LocalService

pytestmark = pytest.mark.component  # serves each environment's stage from cdk.out

PROJECT_ROOT = Path(__file__).resolve().parents[3]
ASSEMBLY_DIR = Path(os.environ.get("CDK_OUTDIR") or PROJECT_ROOT / "cdk.out")


@pytest.mark.parametrize("stage", list(load_project_config().environments))
def test_each_configured_environment_is_served_locally(stage: str) -> None:
    if not (ASSEMBLY_DIR / "manifest.json").is_file():
        pytest.fail(f"{ASSEMBLY_DIR} holds no cloud assembly: run `make synth` first", pytrace=False)
    with LocalService(ASSEMBLY_DIR, stage=stage, data_dir=None, workers=1) as stack:
        assert stack.credentials is not None
        auth = AWS4Auth(stack.credentials.access_key, stack.credentials.secret_key, stack.region, "execute-api")
        base_url = stack.base_url.rstrip("/")
        items = f"{base_url}/items"
        name = f"local-{stage}-{uuid.uuid4().hex[:8]}"

        created = requests.post(items, json={"name": name}, auth=auth, timeout=30)
        fetched = requests.get(f"{items}/{created.json()['itemId']}", auth=auth, timeout=30)

    assert base_url.endswith(f"/{stage}")
    assert (created.status_code, fetched.status_code, fetched.json()["name"]) == (201, 200, name)
