"""Failed conditional writes: 404 or 412 with the current ETag, told apart without a second read when the database
returns the item (DynamoDB does, dynalite does not), and a PUT that loses a race retried on the current item."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from items_api import items

from local.database import chosen_database

# DynamoDB (and DynamoDB Local) return the item on a failed condition (ReturnValuesOnConditionCheckFailure);
# dynalite returns nothing, so the function reads the item to answer.
RETURNS_ITEM_ON_FAILED_CONDITION = chosen_database() == "dynamodb-local"


@pytest.fixture
def calls(function_environment) -> Iterator[Counter]:
    """The DynamoDB operations the function's client sends, counted by name."""
    from items_api import store  # noqa: PLC0415

    seen: Counter = Counter()

    def record(model, **_):
        seen[model.name] += 1

    events = store.dynamodb_client().meta.events
    events.register("before-parameter-build.dynamodb", record, unique_id="count-calls")
    yield seen
    events.unregister("before-parameter-build.dynamodb", unique_id="count-calls")


@pytest.fixture
def updated_item(invoke, created_item):
    """An item at version 2, so "1" is stale."""
    item = created_item()
    return invoke("PUT", f"/items/{item['itemId']}", body={"color": "red"}).json()


def test_put_with_a_stale_if_match_returns_412_with_the_current_etag(invoke, updated_item):
    response = invoke("PUT", f"/items/{updated_item['itemId']}", body={"color": "blue"}, headers={"If-Match": '"1"'})
    assert (response.status, response.header("ETag")) == (412, '"2"')


def test_delete_with_a_stale_if_match_returns_412_with_the_current_etag(invoke, updated_item):
    response = invoke("DELETE", f"/items/{updated_item['itemId']}", headers={"If-Match": '"1"'})
    assert (response.status, response.header("ETag")) == (412, '"2"')


def test_etag_of_a_412_is_accepted_as_if_match(invoke, updated_item):
    path = f"/items/{updated_item['itemId']}"
    etag = invoke("PUT", path, body={"color": "blue"}, headers={"If-Match": '"1"'}).header("ETag")
    assert etag is not None
    assert invoke("PUT", path, body={"color": "blue"}, headers={"If-Match": etag}).status == 200


def test_stale_delete_reads_the_item_only_when_the_database_does_not_return_it(invoke, updated_item, calls):
    invoke("DELETE", f"/items/{updated_item['itemId']}", headers={"If-Match": '"1"'})
    assert calls["GetItem"] == (0 if RETURNS_ITEM_ON_FAILED_CONDITION else 1)


@contextmanager
def racing(dynamodb, items_table: str, races: int) -> Iterator[Counter]:
    """Just before each of the function's first `races` UpdateItems, another client updates the same item."""
    from items_api import store  # noqa: PLC0415

    seen: Counter = Counter()

    def interleave(params, model, **_):
        seen[model.name] += 1
        if model.name == "UpdateItem" and seen["UpdateItem"] <= races:
            dynamodb.update_item(
                TableName=items_table,
                Key=params["Key"],
                UpdateExpression="SET #other = :other, #version = #version + :one",
                ExpressionAttributeNames={"#other": "other", "#version": "version"},
                ExpressionAttributeValues={":other": {"S": "theirs"}, ":one": {"N": "1"}},
            )

    events = store.dynamodb_client().meta.events
    events.register("before-parameter-build.dynamodb", interleave, unique_id="interleave")
    try:
        yield seen
    finally:
        events.unregister("before-parameter-build.dynamodb", unique_id="interleave")


@pytest.fixture
def concurrent_write(dynamodb, items_table, function_environment) -> Iterator[Counter]:
    """Another client updates the item just before the function's first UpdateItem (version + 1)."""
    with racing(dynamodb, items_table, races=1) as seen:
        yield seen


def test_put_that_loses_a_race_keeps_the_concurrent_write_and_its_own(invoke, created_item, concurrent_write):
    item = created_item()
    response = invoke("PUT", f"/items/{item['itemId']}", body={"color": "mine"})
    assert (response.status, response.json()["other"], response.json()["color"], response.json()["version"]) == (
        200,
        "theirs",
        "mine",
        3,
    )


def test_put_that_loses_a_race_rereads_only_when_the_database_does_not_return_the_item(
    invoke, created_item, concurrent_write
):
    item = created_item()
    invoke("PUT", f"/items/{item['itemId']}", body={"color": "mine"})
    assert (concurrent_write["UpdateItem"], concurrent_write["GetItem"]) == (
        2,
        1 if RETURNS_ITEM_ON_FAILED_CONDITION else 2,
    )


def test_put_with_if_match_that_loses_a_race_returns_412_with_the_new_etag(invoke, created_item, concurrent_write):
    item = created_item()
    response = invoke("PUT", f"/items/{item['itemId']}", body={"color": "mine"}, headers={"If-Match": '"1"'})
    assert (response.status, response.header("ETag")) == (412, '"2"')


def test_put_that_loses_every_race_returns_409_and_sets_nothing(invoke, created_item, dynamodb, items_table):
    item = created_item()
    with racing(dynamodb, items_table, races=items.MAX_UPDATE_ATTEMPTS):
        response = invoke("PUT", f"/items/{item['itemId']}", body={"color": "mine"})
    assert (response.status, "color" in invoke("GET", f"/items/{item['itemId']}").json()) == (409, False)
