"""SigV4 as strictly as AWS: canonical SignedHeaders naming present headers, host signed, clock skew,
and presigned URLs (the signature in the query string), which API Gateway accepts for AWS_IAM methods."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from local.gateway.http_types import HttpRequest
from local.gateway.sigv4 import LocalCredentials, SignatureError, SigV4Verifier
from tests.unit.local.fixtures.signing import presigned_request, signed_request, with_signed_headers

REGION = "us-east-1"
MISMATCH = "The request signature we calculated does not match the signature you provided."


@pytest.fixture
def verifier(credentials: LocalCredentials) -> SigV4Verifier:
    return SigV4Verifier(credentials, REGION)


def _at(credentials: LocalCredentials, offset: timedelta) -> SigV4Verifier:
    """A verifier whose clock is `offset` ahead of the signer's."""
    return SigV4Verifier(credentials, REGION, clock=lambda: datetime.now(UTC) + offset)


def _rejection(verifier: SigV4Verifier, request: HttpRequest) -> SignatureError:
    with pytest.raises(SignatureError) as raised:
        verifier.verify(request)
    return raised.value


@pytest.fixture
def signed_get(credentials: LocalCredentials) -> HttpRequest:
    """botocore signs host and x-amz-date: SignedHeaders=host;x-amz-date."""
    return signed_request(credentials, REGION, "GET", "/dev/items")


@pytest.mark.parametrize(
    "listed",
    ["x-amz-date;host", "host;x-amz-date;host", "Host;X-Amz-Date", "host;;x-amz-date", "host; x-amz-date"],
    ids=["unsorted", "repeated", "upper-case", "empty-name", "spaces"],
)
def test_non_canonical_signed_headers_list_is_a_signature_mismatch(
    verifier: SigV4Verifier, signed_get: HttpRequest, listed: str
) -> None:
    rejection = _rejection(verifier, with_signed_headers(signed_get, listed))

    assert rejection.message.startswith(MISMATCH)
    assert rejection.error_type == "InvalidSignatureException"


def test_signed_header_missing_from_the_request_is_a_signature_mismatch(
    verifier: SigV4Verifier, signed_get: HttpRequest
) -> None:
    rejection = _rejection(verifier, with_signed_headers(signed_get, "host;x-amz-date;x-missing"))

    assert rejection.message.startswith(MISMATCH)
    assert "The signed header 'x-missing' is not in the request." in rejection.message


def test_host_must_be_signed(verifier: SigV4Verifier, signed_get: HttpRequest) -> None:
    rejection = _rejection(verifier, with_signed_headers(signed_get, "x-amz-date"))

    assert rejection.message == "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."


def test_signature_four_minutes_old_is_accepted(credentials: LocalCredentials, signed_get: HttpRequest) -> None:
    assert _at(credentials, timedelta(minutes=4)).verify(signed_get).access_key == credentials.access_key


def test_presigned_url_is_accepted_as_the_local_user(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    request = presigned_request(credentials, REGION, "/dev/items", query="limit=2&cursor=a%2Bb")

    assert "X-Amz-Signature=" in request.raw_query
    assert verifier.verify(request).access_key == credentials.access_key


def test_presigned_url_with_a_changed_parameter_does_not_match(
    verifier: SigV4Verifier, credentials: LocalCredentials
) -> None:
    request = presigned_request(credentials, REGION, "/dev/items", query="limit=2")

    rejection = _rejection(
        verifier, dataclasses.replace(request, raw_query=request.raw_query.replace("limit=2", "limit=3"))
    )

    assert rejection.message.startswith(MISMATCH)


def test_presigned_url_is_valid_for_its_expiry_beyond_five_minutes(credentials: LocalCredentials) -> None:
    request = presigned_request(credentials, REGION, "/dev/items", expires=3600)

    assert _at(credentials, timedelta(minutes=30)).verify(request).access_key == credentials.access_key


def test_presigned_url_past_its_expiry_has_expired(credentials: LocalCredentials) -> None:
    request = presigned_request(credentials, REGION, "/dev/items", expires=60)

    rejection = _rejection(_at(credentials, timedelta(minutes=2)), request)

    assert rejection.message.startswith("Signature expired: ")


def test_presigned_url_without_expiry_gets_five_minutes(credentials: LocalCredentials) -> None:
    request = presigned_request(credentials, REGION, "/dev/items")
    without_expiry = "&".join(p for p in request.raw_query.split("&") if not p.startswith("X-Amz-Expires="))

    rejection = _rejection(
        _at(credentials, timedelta(minutes=6)), dataclasses.replace(request, raw_query=without_expiry)
    )

    assert rejection.message.startswith("Signature expired: ")


def test_presigned_url_expiring_beyond_a_week_is_incomplete(
    verifier: SigV4Verifier, credentials: LocalCredentials
) -> None:
    request = presigned_request(credentials, REGION, "/dev/items", expires=604801)

    rejection = _rejection(verifier, request)

    assert rejection.error_type == "IncompleteSignatureException"
    assert "X-Amz-Expires" in rejection.message


def test_presigned_url_without_its_signature_is_incomplete(
    verifier: SigV4Verifier, credentials: LocalCredentials
) -> None:
    request = presigned_request(credentials, REGION, "/dev/items")
    unsigned = "&".join(p for p in request.raw_query.split("&") if not p.startswith("X-Amz-Signature="))

    rejection = _rejection(verifier, dataclasses.replace(request, raw_query=unsigned))

    assert rejection.error_type == "IncompleteSignatureException"
    assert rejection.message.startswith("AWS query-string parameters must include 'X-Amz-Algorithm'")


def test_presigned_url_with_a_session_token_is_refused(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    request = presigned_request(credentials, REGION, "/dev/items")

    rejection = _rejection(
        verifier, dataclasses.replace(request, raw_query=request.raw_query + "&X-Amz-Security-Token=t")
    )

    assert rejection.message == "The security token included in the request is invalid."
