"""Verify AWS Signature Version 4 on incoming requests, as API Gateway does for AWS_IAM methods.

The canonical request, string to sign and signature are computed by botocore's own SigV4Auth from the
request as received (only the headers the client listed in SignedHeaders), with the local credentials;
the result is compared in constant time. Failures carry API Gateway's messages and error types.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import unquote_plus

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

from local.events import Caller
from local.http_types import HttpRequest

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "execute-api"
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
MAX_SKEW = timedelta(minutes=5)
DEFAULT_ACCESS_KEY = "AKIALOCALDEVELOPER00"
DEFAULT_SECRET_KEY = "local/items-api/not-a-secret/0000000000"  # noqa: S105 - documented local credential
ACCESS_KEY_VARIABLE = "LOCAL_API_ACCESS_KEY_ID"
SECRET_KEY_VARIABLE = "LOCAL_API_SECRET_ACCESS_KEY"  # noqa: S105 - a variable name
MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
    "Access Key and signing method. Consult the service documentation for details."
)


@dataclass(frozen=True)
class LocalCredentials:
    """The one key pair the local API accepts, and the IAM user it stands for."""

    access_key: str = DEFAULT_ACCESS_KEY
    secret_key: str = DEFAULT_SECRET_KEY
    account_id: str = "000000000000"

    @classmethod
    def from_environment(cls, account_id: str) -> LocalCredentials:
        """The defaults, or `LOCAL_API_ACCESS_KEY_ID` / `LOCAL_API_SECRET_ACCESS_KEY` when set."""
        return cls(
            access_key=os.environ.get(ACCESS_KEY_VARIABLE) or DEFAULT_ACCESS_KEY,
            secret_key=os.environ.get(SECRET_KEY_VARIABLE) or DEFAULT_SECRET_KEY,
            account_id=account_id,
        )

    @property
    def caller(self) -> Caller:
        return Caller(
            access_key=self.access_key,
            account_id=self.account_id,
            user_id="AIDALOCALDEVELOPER0",
            user_arn=f"arn:aws:iam::{self.account_id}:user/local-developer",
        )


class SignatureError(Exception):
    """A request the API rejects with 403; `response_type` selects the gateway response."""

    def __init__(self, response_type: str, error_type: str, message: str) -> None:
        super().__init__(message)
        self.response_type = response_type
        self.error_type = error_type
        self.message = message


def _invalid(message: str) -> SignatureError:
    return SignatureError("INVALID_SIGNATURE", "InvalidSignatureException", message)


def _incomplete(message: str) -> SignatureError:
    return SignatureError("INVALID_SIGNATURE", "IncompleteSignatureException", message)


class _ReceivedRequestSigner(SigV4Auth):
    """botocore's signer, restricted to the headers the client signed, with their received values."""

    def __init__(self, credentials: Credentials, region: str, signed: list[str], request: HttpRequest) -> None:
        super().__init__(credentials, SERVICE, region)
        self._signed = signed
        self._received = request

    def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
        headers = HTTPHeaders()
        for name in self._signed:
            for value in self._received.header_values(name):
                headers[name] = value
        return headers


def _authorization_fields(header: str) -> dict[str, str]:
    fields = {}
    for part in header.removeprefix(ALGORITHM).split(","):
        key, _, value = part.strip().partition("=")
        if key:
            fields[key] = value
    return fields


