"""List cost: read capacity one GET /items page consumes at 10,000 items, against one full scan of the same table.

The page is the runtime's own: `items.list_items` runs its Scan through the function's DynamoDB client, with
`ReturnConsumedCapacity` added to that Scan by a botocore hook. The table is loaded with parallel BatchWriteItem
calls (items shaped like the API's). dynalite computes capacity as DynamoDB does (4 KB units, eventually
consistent reads at half a unit). Runs in its own process: `python -m bench.list_cost OUT.json`.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3

from local.database import Dynalite, client_environment, create_tables
from local.template import TableSpec

ITEMS = 10_000
BATCH = 25
LOAD_THREADS = 8
PAGES = 10
TABLE = "items-list-cost"
NOW = "2026-01-01T00:00:00.000Z"
RUNTIME_ENVIRONMENT = {
    "ITEMS_TABLE_NAME": TABLE,
    "IDEMPOTENCY_TABLE_NAME": "idempotency-list-cost",
    "ENVIRONMENT": "bench",
    "PROJECT_NAME": "items-api",
    "POWERTOOLS_SERVICE_NAME": "items-api",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_METRICS_NAMESPACE": "ItemsApiBench",
    "POWERTOOLS_TRACE_DISABLED": "true",
}


def _item(index: int) -> dict[str, Any]:
    return {
        "itemId": {"S": str(uuid.uuid4())},
        "name": {"S": f"item-{index:05d}"},
        "createdAt": {"S": NOW},
        "updatedAt": {"S": NOW},
        "version": {"N": "1"},
        "price": {"N": "19.99"},
        "tags": {"L": [{"S": "bench"}, {"S": "list-cost"}]},
    }


def _write_batch(client: Any, start: int) -> None:
    requests = [{"PutRequest": {"Item": _item(i)}} for i in range(start, min(start + BATCH, ITEMS))]
    while requests:
        unprocessed = client.batch_write_item(RequestItems={TABLE: requests}).get("UnprocessedItems", {})
        requests = unprocessed.get(TABLE, [])


def load_table(client: Any) -> None:
    create_tables(client, [TableSpec.on_demand(TABLE, "itemId")])
    with ThreadPoolExecutor(LOAD_THREADS) as pool:
        list(pool.map(lambda start: _write_batch(client, start), range(0, ITEMS, BATCH)))


def full_scan(client: Any) -> dict[str, float]:
    """Capacity and response pages of reading the whole table (each Scan response holds at most 1 MB)."""
    capacity, pages, items = 0.0, 0, 0
    request: dict[str, Any] = {"TableName": TABLE, "ReturnConsumedCapacity": "TOTAL"}
    while True:
        response = client.scan(**request)
        capacity += response["ConsumedCapacity"]["CapacityUnits"]
        pages, items = pages + 1, items + response["Count"]
        if "LastEvaluatedKey" not in response:
            return {"capacity": capacity, "pages": pages, "items": items}
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


class ScanMeter:
    """Adds ReturnConsumedCapacity to every Scan of the runtime's client and keeps what each one consumed."""

    def __init__(self) -> None:
        from items_api import store  # noqa: PLC0415 - needs the environment set first

        self.consumed: list[float] = []
        client = store.dynamodb_client()
        client.meta.events.register("provide-client-params.dynamodb.Scan", self._ask)
        client.meta.events.register("after-call.dynamodb.Scan", self._record)

    @staticmethod
    def _ask(params: dict[str, Any], **_: Any) -> None:
        params["ReturnConsumedCapacity"] = "TOTAL"

    def _record(self, parsed: dict[str, Any], **_: Any) -> None:
        self.consumed.append(parsed["ConsumedCapacity"]["CapacityUnits"])

    def pages(self, limit: int) -> list[float]:
        """Capacity of each of the first PAGES pages GET /items?limit=`limit` reads, through the runtime's code."""
        from items_api import items  # noqa: PLC0415

        self.consumed = []
        cursor = None
        for _ in range(PAGES):
            cursor = items.list_items(limit=limit, cursor=cursor).next_cursor
        return self.consumed


def measure() -> dict[str, Any]:
    with Dynalite(state_change_ms=0) as database:
        os.environ.update({**RUNTIME_ENVIRONMENT, **client_environment(database.endpoint)})
        client = boto3.client("dynamodb", endpoint_url=database.endpoint)
        load_table(client)
        meter = ScanMeter()
        return {
            "items": ITEMS,
            "page_25": meter.pages(25),
            "page_100": meter.pages(100),
            "full_scan": full_scan(client),
        }


def main(argv: list[str]) -> int:
    Path(argv[0]).write_text(json.dumps(measure()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
