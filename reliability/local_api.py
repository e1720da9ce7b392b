"""The local stack in its own process group (`python -m local run`), so a harness can stop, kill and restart it.

Running the API outside the harness's interpreter keeps the load generator's threads off the server's GIL, and
lets the fault harness kill -9 the whole group (API server, handler workers, database) in one go, as a crash
would. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from requests_aws4auth import AWS4Auth

from apiclient.http import ApiSession
from apiclient.target import Credentials, static_auth
from cloudformation import AssemblyError
from configuration.paths import PROJECT_ROOT
from local.database import DatabaseStartError, client_environment, free_port
from local.gateway import LocalCredentials
from local.template import load_service

DEFAULT_ASSEMBLY = Path(os.environ.get("CDK_OUTDIR") or PROJECT_ROOT / "cdk.out")
STAGE = "dev"
LOG_DIR = PROJECT_ROOT / ".local" / "reliability"  # the local API's own output, one file per harness
READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0


class LocalApiError(RuntimeError):
    """The local API did not come up; the message points at its log."""


# What a harness reports as one line (what to do next) rather than a traceback.
STARTUP_ERRORS = (AssemblyError, DatabaseStartError, LocalApiError)


class LocalApi:
    """One `python -m local run` process serving the dev stage of `assembly_dir` with its data under `data_dir`.

    `database` is "dynalite" (the stack starts and persists its own) or the URL of a database the caller runs,
    which is how the fault harness stops and restarts the database under a running API.
    """

    def __init__(
        self,
        assembly_dir: Path,
        data_dir: Path,
        *,
        log_path: Path,
        database: str = "dynalite",
        workers: int = 4,
    ) -> None:
        self.assembly_dir = assembly_dir
        self.data_dir = data_dir
        self.log_path = log_path
        self.database = database
        self.workers = workers
        self.port = free_port()
        service = load_service(assembly_dir, STAGE)
        self.region = service.region
        self.function_timeout_seconds = max(function.timeout_seconds for function in service.functions.values())
        local = LocalCredentials.from_environment(service.environment.account)
        self.credentials = Credentials(local.access_key, local.secret_key)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{STAGE}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def signer(self) -> AWS4Auth:
        """SigV4 signing with the credentials the local API accepts."""
        return static_auth(self.credentials, self.region)

    def session(self) -> ApiSession:
        """A new signed session (one per client thread: requests sessions are not thread-safe)."""
        return ApiSession(self.base_url, auth=self.signer())

    def _environment(self) -> dict[str, str]:
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if self.database.startswith("http"):
            # A database given by URL is reached with the caller's credentials: the local ones, never a profile.
            environment.pop("AWS_PROFILE", None)
            environment.update(client_environment(self.database, self.region))
        return environment

    def start(self, timeout: float = READY_TIMEOUT_SECONDS) -> LocalApi:
        """Start the process and return once a signed list request succeeds."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "local", "run", "--port", str(self.port), "--stage", STAGE]
        command += ["--assembly", str(self.assembly_dir), "--data-dir", str(self.data_dir), "--db", self.database]
        command += ["--workers", str(self.workers)]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=self._environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: kill() ends the workers and database too
            )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self.session() as session:
            while time.monotonic() < deadline:
                if self._process is None or self._process.poll() is not None:
                    raise LocalApiError(f"the local API exited while starting; see {self.log_path}")
                try:
                    if session.get("/items", params={"limit": 1}, timeout=5).status_code == 200:
                        return
                except requests.RequestException:
                    pass
                time.sleep(0.2)
        self.kill()
        raise LocalApiError(f"the local API did not answer within {timeout:.0f} s; see {self.log_path}")

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """A clean shutdown (SIGTERM): the CLI stops its server, workers and database itself."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)

    def kill(self) -> None:
        """A crash: SIGKILL to every process of the group at once, with no chance to clean up."""
        process, self._process = self._process, None
        if process is not None:
            _kill_group(process)

    def __enter__(self) -> LocalApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