def _timestamp(request: HttpRequest) -> str:
    amz_date = request.header("X-Amz-Date")
    if amz_date is not None:
        try:
            datetime.strptime(amz_date, TIMESTAMP_FORMAT)
        except ValueError:
            raise _incomplete(f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'.") from None
        return amz_date
    date = request.header("Date")
    try:
        return parsedate_to_datetime(date or "").astimezone(UTC).strftime(TIMESTAMP_FORMAT)
    except (TypeError, ValueError):
        raise _incomplete(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        ) from None


class SigV4Verifier:
    """Checks that a request was signed for execute-api in `region` with the local credentials."""

    def __init__(
        self,
        credentials: LocalCredentials,
        region: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.credentials = credentials
        self.region = region
        self._clock = clock

    def verify(self, request: HttpRequest) -> Caller:
        """The caller behind a valid signature; raises SignatureError otherwise."""
        header = request.header("Authorization")
        if not header:
            raise SignatureError(
                "MISSING_AUTHENTICATION_TOKEN", "MissingAuthenticationTokenException", "Missing Authentication Token"
            )
        fields = _authorization_fields(header)
        missing = [name for name in ("Credential", "Signature", "SignedHeaders") if name not in fields]
        if not header.startswith(ALGORITHM + " ") or missing:
            problems = " ".join(f"Authorization header requires '{name}' parameter." for name in missing)
            raise _incomplete(f"{problems or 'Unsupported signing algorithm.'} Authorization={header}")
        timestamp = _timestamp(request)
        signed = [name.strip().lower() for name in fields["SignedHeaders"].split(";") if name.strip()]
        self._check_scope(fields["Credential"], timestamp, signed, request)
        self._check_clock(timestamp)
        expected, canonical, string_to_sign = self._signature(request, timestamp, signed)
        if not hmac.compare_digest(expected, fields["Signature"]):
            raise _invalid(
                f"{MISMATCH}\n\nThe Canonical String for this request should have been\n'{canonical}'\n\n"
                f"The String-to-Sign should have been\n'{string_to_sign}'\n"
            )
        return self.credentials.caller

    def _check_scope(self, credential: str, timestamp: str, signed: list[str], request: HttpRequest) -> None:
        access_key, _, scope = credential.partition("/")
        if access_key != self.credentials.access_key:
            raise SignatureError(
                "UNAUTHORIZED", "UnrecognizedClientException", "The security token included in the request is invalid."
            )
        date, region, service, terminator = ([*scope.split("/"), "", "", "", ""])[:4]
        if date != timestamp[:8]:
            raise _invalid(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                f"'{date}' != '{timestamp[:8]}', from '{timestamp}'."
            )
        if region != self.region:
            raise _invalid(f"Credential should be scoped to a valid region. Expected '{self.region}', got '{region}'.")
        if service != SERVICE or terminator != "aws4_request":
            raise _invalid(f"Credential should be scoped to correct service: '{SERVICE}'.")
        if "host" not in signed:
            raise _invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        if request.header("X-Amz-Security-Token") is not None and "x-amz-security-token" not in signed:
            raise _invalid("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.")

    def _check_clock(self, timestamp: str) -> None:
        signed_at = datetime.strptime(timestamp, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
        now = self._clock()
        minutes = int(MAX_SKEW.total_seconds() // 60)
        if signed_at < now - MAX_SKEW:
            raise _invalid(
                f"Signature expired: {timestamp} is now earlier than {(now - MAX_SKEW):{TIMESTAMP_FORMAT}} "
                f"({now:{TIMESTAMP_FORMAT}} - {minutes} min.)"
            )
        if signed_at > now + MAX_SKEW:
            raise _invalid(
                f"Signature not yet current: {timestamp} is still later than {(now + MAX_SKEW):{TIMESTAMP_FORMAT}} "
                f"({now:{TIMESTAMP_FORMAT}} + {minutes} min.)"
            )

    def _signature(self, request: HttpRequest, timestamp: str, signed: list[str]) -> tuple[str, str, str]:
        declared_hash = request.header("X-Amz-Content-SHA256")
        if declared_hash is not None and declared_hash != hashlib.sha256(request.body).hexdigest():
            raise _invalid("The provided 'x-amz-content-sha256' header does not match what was computed.")
        params = [
            (unquote_plus(key), unquote_plus(value))  # '+' is a space, as API Gateway and signers read it
            for key, _, value in (pair.partition("=") for pair in request.raw_query.split("&") if pair)
        ]
        received = AWSRequest(
            method=request.method, url=f"http://localhost{request.raw_path}", data=request.body, params=params
        )
        if declared_hash is not None and "x-amz-content-sha256" in signed:
            received.headers["X-Amz-Content-SHA256"] = declared_hash
        received.context["timestamp"] = timestamp
        credentials = Credentials(self.credentials.access_key, self.credentials.secret_key)
        signer = _ReceivedRequestSigner(credentials, self.region, signed, request)
        canonical = signer.canonical_request(received)
        string_to_sign = signer.string_to_sign(received, canonical)
        return signer.signature(string_to_sign, received), canonical, string_to_sign
