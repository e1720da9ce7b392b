"""What makes a request's HTTP framing unacceptable, and API Gateway's answer for each case.

h11 parses and rejects most of it; the rest is checked here on the parsed head: the size quota of the request
line and headers (also for a head that arrived in one piece), the header count, the HTTP version, and one body
framed two ways. Transfer codings are judged on the raw head before h11 sees it (RFC 9112, sections 6.1 and
6.3): when chunked is not the final coding the body's length is unknown, so the answer is 400 and the connection
closes; codings before a final chunked are not implemented (501). An absolute-form target
(`GET http://host/dev/items`) is accepted and read as its path, its authority taking the Host's place (3.2.2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import h11

from local.gateway import (
    CODING_NOT_SUPPORTED,
    MAX_PAYLOAD_BYTES,
    REQUEST_TOO_LARGE,
    TOO_MANY_HEADERS,
    URI_TOO_LONG,
    VERSION_NOT_SUPPORTED,
    GatewayError,
    bad_request,
    headers_too_large,
)

DRAIN_LIMIT = 4 * MAX_PAYLOAD_BYTES  # a body up to this size is read (and dropped) to answer 413 on a live connection
REQUEST_LINE = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+ [^ ]+ HTTP/[0-9]\.[0-9]\r?")
MALFORMED_LINE = bad_request("Malformed request line")
MALFORMED_HEADER = bad_request("Malformed request header")
MALFORMED_CHUNKS = bad_request("Malformed chunked request body")
ONE_HOST = bad_request("A request must have exactly one Host header")
# h11's reasons (h11 is pinned), each with its answer in API Gateway's shape; anything else is a plain 400.
FRAMING_ERRORS = (
    ("bad Content-Length", bad_request("Invalid Content-Length header")),
    ("conflicting Content-Length", bad_request("Conflicting Content-Length headers")),
    ("illegal chunk header", MALFORMED_CHUNKS),
    ("malformed chunk footer", MALFORMED_CHUNKS),
    ("peer closed connection without sending complete message body", bad_request("Incomplete request body")),
    ("Only Transfer-Encoding: chunked", CODING_NOT_SUPPORTED),
    ("multiple Transfer-Encoding", CODING_NOT_SUPPORTED),
    ("Missing mandatory Host", ONE_HOST),
    ("Found multiple Host", ONE_HOST),
    ("illegal request line", MALFORMED_LINE),
    ("Illegal header", MALFORMED_HEADER),
    ("illegal header line", MALFORMED_HEADER),
    ("continuation line", MALFORMED_HEADER),
)
BOTH_FRAMINGS = bad_request("Content-Length and Transfer-Encoding must not both be sent")
CHUNKED_NOT_FINAL = bad_request("Transfer-Encoding must end with chunked, once")
ABSOLUTE_FORM = re.compile(r"(?i)^[a-z][a-z0-9+.-]*://([^/?#]*)([^?#]*)(\?[^#]*)?$")
FRAMING_NAMES = frozenset({"content-length", "transfer-encoding"})


@dataclass(frozen=True)
class ConnectionLimits:
    """Per-connection limits; `head_bytes` is API Gateway's quota on the request line and headers together."""

    head_bytes: int = 10240
    max_headers: int = 100
    idle_seconds: float = 60.0
    """How long a kept-alive connection may wait for its next request."""
    request_seconds: float = 30.0
    """How long a request may take to arrive whole, from its first byte."""
    pause_seconds: float = 5.0
    """The longest silence inside a request (a truncated body is noticed this soon)."""


def framing_error(error: h11.RemoteProtocolError, limits: ConnectionLimits, line_read: bool) -> GatewayError:
    """The answer to what h11 refused; an over-long head is the request line's fault until that line ended."""
    if error.error_status_hint == 431:
        return headers_too_large(limits.head_bytes) if line_read else URI_TOO_LONG
    reason = str(error)
    return next((answer for prefix, answer in FRAMING_ERRORS if reason.startswith(prefix)), bad_request("Bad Request"))


def head_problem(
    event: h11.Request, headers: tuple[tuple[str, str], ...], limits: ConnectionLimits
) -> GatewayError | None:
    """Why a head h11 accepted is refused, or None. `headers` are the raw (name, value) pairs."""
    line_bytes = len(event.method) + len(event.target) + len(b"  HTTP/1.1\r\n")
    head_bytes = line_bytes + sum(len(name) + len(value) + 4 for name, value in headers)
    framing = {name.lower(): value for name, value in headers if name.lower() in FRAMING_NAMES}
    checks = (
        (line_bytes > limits.head_bytes, URI_TOO_LONG),  # h11 limits only a head that arrives in pieces
        (head_bytes > limits.head_bytes, headers_too_large(limits.head_bytes)),
        (event.http_version not in (b"1.0", b"1.1"), VERSION_NOT_SUPPORTED),
        (len(headers) > limits.max_headers, TOO_MANY_HEADERS),
        # Two framings for one body is how requests are smuggled past proxies (RFC 9112, section 6.1).
        (len(framing) == len(FRAMING_NAMES), BOTH_FRAMINGS),
        (int(framing.get("content-length", "0").split(",")[0]) > DRAIN_LIMIT, REQUEST_TOO_LARGE),
    )
    return next((error for failed, error in checks if failed), None)


def coding_problem(head: bytes) -> GatewayError | None:
    """What is wrong with the transfer codings of a complete raw head (every Transfer-Encoding line), or None."""
    fields = (line.partition(b":") for line in head.split(b"\n")[1:])
    values = [value for name, colon, value in fields if colon and name.lower() == b"transfer-encoding"]
    if not values:
        return None
    tokens = (token.split(b";", 1)[0].strip().lower() for value in values for token in value.split(b","))
    codings = [token for token in tokens if token]
    if not codings or codings[-1] != b"chunked" or codings.count(b"chunked") > 1:
        return CHUNKED_NOT_FINAL
    return CODING_NOT_SUPPORTED if len(codings) > 1 else None


def origin_form(target: str) -> tuple[str, str | None]:
    """An absolute-form target as its path and query (origin form), and its authority; others unchanged, None."""
    match = ABSOLUTE_FORM.match(target)
    if match is None:
        return target, None
    authority, path, query = match.groups()
    return (path or "/") + (query or ""), authority
