"""One client connection of the local gateway: HTTP/1.1 parsed by h11, its requests answered one after another.

Whatever is wrong with a request's framing gets API Gateway's JSON error shape (`{"message": ...}`, the CORS
headers of the template's gateway responses) and `Connection: close`: the framing is lost, so nothing after it
can be trusted. An idle keep-alive connection is closed after `idle_seconds`; a request whose head and body
have not arrived `request_seconds` after its first byte gets 408, so a slow sender cannot hold a thread.
"""

from __future__ import annotations

import functools
import logging
import re
import socket
import time
from email.utils import formatdate
from http import HTTPStatus
from typing import Protocol

import h11

from local.front.framing import (
    DRAIN_LIMIT,
    MALFORMED_LINE,
    REQUEST_LINE,
    ConnectionLimits,
    coding_problem,
    framing_error,
    head_problem,
    origin_form,
)
from local.gateway import (
    LOCAL_FAILURE,
    MAX_PAYLOAD_BYTES,
    REQUEST_TIMEOUT,
    REQUEST_TOO_LARGE,
    GatewayError,
    HttpRequest,
    HttpResponse,
)

__all__ = ["Connection", "ConnectionLimits", "RequestHandler"]
log = logging.getLogger(__name__)
SERVER_NAME = "local-api-gateway"
RECEIVE_BYTES = 64 * 1024
LINGER_SECONDS = 0.5
FRAMING_HEADERS = frozenset({"content-length", "connection", "transfer-encoding", "keep-alive"})
NO_REQUEST = HttpRequest(method="GET", raw_path="/")
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
FIELD_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
UNSAFE_VALUE = re.compile(r"[\r\n\x00]")


class RequestHandler(Protocol):
    """What answers requests: the Gateway."""

    def handle(self, request: HttpRequest) -> HttpResponse: ...

    def reject(self, error: GatewayError, request: HttpRequest) -> HttpResponse: ...


class _RefusedError(Exception):
    """The request gets `error` as its answer, and the connection closes after it."""

    def __init__(self, error: GatewayError, request: HttpRequest = NO_REQUEST) -> None:
        super().__init__(error.message)
        self.error = error
        self.request = request


class _ClosedError(Exception):
    """The connection ended, or went idle for too long: nothing to answer."""


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a status the function may send that has no registered phrase, e.g. 499
        return ""


def _text(value: bytes) -> str:
    return value.decode("latin-1")


@functools.lru_cache(maxsize=2)
def _http_date(second: int) -> str:
    """The Date header's value, formatted once a second."""
    return formatdate(second, usegmt=True)


def _tokens(values: list[str]) -> set[str]:
    return {token.strip().lower() for value in values for token in value.split(",")}


