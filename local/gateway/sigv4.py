"""Verify AWS Signature Version 4 on incoming requests, as API Gateway does for AWS_IAM methods.

The canonical request, string to sign and signature are computed by botocore's own SigV4Auth from the
request as received (only the headers the client listed in SignedHeaders), with the local credentials;
the result is compared in constant time. Beyond the arithmetic, AWS's rules:

- SignedHeaders must be canonical (lower-case, sorted, no repeats; AWS canonicalizes the list before it
  computes, so a client that signed another order gets a signature mismatch), must include `host`, and
  every header it names must be in the request.
- The local credentials are long-term (an IAM user's access key, no session): as AWS does for such a
  key, a request that carries a session token (`X-Amz-Security-Token`) is refused as an invalid token.
- The signing time may be 5 minutes off either way, as API Gateway's own "Signature expired: ... (... - 5
  min.)" answers state; a presigned URL that sets X-Amz-Expires is valid that long from its X-Amz-Date.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

from local.gateway.events import Caller
from local.gateway.http_types import HttpRequest
from local.gateway.sigv4_claim import (
    SIGNATURE_PARAMETER,
    TIMESTAMP_FORMAT,
    SignatureError,
    SignedClaim,
    invalid,
    query_parameters,
    read_claim,
)

SERVICE = "execute-api"
MAX_SKEW = timedelta(minutes=5)
DEFAULT_ACCESS_KEY = "AKIALOCALDEVELOPER00"
DEFAULT_SECRET_KEY = "local/items-api/not-a-secret/0000000000"  # noqa: S105 - documented local credential
ACCESS_KEY_VARIABLE = "LOCAL_API_ACCESS_KEY_ID"
SECRET_KEY_VARIABLE = "LOCAL_API_SECRET_ACCESS_KEY"  # noqa: S105 - a variable name
MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
    "Access Key and signing method. Consult the service documentation for details."
)
INVALID_TOKEN = SignatureError(
    "UNAUTHORIZED", "UnrecognizedClientException", "The security token included in the request is invalid."
)

__all__ = ["LocalCredentials", "SigV4Verifier", "SignatureError"]


@dataclass(frozen=True)
class LocalCredentials:
    """The one long-term key pair the local API accepts, and the IAM user it stands for."""

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


def _signed_at(timestamp: str) -> datetime:
    return datetime.strptime(timestamp, TIMESTAMP_FORMAT).replace(tzinfo=UTC)


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
        claim = read_claim(request)
        self._check_scope(claim)
        if claim.security_token is not None:
            raise INVALID_TOKEN
        listed = claim.signed_headers.split(";")
        if "host" not in (name.strip().lower() for name in listed):
            raise invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        self._check_clock(claim)
        signed = sorted({name.strip().lower() for name in listed if name.strip()})
        expected, canonical, string_to_sign = self._signature(request, claim, signed)
        absent = [name for name in signed if not request.header_values(name)]
        if listed != signed or absent or not hmac.compare_digest(expected, claim.signature):
            details = "".join(f"\n\nThe signed header '{name}' is not in the request." for name in absent)
            raise invalid(
                f"{MISMATCH}{details}\n\nThe Canonical String for this request should have been\n'{canonical}'\n\n"
                f"The String-to-Sign should have been\n'{string_to_sign}'\n"
            )
        return self.credentials.caller

    def _check_scope(self, claim: SignedClaim) -> None:
        access_key, _, scope = claim.credential.partition("/")
        if access_key != self.credentials.access_key:
            raise INVALID_TOKEN
        date, region, service, terminator = ([*scope.split("/"), "", "", "", ""])[:4]
        if date != claim.timestamp[:8]:
            raise invalid(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                f"'{date}' != '{claim.timestamp[:8]}', from '{claim.timestamp}'."
            )
        if region != self.region:
            raise invalid(f"Credential should be scoped to a valid region. Expected '{self.region}', got '{region}'.")
        if service != SERVICE or terminator != "aws4_request":
            raise invalid(f"Credential should be scoped to correct service: '{SERVICE}'.")

    def _check_clock(self, claim: SignedClaim) -> None:
        signed_at, now = _signed_at(claim.timestamp), self._clock()
        minutes = int(MAX_SKEW.total_seconds() // 60)
        if signed_at > now + MAX_SKEW:
            raise invalid(
                f"Signature not yet current: {claim.timestamp} is still later than "
                f"{(now + MAX_SKEW):{TIMESTAMP_FORMAT}} ({now:{TIMESTAMP_FORMAT}} + {minutes} min.)"
            )
        if claim.expires is not None and signed_at < now - timedelta(seconds=claim.expires):
            raise invalid(
                f"Signature expired: {claim.timestamp} is now earlier than "
                f"{(now - timedelta(seconds=claim.expires)):{TIMESTAMP_FORMAT}} "
                f"({now:{TIMESTAMP_FORMAT}} - {claim.expires} sec., the URL's X-Amz-Expires)"
            )
        if claim.expires is None and signed_at < now - MAX_SKEW:
            raise invalid(
                f"Signature expired: {claim.timestamp} is now earlier than {(now - MAX_SKEW):{TIMESTAMP_FORMAT}} "
                f"({now:{TIMESTAMP_FORMAT}} - {minutes} min.)"
            )

    def _signature(self, request: HttpRequest, claim: SignedClaim, signed: list[str]) -> tuple[str, str, str]:
        declared_hash = request.header("X-Amz-Content-SHA256")
        if declared_hash is not None and declared_hash != hashlib.sha256(request.body).hexdigest():
            raise invalid("The provided 'x-amz-content-sha256' header does not match what was computed.")
        params = query_parameters(request.raw_query)
        if claim.in_query:  # the canonical query string of a presigned URL is everything but its signature
            params = [(key, value) for key, value in params if key != SIGNATURE_PARAMETER]
        received = AWSRequest(
            method=request.method, url=f"http://localhost{request.raw_path}", data=request.body, params=params
        )
        if declared_hash is not None and "x-amz-content-sha256" in signed:
            received.headers["X-Amz-Content-SHA256"] = declared_hash
        received.context["timestamp"] = claim.timestamp
        credentials = Credentials(self.credentials.access_key, self.credentials.secret_key)
        signer = _ReceivedRequestSigner(credentials, self.region, signed, request)
        canonical = signer.canonical_request(received)
        string_to_sign = signer.string_to_sign(received, canonical)
        return signer.signature(string_to_sign, received), canonical, string_to_sign
