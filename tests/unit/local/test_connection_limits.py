"""Idle and slow connections time out, and the number of connections (so of threads) is bounded; past the bound
a client gets API Gateway's throttling answer at once, never a hang. Raw sockets, every read with a timeout."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from local.front.connection import ConnectionLimits
from local.front.server import ApiServer
from local.gateway.gateway import Gateway
from local.gateway.sigv4 import LocalCredentials, SigV4Verifier
from local.template.service import ServiceTemplate
from tests.unit.local.fixtures.raw_http import PREFLIGHT, RawConnection

LIMITS = ConnectionLimits(idle_seconds=0.5, request_seconds=1.5, pause_seconds=1.0)
MAX_CONNECTIONS = 3


@pytest.fixture(scope="module")
def gateway(service: ServiceTemplate, credentials: LocalCredentials) -> Gateway:
    return Gateway(service, {}, SigV4Verifier(credentials, "us-east-1"))


@pytest.fixture
def port(gateway: Gateway) -> Iterator[int]:
    """A fresh server per test, so the connections one test holds do not count against the next."""
    server = ApiServer(limits=LIMITS, max_connections=MAX_CONNECTIONS).start(gateway)
    yield server.port
    server.stop()


def test_idle_kept_alive_connection_is_closed(port: int) -> None:
    with RawConnection(port) as connection:
        answer = connection.send(PREFLIGHT).answer()

        assert answer.status == 204
        assert connection.closed_by_server()


def test_connection_that_never_sends_a_request_is_closed(port: int) -> None:
    with RawConnection(port) as connection:
        assert connection.closed_by_server()


SLOW_SENDS = {
    "head": (b"", PREFLIGHT),
    "body": (b"POST /dev/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n\r\n", b"{" + b" " * 39),
}


@pytest.mark.parametrize("parts", SLOW_SENDS.values(), ids=SLOW_SENDS.keys())
def test_slow_sender_gets_a_request_timeout(port: int, parts: tuple[bytes, bytes]) -> None:
    at_once, slowly = parts
    with RawConnection(port) as connection:
        connection.send(at_once).send_slowly(slowly, pause=0.2)  # every pause is short, the whole is too slow

        answer = connection.answer()

        assert (answer.status, answer.json()) == (408, {"message": "Request Timeout"})
        assert answer.header("Access-Control-Allow-Origin") == "*"
        assert connection.closed_by_server()


def test_connection_past_the_bound_gets_429_with_retry_after(port: int) -> None:
    held = [RawConnection(port).send(PREFLIGHT) for _ in range(MAX_CONNECTIONS)]
    try:
        assert [connection.answer().status for connection in held] == [204] * MAX_CONNECTIONS

        with RawConnection(port) as extra:
            answer = extra.send(PREFLIGHT).answer()

            assert (answer.status, answer.json()) == (429, {"message": "Too Many Requests"})
            assert answer.header("Retry-After") == "1"
            assert "Retry-After" in (answer.header("Access-Control-Expose-Headers") or "").split(",")
            assert answer.header("Access-Control-Allow-Origin") == "*"
            assert extra.closed_by_server()
    finally:
        for connection in held:
            connection.close()


def test_a_freed_slot_serves_the_next_connection(port: int) -> None:
    held = [RawConnection(port).send(PREFLIGHT) for _ in range(MAX_CONNECTIONS)]
    for connection in held:
        connection.answer()
    held.pop().close()
    try:
        answers = []
        for _ in range(50):  # the server notices the close once its thread reads EOF
            with RawConnection(port) as connection:
                answers.append(connection.send(PREFLIGHT).answer().status)
            if answers[-1] == 204:
                break
        assert answers[-1] == 204, answers
    finally:
        for connection in held:
            connection.close()
