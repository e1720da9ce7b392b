"""The HTTP front of the local gateway on 127.0.0.1: one thread per connection, at most `max_connections` of them.

A connection past the bound is answered at once with API Gateway's throttling answer (429, `Retry-After`) and
closed, rather than left waiting. Each connection speaks HTTP/1.1 through h11 (`local.front.connection`), which
keeps what API Gateway passes on: header names in the client's case, repeated headers as separate values,
and the raw, still percent-encoded path.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import select
import socket
import threading

from local.front.connection import Connection, ConnectionLimits, RequestHandler
from local.gateway import THROTTLED

log = logging.getLogger(__name__)
# A backlog this deep keeps 32 clients connecting at once from being reset (found by `make load`).
LISTEN_BACKLOG = 128
MAX_CONNECTIONS = 128


class PortInUseError(RuntimeError):
    """The requested port is taken; the message says what to do."""


class ApiServer:
    """Serves a Gateway on 127.0.0.1 from a background thread; binds the port at construction (fails fast)."""

    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        *,
        limits: ConnectionLimits | None = None,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        try:
            self._listener = socket.create_server((host, port), backlog=LISTEN_BACKLOG)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUseError(
                    f"port {port} on {host} is already in use: stop what listens there or pick another port (--port)"
                ) from None
            raise
        self.limits = limits or ConnectionLimits()
        self.max_connections = max_connections
        self._slots = threading.BoundedSemaphore(max_connections)
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._listener.getsockname()[0])

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def start(self, handler: RequestHandler) -> ApiServer:
        self._thread = threading.Thread(target=self._accept_loop, args=(handler,), name="local-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, end every open connection (an answer being written is cut), release the port."""
        if self._thread is not None:
            self._wake_writer.send(b"x")
            self._thread.join()
            self._thread = None
        with self._lock:
            for sock in self._open:
                _shut(sock)
        self._listener.close()
        self._wake_reader.close()
        self._wake_writer.close()

    def _accept_loop(self, handler: RequestHandler) -> None:
        while True:
            ready, _, _ = select.select([self._listener, self._wake_reader], [], [])
            if self._wake_reader in ready:
                return
            try:
                sock, address = self._listener.accept()
            except OSError:
                continue  # the client gave up before we accepted
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle delay on keep-alive answers
            connection = Connection(sock, address[0], handler, self.limits)
            if not self._slots.acquire(blocking=False):
                log.warning("%s connections open: answering %s with 429", self.max_connections, address[0])
                connection.refuse(THROTTLED)
                continue
            threading.Thread(target=self._serve, args=(sock, connection), name="local-api-connection",
                             daemon=True).start()  # fmt: skip

    def _serve(self, sock: socket.socket, connection: Connection) -> None:
        with self._lock:
            self._open.add(sock)
        try:
            connection.serve()
        finally:
            with self._lock:
                self._open.discard(sock)
            self._slots.release()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by its own thread
        sock.shutdown(socket.SHUT_RDWR)
