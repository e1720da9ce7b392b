"""The local stack: a synthesized stage served on 127.0.0.1, with its tables in a local database.

    with LocalService(data_dir=None) as stack:      # in-memory dynalite, free ports
        requests.get(f"{stack.base_url}/items", auth=...)

Start order fails fast and cleans up: read the template, bind the API port, start one handler worker per
function (its init overlaps the database's start), start the database, create the tables, then serve. Stop
order is the reverse: server, workers, database.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from pathlib import Path
from typing import Any

from configuration.paths import PROJECT_ROOT
from local.database import Database, DataLock, create_tables
from local.front import ApiServer
from local.gateway import INTEGRATION_TIMEOUT_SECONDS, Gateway, LocalCredentials, SigV4Verifier
from local.template import ServiceTemplate, load_service
from local.workers import HandlerPool, worker_spec

log = logging.getLogger(__name__)
DEFAULT_ASSEMBLY = PROJECT_ROOT / "cdk.out"
DEFAULT_DATA_DIR = PROJECT_ROOT / ".local" / "data"


class LocalService:
    """Serves one stage of the synthesized app; a context manager, usable from tests and from `python -m local`."""

    def __init__(
        self,
        assembly_dir: Path = DEFAULT_ASSEMBLY,
        *,
        stage: str = "dev",
        port: int = 0,
        data_dir: Path | None = None,
        database: str = "dynalite",
        workers: int = 4,
        database_port: int | None = None,
        integration_timeout: float = INTEGRATION_TIMEOUT_SECONDS,
    ) -> None:
        self.assembly_dir = Path(assembly_dir)
        self.stage = stage
        self.workers = workers
        self._port = port
        self._data_dir = data_dir
        self._database_kind = database
        self._database_port = database_port
        self._integration_timeout = integration_timeout
        self._database: Database | None = None
        self._server: ApiServer | None = None
        self._pools: dict[str, HandlerPool] = {}
        self.service: ServiceTemplate | None = None
        self.credentials: LocalCredentials | None = None
        self.tables: dict[str, str] = {}
        self._data_lock = DataLock(data_dir) if data_dir is not None else None

    # What a client needs -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The stage's invoke URL, e.g. http://127.0.0.1:3000/dev."""
        return f"http://{self._running_server.host}:{self._running_server.port}/{self.stage}"

    @property
    def region(self) -> str:
        return self._service.region

    @property
    def table_names(self) -> dict[str, str]:
        """Table logical id -> local table name."""
        return {logical_id: table.name for logical_id, table in self._service.tables.items()}

    @property
    def database_endpoint(self) -> str:
        return self._running_database.endpoint

    @property
    def data_path(self) -> Path | None:
        """Where the database persists its data, or None when it keeps it in memory."""
        return self._running_database.data_path

    def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        """Run the stage's function on `event` in its workers, as a direct Lambda invocation of it would (the
        release hooks' route check runs this way against the local stage); the handler's JSON result."""
        (logical_id,) = self._service.functions
        function = self._service.functions[logical_id]
        pool = self._pools[logical_id]
        invocation = pool.invoke(
            event,
            request_id=str(uuid.uuid4()),
            invoked_function_arn=function.arn,
            deadline=time.monotonic() + pool.timeout_seconds,
        )
        if invocation.outcome != "ok" or invocation.payload is None:
            raise RuntimeError(f"the function failed ({invocation.outcome}): {invocation.detail}")
        return json.loads(invocation.payload)

    # Lifecycle ----------------------------------------------------------------------------------------

    def start(self) -> LocalService:
        self.service = load_service(self.assembly_dir, self.stage)
        self.credentials = LocalCredentials.from_environment(self.service.environment.account)
        try:
            if self._data_lock is not None:  # before anything starts: `make reset` refuses while it is held
                self._data_lock.acquire()
            self._server = ApiServer(self._port)
            self._database = Database(self._database_kind, self._data_dir, self._database_port)
            database_environment = self._database.client_environment(self.region)  # its port is chosen already
            self._pools = {
                logical_id: HandlerPool(
                    worker_spec(function, self.region, database_environment), function.timeout_seconds, self.workers
                )
                for logical_id, function in self.service.functions.items()
            }
            for pool in self._pools.values():
                pool.prestart()
            self._database.start()
            self.tables = create_tables(self._database.client(self.region), list(self.service.tables.values()))
            verifier = SigV4Verifier(self.credentials, self.region)
            gateway = Gateway(self.service, self._pools, verifier, integration_timeout=self._integration_timeout)
            self._server.start(gateway)
        except BaseException:
            self.stop()
            raise
        log.info("serving stage %s of %s at %s", self.stage, self.service.artifact.display_name, self.base_url)
        return self

    def stop(self) -> None:
        """Stop the server, then the workers, then the database; safe to call more than once."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
        pools, self._pools = self._pools, {}
        for pool in pools.values():
            pool.close()
        database, self._database = self._database, None
        if database is not None:
            database.stop()
        if self._data_lock is not None:
            self._data_lock.release()

    def __enter__(self) -> LocalService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # Guards -------------------------------------------------------------------------------------------

    @property
    def _service(self) -> ServiceTemplate:
        if self.service is None:
            raise RuntimeError("the local stack is not started")
        return self.service

    @property
    def _running_server(self) -> ApiServer:
        if self._server is None:
            raise RuntimeError("the local stack is not started")
        return self._server

    @property
    def _running_database(self) -> Database:
        if self._database is None:
            raise RuntimeError("the local stack is not started")
        return self._database
