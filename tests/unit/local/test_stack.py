"""The local stack as a whole: what it exposes, persistence, failing fast, and changes to the stack showing up."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from requests_aws4auth import AWS4Auth

from local.database.dynalite import free_port, port_in_use
from local.front.server import PortInUseError
from local.service import LocalService
from tests.tiers import component
from tests.unit.local.fixtures.service_app import synthesize


def _auth(stack: LocalService) -> AWS4Auth:
    assert stack.credentials is not None
    return AWS4Auth(stack.credentials.access_key, stack.credentials.secret_key, stack.region, "execute-api")


@pytest.fixture(scope="module")
@component("synthesizes the changed fixture app")
def changed_assembly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture app after two edits to the stack: a new `/tags` resource and a renamed environment variable."""
    return synthesize(
        tmp_path_factory.mktemp("changed.cdk.out"), table_variable="ITEMS_TABLE", extra_resources=("tags",)
    )


@pytest.fixture(scope="module")
def changed_stack(changed_assembly: Path) -> Iterator[LocalService]:
    with LocalService(changed_assembly, data_dir=None, workers=1) as stack:
        yield stack


def test_stack_exposes_url_region_credentials_and_tables(running_stack: LocalService) -> None:
    assert running_stack.base_url.startswith("http://127.0.0.1:")
    assert running_stack.base_url.endswith("/dev")
    assert running_stack.region == "us-east-1"
    assert running_stack.credentials is not None
    assert running_stack.credentials.access_key == "AKIALOCALDEVELOPER00"
    assert len(running_stack.table_names) == 2
    assert all(name.startswith("fixture-dev-") for name in running_stack.table_names.values())
    assert running_stack.database_endpoint.startswith("http://127.0.0.1:")


def test_new_route_in_the_stack_is_served_without_code_changes(changed_stack: LocalService) -> None:
    response = requests.get(f"{changed_stack.base_url}/tags", auth=_auth(changed_stack), timeout=30)

    assert response.status_code == 200
    assert response.json()["event"]["resource"] == "/tags"


def test_route_absent_from_the_stack_is_not_served(running_stack: LocalService) -> None:
    response = requests.get(f"{running_stack.base_url}/tags", auth=_auth(running_stack), timeout=30)

    assert response.status_code == 403


def test_renamed_environment_variable_reaches_the_handler(changed_stack: LocalService) -> None:
    response = requests.get(f"{changed_stack.base_url}/items", auth=_auth(changed_stack), timeout=30)

    environment = response.json()["environment"]
    items_table = next(name for logical_id, name in changed_stack.table_names.items() if "Items" in logical_id)
    assert environment["ITEMS_TABLE"] == items_table
    assert "TABLE_NAME" not in environment


def test_items_persist_across_restarts_with_a_data_folder(assembly: Path, tmp_path: Path) -> None:
    item = {"itemId": str(uuid.uuid4()), "name": "kept"}
    with LocalService(assembly, data_dir=tmp_path, workers=1) as stack:
        requests.post(f"{stack.base_url}/items", json=item, auth=_auth(stack), timeout=30).raise_for_status()

    with LocalService(assembly, data_dir=tmp_path, workers=1) as stack:
        read = requests.get(f"{stack.base_url}/items/{item['itemId']}", auth=_auth(stack), timeout=30)

    assert read.json() == item


def test_port_in_use_fails_before_starting_the_database(assembly: Path) -> None:
    database_port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        stack = LocalService(assembly, port=taken.getsockname()[1], database_port=database_port)

        with pytest.raises(PortInUseError, match="already in use"):
            stack.start()

    assert not port_in_use(database_port)


def test_stop_releases_the_ports(assembly: Path) -> None:
    stack = LocalService(assembly, workers=1).start()
    api_port = urlsplit(stack.base_url).port
    database_port = urlsplit(stack.database_endpoint).port

    stack.stop()

    assert api_port is not None and database_port is not None
    assert not port_in_use(api_port)
    assert not port_in_use(database_port)
