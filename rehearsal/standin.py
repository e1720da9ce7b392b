"""moto's server on a free loopback port: the S3 and STS endpoints that cdk-assets publishes to in a rehearsal."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
# The stand-in accepts any credentials; these only make the SDKs sign.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "rehearsal", "AWS_SECRET_ACCESS_KEY": "rehearsal"}


class StandInError(RuntimeError):
    """moto's server could not be started; the message says why."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class AwsStandIn:
    """A moto server process, started on enter and stopped on exit."""

    def __init__(self) -> None:
        self.port = _free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> AwsStandIn:
        if not MOTO_SERVER.exists():
            raise StandInError(f"{MOTO_SERVER} is missing: run `make install` (requirements-dev.txt pins moto[server])")
        command = [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(self.port)]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                error = self._process.stderr.read().decode(errors="replace") if self._process.stderr else ""
                raise StandInError(f"moto_server exited with code {self._process.returncode}: {error.strip()}")
            try:
                with urllib.request.urlopen(f"{self.endpoint}/moto-api/data.json", timeout=1):  # noqa: S310
                    return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        self.__exit__(None, None, None)
        raise StandInError(f"moto_server did not answer on {self.endpoint} within 20 s")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
