"""Malformed HTTP framing, over raw sockets: every case gets API Gateway's JSON error shape with CORS headers,
the right 4xx/5xx, and `Connection: close` (and a closed connection) where the framing is lost; never a dropped
connection, an HTML page or a wait for bytes that never come."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from local.front.connection import ConnectionLimits, _response_head
from local.front.framing import origin_form
from local.front.server import ApiServer
from local.gateway.gateway import Gateway
from local.gateway.http_types import HttpRequest, HttpResponse
from local.gateway.responses import GatewayError
from local.gateway.sigv4 import LocalCredentials, SigV4Verifier
from local.template.service import ServiceTemplate
from tests.unit.local.fixtures.raw_http import PREFLIGHT, Answer, RawConnection, request

HEAD_LIMIT = ConnectionLimits().head_bytes
LIMITS = ConnectionLimits(idle_seconds=5.0, request_seconds=5.0, pause_seconds=1.0)


@pytest.fixture(scope="module")
def port(service: ServiceTemplate, credentials: LocalCredentials) -> Iterator[int]:
    """The fixture stage behind the HTTP server; no function is needed for what these tests send."""
    server = ApiServer(limits=LIMITS).start(Gateway(service, {}, SigV4Verifier(credentials, "us-east-1")))
    yield server.port
    server.stop()


def _refused(port: int, data: bytes) -> tuple[Answer, RawConnection]:
    connection = RawConnection(port).send(data)
    return connection.answer(), connection


def _assert_json_error(answer: Answer, status: int, message: str | None = None) -> None:
    assert answer.status == status, (answer.status, answer.body)
    assert answer.header("Content-Type") == "application/json"
    assert isinstance(answer.json()["message"], str)
    if message is not None:
        assert answer.json() == {"message": message}
    assert answer.header("Access-Control-Allow-Origin") == "*"
    assert "x-amzn-RequestId" in (answer.header("Access-Control-Expose-Headers") or "").split(",")
    assert answer.header("x-amzn-RequestId")


def _assert_closed(answer: Answer, connection: RawConnection) -> None:
    assert answer.header("Connection") == "close"
    assert connection.closed_by_server()


POST_ITEMS = b"POST /dev/items HTTP/1.1\r\nHost: 127.0.0.1\r\n"
BAD_FRAMING = {
    "non-numeric-length": (POST_ITEMS + b"Content-Length: abc\r\n\r\n{}", 400, "Invalid Content-Length header"),
    "negative-length": (POST_ITEMS + b"Content-Length: -1\r\n\r\n{}", 400, "Invalid Content-Length header"),
    "conflicting-lengths": (
        POST_ITEMS + b"Content-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
        400,
        "Conflicting Content-Length headers",
    ),
    "length-and-chunked": (
        POST_ITEMS + b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        400,
        "Content-Length and Transfer-Encoding must not both be sent",
    ),
    # RFC 9112, section 6.3: chunked not the final coding leaves the length unknown -> 400 and close.
    **{
        f"final-coding-{name}": (
            POST_ITEMS + coding + b"\r\n\r\n{}",
            400,
            "Transfer-Encoding must end with chunked, once",
        )
        for name, coding in {
            "gzip": b"Transfer-Encoding: gzip",
            "identity": b"Transfer-Encoding: identity",
            "unknown": b"Transfer-Encoding: x-unknown",
            "chunked-then-identity": b"Transfer-Encoding: chunked, identity",
            "two-lines-chunked-first": b"Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip",
            "chunked-twice": b"Transfer-Encoding: chunked, chunked",
            "empty": b"Transfer-Encoding: ,",
        }.items()
    },
    # Section 6.1: a coding the server does not implement before a final chunked -> 501 (and close here).
    "coding-before-chunked": (
        POST_ITEMS + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        501,
        "Transfer-Encoding other than chunked is not supported",
    ),
    "coding-before-chunked-on-two-lines": (
        POST_ITEMS + b"Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        501,
        "Transfer-Encoding other than chunked is not supported",
    ),
    "bad-chunk-size": (
        POST_ITEMS + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        400,
        "Malformed chunked request body",
    ),
    "chunk-longer-than-its-size": (
        POST_ITEMS + b"Transfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n",
        400,
        "Malformed chunked request body",
    ),
    "length-over-what-is-read": (POST_ITEMS + b"Content-Length: 50000000\r\n\r\n{}", 413, "Request Too Long"),
    "no-host": (b"GET /dev/items HTTP/1.1\r\n\r\n", 400, "A request must have exactly one Host header"),
    "two-hosts": (b"GET /dev/items HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, None),
    "http-2": (b"GET /dev/items HTTP/2.0\r\nHost: a\r\n\r\n", 505, "HTTP Version Not Supported"),
    "http-1.2": (b"GET /dev/items HTTP/1.2\r\nHost: a\r\n\r\n", 505, "HTTP Version Not Supported"),
    "http-0.9": (b"GET /dev/items\r\n", 400, "Malformed request line"),
    "garbage": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400, "Malformed request line"),
    "space-in-target": (b"GET /dev/it ems HTTP/1.1\r\nHost: a\r\n\r\n", 400, "Malformed request line"),
    "header-without-colon": (b"GET /dev/items HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400, "Malformed request header"),
    "request-line-too-long": (
        b"GET /dev/items?q=" + b"a" * HEAD_LIMIT + b" HTTP/1.1\r\nHost: a\r\n\r\n",
        414,
        "Request-URI Too Long",
    ),
    "headers-too-large": (
        b"GET /dev/items HTTP/1.1\r\nHost: a\r\nX-Big: " + b"a" * HEAD_LIMIT + b"\r\n\r\n",
        431,
        f"HTTP header is larger than {HEAD_LIMIT} bytes.",
    ),
    "too-many-headers": (
        b"GET /dev/items HTTP/1.1\r\nHost: a\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(120)) + b"\r\n",
        431,
        "Too many request headers",
    ),
}


@pytest.mark.parametrize("case", BAD_FRAMING.values(), ids=BAD_FRAMING.keys())
def test_bad_framing_gets_a_json_error_and_the_connection_closes(port: int, case: tuple[bytes, int, str]) -> None:
    data, status, message = case

    answer, connection = _refused(port, data)

    with connection:
        _assert_json_error(answer, status, message)
        _assert_closed(answer, connection)


def test_body_cut_short_by_the_client_is_an_incomplete_request(port: int) -> None:
    with RawConnection(port) as connection:
        connection.send(POST_ITEMS + b"Transfer-Encoding: chunked\r\n\r\n10\r\n{}")
        connection.sock.shutdown(1)  # the client is done sending; the chunk promised 16 bytes

        answer = connection.answer()

        _assert_json_error(answer, 400, "Incomplete request body")


def test_body_that_stops_arriving_is_a_request_timeout(port: int) -> None:
    with RawConnection(port) as connection:
        answer = connection.send(POST_ITEMS + b"Content-Length: 10\r\n\r\n{}").answer()

        _assert_json_error(answer, 408, "Request Timeout")
        _assert_closed(answer, connection)


def test_error_answers_are_never_html(port: int) -> None:
    for data, _, _ in BAD_FRAMING.values():
        answer, connection = _refused(port, data)
        connection.close()
        assert b"<html" not in answer.body.lower()


def test_headers_within_api_gateways_quota_are_accepted(port: int) -> None:
    headers = [("Origin", "https://app.example"), ("X-Filler", "a" * (HEAD_LIMIT - 200))]

    with RawConnection(port) as connection:
        answer = connection.send(request("OPTIONS", "/dev/items", headers)).answer()

    assert answer.status == 204


def test_connection_stays_usable_after_an_error_the_gateway_answers(port: int) -> None:
    with RawConnection(port) as connection:
        refused = connection.send(request("GET", "/dev/items")).answer()
        preflight = connection.send(PREFLIGHT).answer()

    assert (refused.status, refused.header("Connection")) == (403, None)
    assert preflight.status == 204


def test_absolute_form_target_is_served_as_its_path(port: int) -> None:
    absolute = PREFLIGHT.replace(b"OPTIONS /dev/items", b"OPTIONS http://127.0.0.1/dev/items", 1)

    with RawConnection(port) as connection:
        answer = connection.send(absolute).answer()

    assert answer.status == 204


def test_absolute_form_target_uses_its_authority_over_the_host_header(port: int) -> None:
    absolute = request("GET", "HTTP://api.example:8443/dev/nope?x=1", [("Host", "elsewhere")])

    with RawConnection(port) as connection:
        answer = connection.send(absolute).answer()

    assert (answer.status, answer.json()) == (403, {"message": "Missing Authentication Token"})


def test_chunked_request_keeps_the_connection_usable(port: int) -> None:
    chunked = POST_ITEMS + b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"

    with RawConnection(port) as connection:
        first = connection.send(chunked).answer()
        second = connection.send(PREFLIGHT).answer()

    assert (first.status, second.status) == (403, 204)


def test_pipelined_requests_are_answered_in_order(port: int) -> None:
    with RawConnection(port) as connection:
        connection.send(request("GET", "/dev/nope") + PREFLIGHT)

        answers = [connection.answer(), connection.answer()]

    assert [answer.status for answer in answers] == [403, 204]


def test_head_answer_has_headers_and_no_body(port: int) -> None:
    with RawConnection(port) as connection:
        head = connection.send(request("HEAD", "/dev/items")).answer(to_head=True)
        preflight = connection.send(PREFLIGHT).answer()

    assert (head.status, head.body, head.header("Content-Type")) == (403, b"", "application/json")
    assert preflight.status == 204


def test_http_1_0_request_is_answered_and_closed(port: int) -> None:
    with RawConnection(port) as connection:
        answer = connection.send(request("GET", "/dev/items", version="1.0")).answer()

        assert answer.status == 403
        assert connection.closed_by_server()


class _FailingGateway:
    """A gateway whose request handling has a bug; its error answers still work."""

    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway

    def handle(self, request: HttpRequest) -> HttpResponse:
        raise RuntimeError("a bug in the local gateway")

    def reject(self, error: GatewayError, request: HttpRequest) -> HttpResponse:
        return self._gateway.reject(error, request)


def test_fault_of_the_local_gateway_is_a_json_500_not_a_dropped_connection(
    service: ServiceTemplate, credentials: LocalCredentials
) -> None:
    gateway = Gateway(service, {}, SigV4Verifier(credentials, "us-east-1"))
    server = ApiServer(limits=LIMITS).start(_FailingGateway(gateway))
    try:
        with RawConnection(server.port) as connection:
            answer = connection.send(PREFLIGHT).answer()
    finally:
        server.stop()

    _assert_json_error(answer, 500, "local gateway failure, see its log")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("http://h/dev/items?limit=1", ("/dev/items?limit=1", "h")),
        ("HTTPS://h:8443", ("/", "h:8443")),
        ("http://h?x", ("/?x", "h")),
        ("/dev/items?u=http://h/", ("/dev/items?u=http://h/", None)),
    ],
)
def test_origin_form_of_a_target(target: str, expected: tuple[str, str | None]) -> None:
    assert origin_form(target) == expected


@pytest.mark.parametrize("status", [204, 304])
def test_responses_without_content_carry_no_content_length(status: int) -> None:
    """RFC 9110 section 8.6: never on a 204; on a 304 only the length a 200 would have had, which is unknown here."""
    head = _response_head(HttpResponse(status=status, headers=[("ETag", '"1"')], body=b""), close=False)
    assert b"Content-Length" not in head and b'ETag: "1"' in head