def _response_head(response: HttpResponse, *, close: bool) -> bytes:
    """Status line and headers; a header that would break the framing (CR, LF, NUL, a non-token name, a character
    outside Latin-1) raises ValueError instead of reaching the client."""
    lines = [f"HTTP/1.1 {response.status} {_reason(response.status)}"]
    for name, value in response.headers:
        if name.lower() in FRAMING_HEADERS:
            continue
        if FIELD_NAME.fullmatch(name) is None or UNSAFE_VALUE.search(value) is not None:
            raise ValueError(f"header {name!r} cannot be sent")
        lines.append(f"{name}: {value}")
    # RFC 9110, section 8.6: no Content-Length on a 204; on a 304 only the length a 200 would have had, which the
    # gateway does not know, so none (a 304 has no content either way).
    if response.status not in (204, 304):
        lines.append(f"Content-Length: {len(response.body)}")
    lines += [
        f"Date: {_http_date(int(time.time()))}",
        f"Server: {SERVER_NAME}",
        *(["Connection: close"] if close else []),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class Connection:
    """Serves one accepted socket until the client leaves, goes idle, or breaks the framing."""

    def __init__(self, sock: socket.socket, address: str, handler: RequestHandler, limits: ConnectionLimits) -> None:
        self._sock = sock
        self._address = address
        self._handler = handler
        self._limits = limits
        self._h11 = self._parser()
        self._deadline: float | None = None
        self._line_read = False

    def _parser(self, pending: tuple[bytes, bool] = (b"", False)) -> h11.Connection:
        """h11 parses requests only (one per request, fed what the last one left); answers are written here."""
        parser = h11.Connection(h11.SERVER, max_incomplete_event_size=self._limits.head_bytes)
        data, closed = pending
        if data:
            parser.receive_data(data)
        if closed:
            parser.receive_data(b"")  # h11's way of saying the client has closed its side
        return parser

    def serve(self) -> None:
        try:
            while self._serve_one():
                self._h11 = self._parser(self._h11.trailing_data)
        except (_ClosedError, OSError):
            pass
        finally:
            self._close()

    def refuse(self, error: GatewayError) -> None:
        """Answer `error` without reading a request (e.g. past the server's connection bound), then close."""
        try:
            self._send(self._handler.reject(error, NO_REQUEST), NO_REQUEST, close=True)
        except OSError:
            pass
        finally:
            self._close()

    def _serve_one(self) -> bool:
        """Answer one request; whether the connection stays open for the next."""
        try:
            request = self._read_request()
        except _RefusedError as refused:
            self._send(self._handler.reject(refused.error, refused.request), refused.request, close=True)
            return False
        started = time.perf_counter()
        try:
            response = self._handler.handle(request)
        except Exception:
            # A fault of the local gateway itself, not something API Gateway would answer: say so loudly.
            log.exception("the local gateway failed on %s %s", request.method, request.raw_path)
            response = self._handler.reject(LOCAL_FAILURE, request)
        keep_alive = request.protocol == "HTTP/1.1" and "close" not in _tokens(request.header_values("Connection"))
        self._send(response, request, close=not keep_alive)
        log.info("%s %s %d %.0f ms %s", request.method, request.raw_path, response.status,
                 (time.perf_counter() - started) * 1000, response.header("x-amzn-RequestId"))  # fmt: skip
        return keep_alive

    def _read_request(self) -> HttpRequest:
        pending, _ = self._h11.trailing_data  # a pipelined request may already be here
        self._deadline = time.monotonic() + self._limits.request_seconds if pending else None
        self._line_read = False
        self._check_head()
        event = self._next_event()
        if isinstance(event, h11.ConnectionClosed):
            raise _ClosedError
        if not isinstance(event, h11.Request):
            raise _RefusedError(MALFORMED_LINE)
        request = self._head(event)
        if self._h11.they_are_waiting_for_100_continue:
            self._sock.sendall(CONTINUE)
        body, size = self._read_body(request)
        return HttpRequest(request.method, request.raw_path, request.raw_query, request.headers, body,
                           request.source_ip, request.protocol, size)  # fmt: skip

    def _head(self, event: h11.Request) -> HttpRequest:
        """The request's line and headers as received (case and order kept), checked beyond what h11 checks."""
        target, authority = origin_form(_text(event.target))
        raw_path, _, raw_query = target.partition("?")
        headers = tuple((_text(name), _text(value)) for name, value in event.headers.raw_items())
        if authority is not None:  # RFC 9112, section 3.2.2: the target's authority, not the Host field
            headers = tuple((name, authority if name.lower() == "host" else value) for name, value in headers)
        request = HttpRequest(_text(event.method), raw_path, raw_query, headers, b"", self._address,
                              f"HTTP/{_text(event.http_version)}")  # fmt: skip
        problem = head_problem(event, headers, self._limits)
        if problem is not None:
            raise _RefusedError(problem, request)
        return request

    def _read_body(self, request: HttpRequest) -> tuple[bytes, int]:
        """The body, or b"" once it is over the payload limit (then read to its end, up to DRAIN_LIMIT)."""
        parts: list[bytes] = []
        size = 0
        while not isinstance(event := self._next_event(), h11.EndOfMessage):
            if isinstance(event, h11.Data):
                size += len(event.data)
                if size > DRAIN_LIMIT:
                    raise _RefusedError(REQUEST_TOO_LARGE, request)
                if size <= MAX_PAYLOAD_BYTES:
                    parts.append(event.data)
        return (b"".join(parts) if size <= MAX_PAYLOAD_BYTES else b""), size

    def _next_event(self) -> h11.Event | type[h11.NEED_DATA]:
        while True:
            try:
                event = self._h11.next_event()
            except h11.RemoteProtocolError as error:
                raise _RefusedError(framing_error(error, self._limits, self._line_read)) from None
            if event is not h11.NEED_DATA:
                return event
            self._receive()

    def _receive(self) -> None:
        idle = self._deadline is None
        if idle:
            timeout = self._limits.idle_seconds
        elif (left := self._deadline - time.monotonic()) > 0:
            timeout = min(left, self._limits.pause_seconds)
        else:
            raise _RefusedError(REQUEST_TIMEOUT)
        self._sock.settimeout(timeout)
        try:
            data = self._sock.recv(RECEIVE_BYTES)
        except TimeoutError:
            raise (_ClosedError() if idle else _RefusedError(REQUEST_TIMEOUT)) from None
        if idle and data:
            self._deadline = time.monotonic() + self._limits.request_seconds
        self._h11.receive_data(data)
        self._check_head()

    def _check_head(self) -> None:
        """Refuse a request line that is not HTTP/1.x as soon as it is complete (an HTTP/0.9 request has no head
        for h11 to wait for), and transfer codings h11 would misjudge once the head is complete; h11 checks the
        rest."""
        if self._h11.their_state is not h11.IDLE:
            return
        buffered, _ = self._h11.trailing_data
        line, newline, _ = buffered.lstrip(b"\r\n").partition(b"\n")
        if newline and not self._line_read:
            self._line_read = True
            if REQUEST_LINE.fullmatch(line) is None:
                raise _RefusedError(MALFORMED_LINE)
        head, end, _ = buffered.lstrip(b"\r\n").replace(b"\r\n", b"\n").partition(b"\n\n")
        if end and (problem := coding_problem(head)) is not None:
            raise _RefusedError(problem)

    def _send(self, response: HttpResponse, request: HttpRequest, *, close: bool) -> None:
        try:
            head = _response_head(response, close=close)
        except ValueError:
            log.exception("the response to %s %s is not valid HTTP/1.1", request.method, request.raw_path)
            self._send(self._handler.reject(LOCAL_FAILURE, request), request, close=True)
            return
        bodiless = request.method == "HEAD" or response.status in (204, 304)
        self._sock.sendall(head if bodiless else head + response.body)

    def _close(self) -> None:
        """Close without resetting: unread input on a closed socket makes the kernel send RST, which can destroy
        the answer before the client reads it, so the rest of the input is read (briefly) first."""
        until = time.monotonic() + LINGER_SECONDS
        try:
            self._sock.shutdown(socket.SHUT_WR)
            while (left := until - time.monotonic()) > 0:
                self._sock.settimeout(left)
                if not self._sock.recv(RECEIVE_BYTES):
                    break
        except OSError:
            pass
        finally:
            self._sock.close()
