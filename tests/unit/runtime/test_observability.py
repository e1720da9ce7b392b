"""Metrics and logs: custom metrics per outcome, correlation id from API Gateway, no bodies in INFO logs."""

import io
import json
import uuid

import pytest
from items_api import names
from items_api.observability import logger


@pytest.fixture
def log_output(function_environment):
    """What the service logger writes (its handler keeps the stream it was created with, so swap that)."""
    buffer = io.StringIO()
    previous = logger.registered_handler.setStream(buffer)
    yield buffer
    logger.registered_handler.setStream(previous)


def emitted_metrics(text: str) -> set[str]:
    found = set()
    for line in text.splitlines():
        if line.startswith('{"_aws"'):
            document = json.loads(line)
            found |= {metric["Name"] for entry in document["_aws"]["CloudWatchMetrics"] for metric in entry["Metrics"]}
    return found


def log_records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith('{"level"')]


def test_create_emits_items_created(invoke, capfd):
    invoke("POST", "/items", body={"name": "lamp"})
    assert names.METRIC_ITEMS_CREATED in emitted_metrics(capfd.readouterr().out)


def test_validation_error_emits_validation_errors(invoke, capfd):
    invoke("POST", "/items", body={"name": ""})
    assert names.METRIC_VALIDATION_ERRORS in emitted_metrics(capfd.readouterr().out)


def test_stale_if_match_emits_conflicts(invoke, created_item, capfd):
    item = created_item()
    invoke("DELETE", f"/items/{item['itemId']}", headers={"If-Match": '"9"'})
    assert names.METRIC_CONFLICTS in emitted_metrics(capfd.readouterr().out)


def test_log_lines_carry_the_api_gateway_request_id(invoke, log_output):
    request_id = str(uuid.uuid4())
    invoke("GET", f"/items/{uuid.uuid4()}", request_id=request_id)
    records = log_records(log_output.getvalue())
    assert [record["correlation_id"] for record in records] == [request_id]


def test_request_bodies_are_not_logged(invoke, log_output):
    secret = f"secret-{uuid.uuid4()}"
    invoke("POST", "/items", body={"name": "", "note": secret})
    assert log_output.getvalue() and secret not in log_output.getvalue()
