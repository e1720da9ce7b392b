"""The throughput yardstick: the usual minimal API server, a threaded stdlib HTTP server calling DynamoDB with boto3.

It serves the routes the load clients use (create, get, update and delete with If-Match, one list page) with
conditional writes as the Items API does, and nothing else: no signature check, no validation, no workers.
It runs in a process of its own, as the local stack does, so it shares no interpreter lock with the clients.

    with BaselineServer(endpoint, table_name) as server:
        requests.get(f"{server.base_url}/items")

    python -m bench.baseline_server ENDPOINT TABLE PORT    # what BaselineServer starts
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore.exceptions import ClientError

from bench.machine import PROJECT_ROOT
from local.database import client_environment, free_port, port_in_use

STAGE = "dev"
READY_TIMEOUT_SECONDS = 30.0


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _version(if_match: str | None) -> int:
    return int((if_match or "0").strip().strip('"'))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the load clients' sessions expect
    table: Any = None

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a log line per request would measure the terminal."""

    def _reply(self, status: int, body: Any = None, etag: int | None = None) -> None:
        data = b"" if body is None else json.dumps(body, default=_number).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if etag is not None:
            self.send_header("ETag", f'"{etag}"')
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length), parse_float=Decimal) if length else {}

    def _item_id(self) -> str | None:
        parts = urlsplit(self.path).path.strip("/").split("/")
        return parts[2] if len(parts) == 3 else None

    def do_POST(self) -> None:
        item = {**self._body(), "itemId": str(uuid.uuid4()), "version": 1}
        self.table.put_item(Item=item, ConditionExpression="attribute_not_exists(itemId)")
        self._reply(201, item, etag=1)

    def do_GET(self) -> None:
        item_id = self._item_id()
        if item_id is None:
            limit = int(parse_qs(urlsplit(self.path).query).get("limit", ["25"])[0])
            page = self.table.scan(Limit=limit)
            cursor = page.get("LastEvaluatedKey", {}).get("itemId")
            self._reply(200, {"items": page["Items"], "count": len(page["Items"]), "nextCursor": cursor})
            return
        item = self.table.get_item(Key={"itemId": item_id}, ConsistentRead=True).get("Item")
        if item is None:
            self._reply(404, {"message": "Item not found"})
            return
        self._reply(200, item, int(item["version"]))

    def do_PUT(self) -> None:
        changes, version = self._body(), _version(self.headers.get("If-Match"))
        names = {f"#a{index}": name for index, name in enumerate(changes)}
        values = {f":a{index}": value for index, value in enumerate(changes.values())}
        assignments = ", ".join(f"#a{index} = :a{index}" for index in range(len(changes)))
        try:
            item = self.table.update_item(
                Key={"itemId": self._item_id()},
                UpdateExpression=f"SET {assignments}, #version = :next" if changes else "SET #version = :next",
                ConditionExpression="#version = :seen",
                ExpressionAttributeNames={**names, "#version": "version"},
                ExpressionAttributeValues={**values, ":seen": version, ":next": version + 1},
                ReturnValues="ALL_NEW",
            )["Attributes"]
        except ClientError:
            self._reply(412, {"message": "stale"})
            return
        self._reply(200, item, int(item["version"]))

    def do_DELETE(self) -> None:
        try:
            self.table.delete_item(
                Key={"itemId": self._item_id()},
                ConditionExpression="#version = :seen",
                ExpressionAttributeNames={"#version": "version"},
                ExpressionAttributeValues={":seen": _version(self.headers.get("If-Match"))},
            )
        except ClientError:
            self._reply(412, {"message": "stale"})
            return
        self._reply(204)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the stdlib's 5 resets connections when 16 new clients connect at once


def serve(endpoint: str, table_name: str, port: int) -> None:
    """Serve on 127.0.0.1:`port` until the process is stopped."""
    settings = client_environment(endpoint)
    table = boto3.resource(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=settings["AWS_REGION"],
        aws_access_key_id=settings["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=settings["AWS_SECRET_ACCESS_KEY"],
    ).Table(table_name)
    _Server(("127.0.0.1", port), type("BaselineHandler", (_Handler,), {"table": table})).serve_forever()


class BaselineServer:
    """The yardstick server in its own process on a free 127.0.0.1 port, for the given table."""

    def __init__(self, endpoint: str, table_name: str) -> None:
        self.port = free_port()
        self._command = [sys.executable, "-m", "bench.baseline_server", endpoint, table_name, str(self.port)]
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{STAGE}"

    def __enter__(self) -> BaselineServer:
        self._process = subprocess.Popen(self._command, cwd=PROJECT_ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not port_in_use(self.port):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"the baseline server did not listen on port {self.port}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], int(sys.argv[3]))
