"""Where a request carries its SigV4 signature, read as API Gateway reads it: the Authorization header, or a
presigned query string (`X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=...&X-Amz-Signature=...`).

API Gateway accepts both placements for AWS_IAM methods; with an Authorization header present, the query's
`X-Amz-*` parameters are ordinary parameters (signed like any other). Failures carry AWS's messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote_plus

from local.gateway.http_types import HttpRequest

ALGORITHM = "AWS4-HMAC-SHA256"
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
SIGNATURE_PARAMETER = "X-Amz-Signature"
QUERY_PARAMETERS = ("X-Amz-Algorithm", "X-Amz-Credential", SIGNATURE_PARAMETER, "X-Amz-Date", "X-Amz-SignedHeaders")
HEADER_FIELDS = ("Credential", "Signature", "SignedHeaders")
MAX_EXPIRES_SECONDS = 7 * 24 * 3600  # what SigV4 allows a presigned URL at most


class SignatureError(Exception):
    """A request the API rejects with 403; `response_type` selects the gateway response."""

    def __init__(self, response_type: str, error_type: str, message: str) -> None:
        super().__init__(message)
        self.response_type = response_type
        self.error_type = error_type
        self.message = message


def invalid(message: str) -> SignatureError:
    return SignatureError("INVALID_SIGNATURE", "InvalidSignatureException", message)


def incomplete(message: str) -> SignatureError:
    return SignatureError("INVALID_SIGNATURE", "IncompleteSignatureException", message)


MISSING_TOKEN = SignatureError(
    "MISSING_AUTHENTICATION_TOKEN", "MissingAuthenticationTokenException", "Missing Authentication Token"
)


@dataclass(frozen=True)
class SignedClaim:
    """What a request says about its signature; `expires` (seconds) only for a presigned URL that sets it."""

    credential: str
    signed_headers: str
    signature: str
    timestamp: str
    in_query: bool = False
    expires: int | None = None
    security_token: str | None = None


def query_parameters(raw_query: str) -> list[tuple[str, str]]:
    """Decoded query pairs in order; '+' is a space, as API Gateway and signers read it."""
    return [
        (unquote_plus(key), unquote_plus(value))
        for key, _, value in (pair.partition("=") for pair in raw_query.split("&") if pair)
    ]


def read_claim(request: HttpRequest) -> SignedClaim:
    """The signature a request claims; raises SignatureError when it has none or an incomplete one."""
    header = request.header("Authorization")
    if header:
        return _from_header(header, request)
    query = dict(query_parameters(request.raw_query))
    if "X-Amz-Algorithm" in query:
        return _from_query(query)
    raise MISSING_TOKEN


def _from_header(header: str, request: HttpRequest) -> SignedClaim:
    fields = {}
    for part in header.removeprefix(ALGORITHM).split(","):
        key, _, value = part.strip().partition("=")
        if key:
            fields[key] = value
    missing = [name for name in HEADER_FIELDS if name not in fields]
    if not header.startswith(ALGORITHM + " ") or missing:
        problems = " ".join(f"Authorization header requires '{name}' parameter." for name in missing)
        raise incomplete(f"{problems or 'Unsupported signing algorithm.'} Authorization={header}")
    return SignedClaim(
        credential=fields["Credential"],
        signed_headers=fields["SignedHeaders"],
        signature=fields["Signature"],
        timestamp=_header_timestamp(request),
        security_token=request.header("X-Amz-Security-Token"),
    )


def _header_timestamp(request: HttpRequest) -> str:
    amz_date = request.header("X-Amz-Date")
    if amz_date is not None:
        return _checked_timestamp(amz_date)
    try:
        return parsedate_to_datetime(request.header("Date") or "").astimezone(UTC).strftime(TIMESTAMP_FORMAT)
    except (TypeError, ValueError):
        raise incomplete(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        ) from None


def _checked_timestamp(value: str) -> str:
    try:
        datetime.strptime(value, TIMESTAMP_FORMAT)
    except ValueError:
        raise incomplete(f"Date must be in ISO-8601 'basic format'. Got '{value}'.") from None
    return value


def _from_query(query: dict[str, str]) -> SignedClaim:
    missing = [name for name in QUERY_PARAMETERS if name not in query]
    if missing:
        listed = ", ".join(f"'{name}'" for name in QUERY_PARAMETERS)
        raise incomplete(f"AWS query-string parameters must include {listed}. Re-examine the query-string parameters.")
    if query["X-Amz-Algorithm"] != ALGORITHM:
        raise incomplete(f"Unsupported signing algorithm. X-Amz-Algorithm={query['X-Amz-Algorithm']}")
    return SignedClaim(
        credential=query["X-Amz-Credential"],
        signed_headers=query["X-Amz-SignedHeaders"],
        signature=query[SIGNATURE_PARAMETER],
        timestamp=_checked_timestamp(query["X-Amz-Date"]),
        in_query=True,
        expires=_expires(query.get("X-Amz-Expires")),
        security_token=query.get("X-Amz-Security-Token"),
    )


def _expires(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 0 < int(value) <= MAX_EXPIRES_SECONDS:
        raise incomplete(
            f"X-Amz-Expires must be a number of seconds from 1 to {MAX_EXPIRES_SECONDS} (a week). Got '{value}'."
        )
    return int(value)
