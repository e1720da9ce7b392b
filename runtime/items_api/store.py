"""DynamoDB access for the items table: one lazily created client, bounded timeouts, errors translated."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from items_api.attribute_values import from_attribute_values, to_attribute_values
from items_api.exceptions import StoreUnavailableError
from items_api.observability import trace_aws_calls

if TYPE_CHECKING:
    from botocore.client import BaseClient

# Every attempt is bounded: an attempt lasts at most connect + read timeout, and at most one retry follows
# (after a backoff of at most 1 s). Combined with the invocation deadline below, the function never outlives
# its Lambda timeout, however slow or unreachable DynamoDB is.
CONNECT_TIMEOUT_SECONDS = 1.0
READ_TIMEOUT_SECONDS = 2.0
MAX_ATTEMPTS = 2
_ATTEMPT_BUDGET_SECONDS = CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS + 1.0 + 0.25  # + backoff + margin
THROTTLED_RETRY_AFTER_SECONDS = 1
UNAVAILABLE_RETRY_AFTER_SECONDS = 5
_THROTTLING_CODES = frozenset(
    {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "Throttling"}
)
_UNAVAILABLE_CODES = frozenset({"InternalServerError", "ServiceUnavailable", "ServiceUnavailableException"})
# botocore's endpoints.json trimmed to DynamoDB (tools/runtime_data.py): found first on botocore's data path
# (AWS_DATA_PATH), it spares every cold start parsing 1.2 MB of endpoints for services this function never calls.
AWS_DATA_DIR = Path(__file__).resolve().parent / "aws_data"


class _InvocationDeadline:
    """When the current invocation must be done; DynamoDB attempts that could not finish by then are refused."""

    def __init__(self) -> None:
        self.at: float | None = None

    def set(self, remaining_milliseconds: int | None) -> None:
        self.at = None if remaining_milliseconds is None else time.monotonic() + remaining_milliseconds / 1000

    def refuse_late_attempt(self, **_: Any) -> None:
        if self.at is not None and time.monotonic() + _ATTEMPT_BUDGET_SECONDS > self.at:
            raise StoreUnavailableError("no time left for a DynamoDB call", UNAVAILABLE_RETRY_AFTER_SECONDS)


deadline = _InvocationDeadline()


@lru_cache(maxsize=1)
def dynamodb_client() -> BaseClient:
    """The DynamoDB client of this container, created on first use (the endpoint honours AWS_ENDPOINT_URL_DYNAMODB).

    A botocore session, not boto3's: boto3 adds nothing a client uses and its import costs every cold start.
    """
    from botocore.config import Config  # noqa: PLC0415
    from botocore.session import Session  # noqa: PLC0415

    trace_aws_calls()
    config = Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
        tcp_keepalive=True,
    )
    session = Session()
    data_path = [str(AWS_DATA_DIR), *filter(None, [os.environ.get("AWS_DATA_PATH")])]
    session.set_config_variable("data_path", os.pathsep.join(data_path))
    client = session.create_client("dynamodb", config=config)
    client.meta.events.register("before-send.dynamodb", deadline.refuse_late_attempt)
    return client


def unavailability(error: BaseException) -> StoreUnavailableError | None:
    """The StoreUnavailableError that `error` amounts to, if it is throttling or DynamoDB being out of reach."""
    from botocore.exceptions import (  # noqa: PLC0415
        ClientError,
        ConnectionClosedError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ReadTimeoutError,
    )

    if isinstance(error, StoreUnavailableError):
        return error
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        if code in _THROTTLING_CODES:
            return StoreUnavailableError("DynamoDB throttled the request", THROTTLED_RETRY_AFTER_SECONDS)
        if code in _UNAVAILABLE_CODES:
            return StoreUnavailableError("DynamoDB is unavailable", UNAVAILABLE_RETRY_AFTER_SECONDS)
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)):
        return StoreUnavailableError("DynamoDB could not be reached in time", UNAVAILABLE_RETRY_AFTER_SECONDS)
    return None


class ConditionFailedError(Exception):
    """A conditional write found the item absent or at another version.

    `current` is the item as the failed write found it, when the database returns it (DynamoDB does, with
    ReturnValuesOnConditionCheckFailure=ALL_OLD; dynalite does not): None means absent, or not returned.
    """

    def __init__(self, current: dict[str, Any] | None, *, retried: bool = False) -> None:
        super().__init__("conditional write failed")
        self.current = current
        # The SDK sent the write more than once: an attempt whose answer was lost (a read timeout) may have been
        # applied, and the condition then fails on this very write's own result.
        self.retried = retried


class ItemTooLargeError(Exception):
    """DynamoDB refused the item as larger than its 400 KB limit."""


@contextmanager
def _translated_errors() -> Iterator[None]:
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415

    try:
        yield
    except (ClientError, BotoCoreError) as error:
        if isinstance(error, ClientError):
            code = error.response.get("Error", {}).get("Code", "")
            message = error.response.get("Error", {}).get("Message", "")
            if code == "ConditionalCheckFailedException":
                current = error.response.get("Item")
                retried = error.response.get("ResponseMetadata", {}).get("RetryAttempts", 0) > 0
                stored = from_attribute_values(current) if current else None
                raise ConditionFailedError(stored, retried=retried) from None
            if code == "ValidationException" and "size" in message and "exceeded" in message:
                raise ItemTooLargeError from None
        unavailable = unavailability(error)
        if unavailable is not None:
            raise unavailable from error
        raise


class ItemsTable:
    """The items table: partition key `itemId`; every number stays a Decimal."""

    def __init__(self, table_name: str, key: str = "itemId") -> None:
        self.table_name = table_name
        self.key = key

    def put_new(self, item: Mapping[str, Any]) -> None:
        """Write an item whose id is not taken yet.

        The id is new to this request, so an item already stored under it that equals this one is this write's
        own, applied by an attempt whose answer was lost: the create succeeded."""
        try:
            with _translated_errors():
                dynamodb_client().put_item(
                    TableName=self.table_name,
                    Item=to_attribute_values(item),
                    ConditionExpression="attribute_not_exists(#key)",
                    ExpressionAttributeNames={"#key": self.key},
                )
        except ConditionFailedError:
            if self.get(str(item[self.key])) != dict(item):
                raise

    def get(self, item_id: str) -> dict[str, Any] | None:
        with _translated_errors():
            response = dynamodb_client().get_item(
                TableName=self.table_name, Key=self._key(item_id), ConsistentRead=True
            )
        return from_attribute_values(response["Item"]) if "Item" in response else None

    def scan_page(self, limit: int, start_after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """At most `limit` items after the item `start_after`, and the id to continue from (None at the end)."""
        request: dict[str, Any] = {"TableName": self.table_name, "Limit": limit}
        if start_after is not None:
            request["ExclusiveStartKey"] = self._key(start_after)
        with _translated_errors():
            response = dynamodb_client().scan(**request)
        last_key = response.get("LastEvaluatedKey")
        items = [from_attribute_values(item) for item in response["Items"]]
        return items, last_key[self.key]["S"] if last_key else None

    def update_at_version(self, item_id: str, changes: Mapping[str, Any], version: int) -> dict[str, Any]:
        """Set `changes` and bump `version` if the item is still at `version`; ConditionFailedError otherwise.

        The condition pins the exact item the caller read and checked, so the stored result is that item plus
        `changes`, whatever else is written concurrently. Returns the item as stored.
        """
        names: dict[str, str] = {"#version": "version"}
        values: dict[str, Any] = {":seen": version, ":next": version + 1}
        assignments = []
        for index, (name, value) in enumerate(changes.items()):
            names[f"#a{index}"] = name
            values[f":a{index}"] = value
            assignments.append(f"#a{index} = :a{index}")
        assignments.append("#version = :next")
        try:
            with _translated_errors():
                response = dynamodb_client().update_item(
                    TableName=self.table_name,
                    Key=self._key(item_id),
                    UpdateExpression="SET " + ", ".join(assignments),
                    ConditionExpression="#version = :seen",
                    ExpressionAttributeNames=names,
                    ExpressionAttributeValues=to_attribute_values(values),
                    ReturnValues="ALL_NEW",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
        except ConditionFailedError as refused:
            # A retried write may find its own result: the next version, with exactly these changes.
            stored = self.get(item_id) if refused.retried else None
            if stored is None or stored.get("version") != version + 1:
                raise
            if any(stored.get(name) != value for name, value in changes.items()):
                raise
            return stored
        return from_attribute_values(response["Attributes"])

    def delete_existing(self, item_id: str, only: Iterable[int] | None = None, never: Iterable[int] = ()) -> None:
        """Delete in one conditional write, if the item exists at a version in `only` (any when None) and not in
        `never`; ConditionFailedError otherwise."""
        names = {"#key": self.key}
        values: dict[str, Any] = {}
        conditions = ["attribute_exists(#key)"]
        if only is not None:
            conditions.append(f"#version IN ({self._placeholders('v', only, names, values)})")
        if never:
            conditions.append(f"NOT (#version IN ({self._placeholders('n', never, names, values)}))")
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "Key": self._key(item_id),
            "ConditionExpression": " AND ".join(conditions),
            "ExpressionAttributeNames": names,
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        if values:
            request["ExpressionAttributeValues"] = to_attribute_values(values)
        try:
            with _translated_errors():
                dynamodb_client().delete_item(**request)
        except ConditionFailedError as refused:
            # A retried delete that finds nothing found its own result: an earlier attempt deleted the item.
            if not (refused.retried and self.get(item_id) is None):
                raise

    @staticmethod
    def _placeholders(prefix: str, versions: Iterable[int], names: dict[str, str], values: dict[str, Any]) -> str:
        names["#version"] = "version"
        placeholders = []
        for index, version in enumerate(sorted(versions)):
            values[f":{prefix}{index}"] = version
            placeholders.append(f":{prefix}{index}")
        return ", ".join(placeholders)

    def _key(self, item_id: str) -> dict[str, Any]:
        return {self.key: {"S": item_id}}
