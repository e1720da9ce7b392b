"""Release history from CodePipeline's API, checked against responses botocore's Stubber validates against the model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from tools.releases import fetch_history, main, render

PIPELINE = "items-api-delivery"
STAGES = ["Source", "Build", "UpdatePipeline", "Assets", "Dev", "Prod"]
NOW = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
FINISHED_ID = "0d1f5a8e-3b6c-4d2a-9e7f-1a2b3c4d5e6f"
RUNNING_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
CREDENTIAL_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
)
COMMIT = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"


def _stage_state(name: str) -> dict[str, Any]:
    return {
        "stageName": name,
        "inboundTransitionState": {"enabled": True},
        "actionStates": [],
        "latestExecution": {"pipelineExecutionId": RUNNING_ID, "status": "InProgress"},
    }


def _summary(execution_id: str, status: str, started: datetime, updated: datetime) -> dict[str, Any]:
    return {
        "pipelineExecutionId": execution_id,
        "status": status,
        "startTime": started,
        "lastUpdateTime": updated,
        "sourceRevisions": [
            {
                "actionName": "GitHub",
                "revisionId": COMMIT,
                "revisionSummary": json.dumps({"ProviderType": "GitHub", "CommitMessage": "Add paging\n\nLong body"}),
                "revisionUrl": f"https://github.com/my-org/items-api/commit/{COMMIT}",
            }
        ],
        "trigger": {
            "triggerType": "WebhookV2",
            "triggerDetail": "arn:aws:codeconnections:us-east-1:111111111111:connection/x",
        },
        "executionMode": "SUPERSEDED",
        "executionType": "STANDARD",
    }


def _action(execution_id: str, stage: str, name: str, status: str) -> dict[str, Any]:
    return {
        "pipelineExecutionId": execution_id,
        "actionExecutionId": f"{stage}-{name}-{execution_id[:8]}",
        "pipelineVersion": 4,
        "stageName": stage,
        "actionName": name,
        "startTime": NOW - timedelta(minutes=30),
        "lastUpdateTime": NOW - timedelta(minutes=20),
        "status": status,
        "input": {
            "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
            "configuration": {"ProjectName": f"{name}-project"},
            "region": "us-east-1",
            "inputArtifacts": [],
        },
        "output": {"outputArtifacts": [], "executionResult": {"externalExecutionId": f"{name}:1234"}},
    }


def _expect_history(stubber: Stubber) -> None:
    """A finished run that failed in Dev, and a newer run still building."""
    stubber.add_response(
        "get_pipeline_state",
        {"pipelineName": PIPELINE, "pipelineVersion": 4, "stageStates": [_stage_state(name) for name in STAGES]},
        {"name": PIPELINE},
    )
    stubber.add_response(
        "list_pipeline_executions",
        {
            "pipelineExecutionSummaries": [
                _summary(RUNNING_ID, "InProgress", NOW - timedelta(minutes=3), NOW - timedelta(minutes=1)),
                _summary(FINISHED_ID, "Failed", NOW - timedelta(hours=2), NOW - timedelta(hours=1, minutes=48)),
            ]
        },
        {"pipelineName": PIPELINE, "maxResults": 2},
    )
    running = [
        _action(RUNNING_ID, "Source", "GitHub", "Succeeded"),
        _action(RUNNING_ID, "Build", "Synth", "InProgress"),
    ]
    finished = [
        _action(FINISHED_ID, stage, name, status)
        for stage, name, status in [
            ("Source", "GitHub", "Succeeded"),
            ("Build", "Synth", "Succeeded"),
            ("UpdatePipeline", "SelfMutate", "Succeeded"),
            ("Assets", "FileAssets", "Succeeded"),
            ("Dev", "items-api-dev.Deploy", "Succeeded"),
            ("Dev", "IntegrationTests", "Failed"),
            ("Dev", "ProdPermissionsCheck", "Succeeded"),
        ]
    ]
    for execution_id, details in ((RUNNING_ID, running), (FINISHED_ID, finished)):
        stubber.add_response(
            "list_action_executions",
            {"actionExecutionDetails": details},
            {"pipelineName": PIPELINE, "filter": {"pipelineExecutionId": execution_id}},
        )


@pytest.fixture
def client() -> Iterator[Any]:
    client: Any = boto3.client(  # carries its Stubber along (client.stubber)
        "codepipeline", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"
    )
    with Stubber(client) as stubber:
        client.stubber = stubber
        yield client
        stubber.assert_no_pending_responses()


def test_history_lists_runs_newest_first_with_trigger_and_commit(client) -> None:
    _expect_history(client.stubber)

    _, runs = fetch_history(client, PIPELINE, 2, NOW)

    assert [(run.execution_id, run.status, run.trigger, run.commit) for run in runs] == [
        (RUNNING_ID, "InProgress", "WebhookV2", "9f8e7d6c Add paging"),
        (FINISHED_ID, "Failed", "WebhookV2", "9f8e7d6c Add paging"),
    ]


def test_finished_run_lasts_until_its_last_update_and_running_run_until_now(client) -> None:
    _expect_history(client.stubber)

    _, runs = fetch_history(client, PIPELINE, 2, NOW)

    assert [run.duration for run in runs] == [timedelta(minutes=3), timedelta(minutes=12)]


def test_stage_shows_its_worst_action_and_unreached_stages_show_a_dash(client) -> None:
    _expect_history(client.stubber)

    stage_names, runs = fetch_history(client, PIPELINE, 2, NOW)

    assert stage_names == STAGES
    assert runs[1].stages == {
        "Source": "Succeeded",
        "Build": "Succeeded",
        "UpdatePipeline": "Succeeded",
        "Assets": "Succeeded",
        "Dev": "Failed",
        "Prod": "-",
    }
    assert runs[0].stages["Build"] == "InProgress"


def test_rendered_history_has_a_line_per_run_and_its_stages_beneath(client) -> None:
    _expect_history(client.stubber)
    _, runs = fetch_history(client, PIPELINE, 2, NOW)

    lines = render(PIPELINE, runs).splitlines()

    assert lines[2].split()[:3] == [RUNNING_ID, "InProgress", "WebhookV2"]
    assert lines[5].split() == [
        "Source:", "Succeeded", "Build:", "Succeeded", "UpdatePipeline:", "Succeeded",
        "Assets:", "Succeeded", "Dev:", "Failed", "Prod:", "-",
    ]  # fmt: skip
    assert "12m00s" in lines[4]


def test_unknown_pipeline_is_explained_without_a_traceback(client, capsys) -> None:
    client.stubber.add_client_error(
        "get_pipeline_state",
        service_error_code="PipelineNotFoundException",
        service_message="Account '111111111111' does not have a pipeline with name 'nope'",
        http_status_code=400,
    )

    code = main(["--pipeline", "nope"], client_factory=lambda region: client)

    assert code == 2
    assert "no pipeline named 'nope' in us-east-1" in capsys.readouterr().err


def test_missing_credentials_are_explained_without_a_traceback(monkeypatch, tmp_path, capsys) -> None:
    for variable in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance-metadata lookup, so no network

    code = main(["-n", "1"])

    assert code == 2
    assert "no AWS credentials found" in capsys.readouterr().err
