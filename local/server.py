"""The HTTP front of the local gateway: the standard library's threaded HTTP/1.1 server on 127.0.0.1.

The stdlib server (rather than a WSGI one) keeps what API Gateway passes on and WSGI loses: header names in
the client's case, repeated headers as separate values, and the raw, still percent-encoded path.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from local.gateway import MAX_PAYLOAD_BYTES, Gateway
from local.http_types import HttpRequest, HttpResponse

log = logging.getLogger(__name__)
DRAIN_LIMIT = 4 * MAX_PAYLOAD_BYTES
CHUNK = 64 * 1024


class PortInUseError(RuntimeError):
    """The requested port is taken; the message says what to do."""


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "local-api-gateway"
    # Headers and body go out in separate writes; with Nagle on, each keep-alive response waits ~40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def version_string(self) -> str:
        return self.server_version

    def _read_body(self) -> tuple[bytes, int]:
        """The body (b"" when over the limit, after draining it) and its length."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            body = self._read_chunked()
            return (body, len(body)) if len(body) <= MAX_PAYLOAD_BYTES else (b"", len(body))
        length = int(self.headers.get("Content-Length") or 0)
        if length <= MAX_PAYLOAD_BYTES:
            return self.rfile.read(length), length
        if length > DRAIN_LIMIT:
            self.close_connection = True
            return b"", length
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
        return b"", length

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            total += size
            if total > DRAIN_LIMIT:
                self.close_connection = True
                return b"x" * (MAX_PAYLOAD_BYTES + 1)  # only its length matters: the request is refused
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def _serve(self) -> None:
        started = time.perf_counter()
        raw_path, _, raw_query = self.path.partition("?")
        body, length = self._read_body()
        request = HttpRequest(
            method=self.command,
            raw_path=raw_path,
            raw_query=raw_query,
            headers=tuple(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
            protocol=self.request_version,
            content_length=length,
        )
        try:
            response = self.server.gateway.handle(request)
        except Exception:
            # A fault of the local gateway itself, not something API Gateway would answer: say so loudly.
            log.exception("the local gateway failed on %s %s", self.command, self.path)
            response = HttpResponse(
                500, [("Content-Type", "application/json")], b'{"message":"local gateway failure, see its log"}'
            )
        self._write(response)
        log.info("%s %s %d %.0f ms %s", self.command, self.path, response.status,
                 (time.perf_counter() - started) * 1000, response.header("x-amzn-RequestId"))  # fmt: skip

    def _write(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve  # noqa: N815 - stdlib names

    def log_message(self, format: str, *args: object) -> None:
        log.debug(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when many clients connect at once.
    request_queue_size = 128
    gateway: Gateway


class ApiServer:
    """Serves a Gateway on 127.0.0.1 from a background thread; binds the port at construction (fails fast)."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        try:
            self._server = _Server((host, port), _RequestHandler)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUseError(
                    f"port {port} on {host} is already in use: stop what listens there or pick another port (--port)"
                ) from None
            raise
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self, gateway: Gateway) -> ApiServer:
        self._server.gateway = gateway
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()
