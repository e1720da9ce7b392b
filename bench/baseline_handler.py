"""The usual hand-written handler, the yardstick for cold start: a boto3 Table resource and json, nothing else."""

import json
import os
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import boto3

table = boto3.resource("dynamodb").Table(os.environ["ITEMS_TABLE_NAME"])


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    if event["httpMethod"] == "GET" and not event.get("pathParameters"):
        items = table.scan(Limit=25)["Items"]
        return {"statusCode": 200, "body": json.dumps({"items": items, "count": len(items)}, default=str)}
    if event["httpMethod"] == "GET":
        item = table.get_item(Key={"itemId": event["pathParameters"]["id"]}).get("Item")
        if item is None:
            return {"statusCode": 404, "body": json.dumps({"message": "Not found"})}
        return {"statusCode": 200, "body": json.dumps(item, default=str)}
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    item = {**json.loads(event["body"], parse_float=Decimal), "itemId": str(uuid.uuid4()), "version": 1}
    item |= {"createdAt": now, "updatedAt": now}  # stored as the API stores items, so both can list them
    table.put_item(Item=item)
    return {"statusCode": 201, "body": json.dumps(item, default=str)}
