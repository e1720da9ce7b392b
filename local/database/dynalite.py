"""Start and stop a dynalite server (npm, pinned in package.json): the local DynamoDB endpoint.

`DatabaseProcess` is the shared process control, also used for the opt-in DynamoDB Local.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from configuration.paths import NODE_MODULES

DYNALITE_BIN = NODE_MODULES / ".bin" / "dynalite"


class DatabaseStartError(RuntimeError):
    """The local database could not be started; the message says why and what to do."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class DatabaseProcess:
    """A local database server process on 127.0.0.1, started and stopped by the project."""

    label = "database"

    def __init__(self, port: int | None = None, path: Path | None = None) -> None:
        self.port = port or free_port()
        self.path = path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        """The server's command line; raises DatabaseStartError when the server is not installed."""
        raise NotImplementedError

    def start(self, timeout: float = 10.0) -> DatabaseProcess:
        command = self.command()
        if port_in_use(self.port):
            raise DatabaseStartError(
                f"port {self.port} is already in use: stop what listens there or pick another port"
            )
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
        # The server's own pid (no shell in between), so stop() signals the process that holds the port.
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                error = self._process.stderr.read().decode(errors="replace").strip() if self._process.stderr else ""
                raise DatabaseStartError(
                    f"{self.label} exited with code {self._process.returncode}: {error or 'no output'}"
                )
            if port_in_use(self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise DatabaseStartError(f"{self.label} did not listen on port {self.port} within {timeout:.0f} s")

    def stop(self, timeout: float = 5.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def exit_output(self, timeout: float = 2.0) -> str | None:
        """The server's error line on stderr if it exits within `timeout`; None if it keeps running."""
        if self._process is None:
            return None
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        output = self._process.stderr.read().decode(errors="replace") if self._process.stderr else ""
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        errors = [line for line in lines if "Error" in line or "Exception" in line]
        return (errors or lines or [f"exit code {self._process.returncode}"])[-1]

    def __enter__(self) -> DatabaseProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Dynalite(DatabaseProcess):
    """One dynalite process; in memory, or persisted under `path` when given.

    `state_change_ms` is how long tables stay CREATING/UPDATING/DELETING (dynalite's default: 500 ms).
    """

    label = "dynalite"

    def __init__(self, port: int | None = None, path: Path | None = None, state_change_ms: int | None = None) -> None:
        super().__init__(port, path)
        self.state_change_ms = state_change_ms

    def command(self) -> list[str]:
        if not DYNALITE_BIN.exists():
            raise DatabaseStartError(f"{DYNALITE_BIN} not found: run `npm ci` (or `make install`) first")
        command = [str(DYNALITE_BIN), "--host", "127.0.0.1", "--port", str(self.port)]
        if self.path is not None:
            command += ["--path", str(self.path)]
        if self.state_change_ms is not None:
            for option in ("--createTableMs", "--deleteTableMs", "--updateTableMs"):
                command += [option, str(self.state_change_ms)]
        return command


def client_environment(endpoint: str, region: str = "us-east-1") -> dict[str, str]:
    """Environment variables that point boto3 (and so the handler) at a local endpoint."""
    return {
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_ACCESS_KEY_ID": os.environ.get("LOCAL_DB_ACCESS_KEY_ID", "local"),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("LOCAL_DB_SECRET_ACCESS_KEY", "local"),
    }
