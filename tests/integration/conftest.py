"""Fixtures of the integration suite: the API under test (deployed, or the local stack), sessions, item factories."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from apiclient.http import ApiSession
from apiclient.target import ApiTarget, Credentials, TargetConfigError, deployed_target, static_auth

from .items import ItemFactory

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The CDK's own variable for the cloud assembly directory; `make synth` writes cdk.out.
ASSEMBLY_DIR = Path(os.environ.get("CDK_OUTDIR") or PROJECT_ROOT / "cdk.out")
LOCAL_STAGE = "dev"


def _local_credentials(stack_credentials: object) -> Credentials:
    access_key = getattr(stack_credentials, "access_key", None)
    secret_key = getattr(stack_credentials, "secret_key", None)
    if access_key is None or secret_key is None:
        access_key, secret_key = stack_credentials  # a plain (access_key, secret_key) pair
    return Credentials(access_key=access_key, secret_key=secret_key)


def _deployed_or_fail(url: str) -> ApiTarget:
    try:
        return deployed_target(url)
    except TargetConfigError as error:
        problem = str(error)
    pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def api_target() -> Iterator[ApiTarget]:
    """The API under test: `API_URL` when set, otherwise the local stack serving the synthesized dev stage."""
    url = os.environ.get("API_URL")
    if url:
        yield _deployed_or_fail(url)
        return
    if not (ASSEMBLY_DIR / "manifest.json").is_file():
        pytest.fail(
            f"API_URL is not set and {ASSEMBLY_DIR} holds no cloud assembly to serve locally: run `make synth` first "
            "(or set API_URL to a deployed stage)",
            pytrace=False,
        )
    from local.database import chosen_database  # noqa: PLC0415 - only local runs need the local stack
    from local.service import LocalService  # noqa: PLC0415

    database = chosen_database()  # dynalite, or DynamoDB Local with `make test DB=dynamodb-local`
    with LocalService(assembly_dir=ASSEMBLY_DIR, stage=LOCAL_STAGE, port=0, data_dir=None, database=database) as stack:
        credentials = _local_credentials(stack.credentials)
        yield ApiTarget(
            base_url=stack.base_url.rstrip("/"), region=stack.region, auth=static_auth(credentials, stack.region)
        )


@pytest.fixture(scope="session")
def signed(api_target: ApiTarget) -> Iterator[ApiSession]:
    """A session whose requests are SigV4-signed with credentials the API accepts."""
    with ApiSession(api_target.base_url, auth=api_target.auth) as session:
        yield session


@pytest.fixture(scope="session")
def unsigned(api_target: ApiTarget) -> Iterator[ApiSession]:
    """A session that sends requests without any signature, as an anonymous caller would."""
    with ApiSession(api_target.base_url) as session:
        yield session


@pytest.fixture(scope="session")
def wrongly_signed(api_target: ApiTarget) -> Iterator[ApiSession]:
    """A session signing with a valid access key id but a wrong secret key."""
    real = api_target.credentials()
    forged = Credentials(real.access_key, f"{real.secret_key}x", real.session_token)
    with ApiSession(api_target.base_url, auth=static_auth(forged, api_target.region)) as session:
        yield session


@pytest.fixture
def items(signed: ApiSession) -> Iterator[ItemFactory]:
    """Creates items for one test and deletes them afterwards."""
    factory = ItemFactory(signed)
    yield factory
    factory.cleanup()


@pytest.fixture(scope="module")
def module_items(signed: ApiSession) -> Iterator[ItemFactory]:
    """Creates items shared by the tests of one module and deletes them after the module."""
    factory = ItemFactory(signed)
    yield factory
    factory.cleanup()
