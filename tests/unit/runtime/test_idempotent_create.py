"""POST /items with Idempotency-Key: replays, key reuse with another body, and duplicates in flight."""

import threading
import uuid

import pytest
from items_api import store
from items_api.idempotency import create_item_once


def items_with_marker(dynamodb, table: str, marker: str) -> int:
    response = dynamodb.scan(
        TableName=table,
        FilterExpression="#m = :m",
        ExpressionAttributeNames={"#m": "marker"},
        ExpressionAttributeValues={":m": {"S": marker}},
    )
    return response["Count"]


@pytest.fixture
def key() -> str:
    return f"key-{uuid.uuid4()}"


def test_retry_with_same_key_and_body_returns_the_same_status_body_and_headers(invoke, key):
    first = invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": key})
    retry = invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": key})
    assert (retry.status, retry.text, retry.header("Location"), retry.header("ETag")) == (
        first.status,
        first.text,
        first.header("Location"),
        first.header("ETag"),
    )


def test_retry_with_same_key_and_body_creates_nothing(invoke, dynamodb, items_table, key):
    marker = str(uuid.uuid4())
    for _ in range(3):
        invoke("POST", "/items", body={"name": "lamp", "marker": marker}, headers={"Idempotency-Key": key})
    assert items_with_marker(dynamodb, items_table, marker) == 1


def test_replay_keeps_exact_numbers(invoke, key):
    body = '{"name": "lamp", "price": 19.99, "serial": 12345678901234567890}'
    headers = {"Idempotency-Key": key, "Content-Type": "application/json"}
    invoke("POST", "/items", body=body, headers=headers)
    replay = invoke("POST", "/items", body=body, headers=headers)
    assert '"price":19.99' in replay.text and '"serial":12345678901234567890' in replay.text


def test_same_json_formatted_differently_counts_as_the_same_body(invoke, key):
    headers = {"Idempotency-Key": key, "Content-Type": "application/json"}
    first = invoke("POST", "/items", body='{"name":"lamp","a":1}', headers=headers)
    retry = invoke("POST", "/items", body='{ "a": 1,  "name": "lamp" }', headers=headers)
    assert retry.text == first.text


def test_same_key_with_a_different_body_returns_422(invoke, key):
    invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": key})
    response = invoke("POST", "/items", body={"name": "desk"}, headers={"Idempotency-Key": key})
    assert response.status == 422


def test_different_keys_create_different_items(invoke):
    first = invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": str(uuid.uuid4())})
    second = invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert first.json()["itemId"] != second.json()["itemId"]


def test_invalid_body_with_a_key_is_refused_and_the_key_stays_usable(invoke, key):
    refused = invoke("POST", "/items", body={"name": ""}, headers={"Idempotency-Key": key})
    accepted = invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": key})
    assert (refused.status, accepted.status) == (422, 201)


@pytest.fixture
def paused_item_writes(items_table):
    """Holds the first PutItem on the items table until released: a create that is still in progress."""
    entered, release = threading.Event(), threading.Event()

    def hold(params, **_):
        if params.get("TableName") == items_table and not entered.is_set():
            entered.set()
            release.wait(10)

    events = store.dynamodb_client().meta.events
    events.register("before-parameter-build.dynamodb.PutItem", hold)
    yield entered, release
    release.set()
    events.unregister("before-parameter-build.dynamodb.PutItem", hold)


def test_duplicate_while_the_first_is_in_progress_returns_409(invoke, key, lambda_context, paused_item_writes):
    entered, release = paused_item_writes
    first = threading.Thread(target=create_item_once, args=(key, {"name": "lamp"}, lambda_context))
    first.start()
    assert entered.wait(10)
    duplicate = invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": key})
    release.set()
    first.join(10)
    assert duplicate.status == 409


def test_after_the_first_finishes_the_duplicate_gets_its_result(invoke, key, lambda_context, paused_item_writes):
    entered, release = paused_item_writes
    results = []
    first = threading.Thread(target=lambda: results.append(create_item_once(key, {"name": "lamp"}, lambda_context)))
    first.start()
    assert entered.wait(10)
    release.set()
    first.join(10)
    retry = invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": key})
    assert (retry.status, retry.json()) == (201, results[0])
