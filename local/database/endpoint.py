"""The local stack's DynamoDB endpoint and the tables in it, created from the template's table resources.

The handler reaches DynamoDB only through boto3's `AWS_ENDPOINT_URL_DYNAMODB`, so the endpoint is pluggable:
dynalite (default), Amazon DynamoDB Local (`dynamodb-local`, opt-in), or any http(s) URL, e.g. a sandbox
account's regional endpoint, where the caller's own AWS credentials are used. Creating tables is
idempotent: an existing table, and so its data, is kept.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from local.database.dynalite import DatabaseProcess, DatabaseStartError, Dynalite, client_environment
from local.database.dynamodb_local import DynamoDbLocal
from local.template import TableSpec

log = logging.getLogger(__name__)
DATABASES = ("dynalite", "dynamodb-local")
# The database a test run asks for (`make test DB=dynamodb-local` sets it); dynalite when unset.
DATABASE_VARIABLE = "LOCAL_DB"
ACTIVE_TIMEOUT_SECONDS = 30.0
CREDENTIAL_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)


class Database:
    """A DynamoDB endpoint: a server the local stack runs (and persists under `data_dir`), or a given URL."""

    def __init__(self, kind: str = "dynalite", data_dir: Path | None = None, port: int | None = None) -> None:
        self.kind = kind
        self._process: DatabaseProcess | None = None
        self._url: str | None = None
        if kind == "dynalite":
            self._process = Dynalite(port, data_dir / "dynalite" if data_dir else None, state_change_ms=0)
        elif kind == "dynamodb-local":
            self._process = DynamoDbLocal(port, data_dir / "dynamodb-local" if data_dir else None)
        elif kind.startswith(("http://", "https://")):
            self._url = kind.rstrip("/")
        else:
            raise DatabaseStartError(
                f"unknown database {kind!r}: use dynalite, dynamodb-local or an http(s):// endpoint URL"
            )

    @property
    def endpoint(self) -> str:
        return self._process.endpoint if self._process is not None else str(self._url)

    @property
    def data_path(self) -> Path | None:
        """Where the data persists on disk, or None (in memory, or not ours)."""
        return self._process.path if self._process is not None else None

    def client_environment(self, region: str) -> dict[str, str]:
        """What boto3 needs to reach this endpoint: local servers get fixed dummy credentials."""
        if self._process is not None:
            return client_environment(self.endpoint, region)
        # Someone else's endpoint (e.g. a sandbox account): the caller's own AWS credentials apply.
        passed = {name: os.environ[name] for name in CREDENTIAL_VARIABLES if name in os.environ}
        return {
            **passed,
            "AWS_ENDPOINT_URL_DYNAMODB": self.endpoint,
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
        }

    def client(self, region: str, attempts: int = 3) -> Any:
        settings = self.client_environment(region)
        config = Config(connect_timeout=3, read_timeout=30, retries={"max_attempts": attempts})
        return boto3.client(
            "dynamodb",
            endpoint_url=self.endpoint,
            region_name=region,
            aws_access_key_id=settings.get("AWS_ACCESS_KEY_ID"),
            aws_secret_access_key=settings.get("AWS_SECRET_ACCESS_KEY"),
            config=config,
        )

    def start(self) -> Database:
        if self._process is not None:
            self._process.start()
            self._probe(self._process)
        return self

    def _probe(self, process: DatabaseProcess) -> None:
        """Fail now, with the server's own words, if it listens but cannot serve (e.g. its data folder is locked)."""
        try:
            self.client("us-east-1", attempts=1).list_tables(Limit=1)
        except (ClientError, BotoCoreError) as error:
            output = process.exit_output()
            self.stop()
            hint = f"; is another local stack using {process.path}?" if process.path else ""
            raise DatabaseStartError(f"{process.label} does not answer ({output or error}){hint}") from None

    def stop(self) -> None:
        if self._process is not None:
            self._process.stop()


def chosen_database() -> str:
    """The database kind named by LOCAL_DB (dynalite when unset); DatabaseStartError for an unknown one."""
    kind = os.environ.get(DATABASE_VARIABLE) or "dynalite"
    if kind not in DATABASES:
        raise DatabaseStartError(f"{DATABASE_VARIABLE}={kind!r}: the tests run on {' or '.join(DATABASES)}")
    return kind


def _wait_active(client: Any, name: str) -> None:
    deadline = time.monotonic() + ACTIVE_TIMEOUT_SECONDS
    while client.describe_table(TableName=name)["Table"]["TableStatus"] != "ACTIVE":
        if time.monotonic() > deadline:
            raise DatabaseStartError(f"table {name} did not become ACTIVE within {ACTIVE_TIMEOUT_SECONDS:.0f} s")
        time.sleep(0.05)


def _create(client: Any, table: TableSpec) -> None:
    client.create_table(**table.create_request)
    _wait_active(client, table.name)
    if table.ttl_attribute:
        try:
            client.update_time_to_live(
                TableName=table.name, TimeToLiveSpecification={"Enabled": True, "AttributeName": table.ttl_attribute}
            )
        except ClientError as error:
            log.info(
                "%s: TTL not enabled, this database has no TTL API (%s)", table.name, error.response["Error"]["Code"]
            )


def _check_schema(table: TableSpec, existing: dict[str, Any]) -> None:
    wanted = sorted((key["AttributeName"], key["KeyType"]) for key in table.key_schema)
    found = sorted((key["AttributeName"], key["KeyType"]) for key in existing["KeySchema"])
    if wanted != found:
        raise DatabaseStartError(
            f"table {table.name} exists with key schema {found}, but the template defines {wanted}: "
            "wipe the local data (`make reset`) to recreate it"
        )


def create_tables(client: Any, tables: list[TableSpec]) -> dict[str, str]:
    """Create the missing tables; returns each table's name -> "created" or "kept"."""
    outcome = {}
    for table in tables:
        try:
            try:
                existing = client.describe_table(TableName=table.name)["Table"]
            except client.exceptions.ResourceNotFoundException:
                _create(client, table)
                outcome[table.name] = "created"
                continue
            _check_schema(table, existing)
            _wait_active(client, table.name)
            outcome[table.name] = "kept"
        except (ClientError, BotoCoreError) as error:
            raise DatabaseStartError(
                f"cannot create table {table.name} at {client.meta.endpoint_url}: {error}"
            ) from None
    return outcome
