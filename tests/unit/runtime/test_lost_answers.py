"""A conditional write whose first attempt was applied but whose answer was lost (a read timeout): the SDK retries,
the retry's condition fails on the write's own result, and the request still gets the answer its write earned."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest
from botocore.exceptions import ClientError
from items_api import names, store


class LostFirstAnswer:
    """The function's DynamoDB client, except that each conditional write is applied once and then sent again,
    as botocore's retry after a read timeout sends it; the caller sees the second attempt's answer."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def _twice(self, operation: str, **request: Any) -> Any:
        getattr(self._client, operation)(**request)  # applied; its answer never arrives
        try:
            return getattr(self._client, operation)(**request)
        except ClientError as error:
            response: dict[str, Any] = dict(error.response)
            response.setdefault("ResponseMetadata", {})["RetryAttempts"] = 1
            error.response = cast(Any, response)
            raise

    def put_item(self, **request: Any) -> Any:
        return self._twice("put_item", **request)

    def update_item(self, **request: Any) -> Any:
        return self._twice("update_item", **request)

    def delete_item(self, **request: Any) -> Any:
        return self._twice("delete_item", **request)


@pytest.fixture
def lost_answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = store.dynamodb_client()
    monkeypatch.setattr(store, "dynamodb_client", lambda: LostFirstAnswer(real))
    yield


def test_a_create_whose_first_answer_was_lost_is_a_201_and_one_item(invoke, lost_answers, all_pages) -> None:
    def named() -> list[dict[str, Any]]:
        return [item for page in all_pages() for item in page["items"] if item["name"] == "lost-answer"]

    before = len(named())
    response = invoke("POST", names.ITEMS_PATH, body={"name": "lost-answer"})
    assert response.status == 201, response.text
    assert len(named()) == before + 1


def test_an_update_whose_first_answer_was_lost_is_a_200_at_the_next_version(invoke, created_item, monkeypatch) -> None:
    item = created_item()
    real = store.dynamodb_client()
    monkeypatch.setattr(store, "dynamodb_client", lambda: LostFirstAnswer(real))
    path = f"{names.ITEMS_PATH}/{item['itemId']}"

    response = invoke("PUT", path, body={"name": "renamed"}, headers={"If-Match": '"1"'})

    assert response.status == 200, response.text
    assert response.json()["name"] == "renamed" and response.header("ETag") == '"2"'


def test_a_delete_whose_first_answer_was_lost_is_a_204(invoke, created_item, monkeypatch) -> None:
    item = created_item()
    real = store.dynamodb_client()
    monkeypatch.setattr(store, "dynamodb_client", lambda: LostFirstAnswer(real))
    path = f"{names.ITEMS_PATH}/{item['itemId']}"

    assert invoke("DELETE", path, headers={"If-Match": '"1"'}).status == 204
    monkeypatch.undo()
    assert invoke("GET", path).status == 404


def test_a_delete_that_was_not_retried_still_reports_a_missing_item(invoke, created_item) -> None:
    item = created_item()
    path = f"{names.ITEMS_PATH}/{item['itemId']}"
    assert invoke("DELETE", path).status == 204
    assert invoke("DELETE", path, headers={"If-Match": '"1"'}).status in (404, 412)
