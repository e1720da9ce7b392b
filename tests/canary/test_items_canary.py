"""The synthetic check's own code against the local stack: it passes on a healthy API, cleans up after itself, and
fails naming the step when the API refuses it."""

from __future__ import annotations

import pytest
from botocore.credentials import ReadOnlyCredentials
from requests_aws4auth import AWS4Auth

from apiclient.http import ApiSession
from canary.python.items_canary import (
    API_URL_VARIABLE,
    MARKER,
    WRITES_VARIABLE,
    CanaryCheckError,
    Settings,
    SignedClient,
    check,
    handler,
    run_checks,
)
from tests.canary.conftest import LocalStage


def _settings(stage: LocalStage, *, writes: bool, base_url: str | None = None) -> Settings:
    return Settings(base_url or stage.base_url, stage.region, writes)


def _marked_items(stage: LocalStage) -> list[dict]:
    auth = AWS4Auth(stage.credentials.access_key, stage.credentials.secret_key, stage.region, "execute-api")
    found, params = [], {"limit": 100}
    with ApiSession(stage.base_url, auth=auth) as session:
        while True:
            page = session.get("/items", params=params).json()
            found += [item for item in page["items"] if MARKER in item]
            if page["nextCursor"] is None:
                return found
            params = {"limit": 100, "cursor": page["nextCursor"]}


def test_the_check_reads_creates_reads_back_and_deletes_on_a_healthy_api(local_stage: LocalStage) -> None:
    steps = run_checks(SignedClient(local_stage.base_url, local_stage.region, local_stage.credentials), writes=True)

    assert [(step.name, step.status, step.problem) for step in steps] == [
        ("list", 200, None),
        ("create", 201, None),
        ("read", 200, None),
        ("delete", 204, None),
    ]


def test_the_check_leaves_no_marked_item_behind(local_stage: LocalStage) -> None:
    check(_settings(local_stage, writes=True), local_stage.credentials)

    assert _marked_items(local_stage) == []


def test_a_read_only_check_only_lists(local_stage: LocalStage) -> None:
    assert check(_settings(local_stage, writes=False), local_stage.credentials) == "1 steps passed: list"


def test_a_refused_signature_fails_the_check_naming_the_step(local_stage: LocalStage) -> None:
    forged = ReadOnlyCredentials(local_stage.credentials.access_key, "not-the-secret", None)

    with pytest.raises(CanaryCheckError, match=r"^list: 403 in \d+ ms, FAILED: expected 200, got 403"):
        check(_settings(local_stage, writes=True), forged)


def test_a_stage_that_does_not_exist_fails_the_check(local_stage: LocalStage) -> None:
    elsewhere = local_stage.base_url.rsplit("/", 1)[0] + "/nostage"

    with pytest.raises(CanaryCheckError, match=r"^list: 4\d\d "):
        check(_settings(local_stage, writes=False, base_url=elsewhere), local_stage.credentials)


def test_the_handler_signs_with_the_credentials_of_its_environment(
    local_stage: LocalStage, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    access_key, secret_key = local_stage.credentials.access_key, local_stage.credentials.secret_key
    assert access_key is not None and secret_key is not None
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret_key)
    monkeypatch.setenv("AWS_REGION", local_stage.region)
    monkeypatch.setenv(API_URL_VARIABLE, local_stage.base_url)
    monkeypatch.setenv(WRITES_VARIABLE, "true")

    assert handler({}, None) == "4 steps passed: list, create, read, delete"
