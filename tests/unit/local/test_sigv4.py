"""SigV4 verification: what botocore and requests-aws4auth sign is accepted; anything else gets API Gateway's 403."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
import requests
from requests_aws4auth import AWS4Auth

from local.gateway.http_types import HttpRequest
from local.gateway.sigv4 import LocalCredentials, SignatureError, SigV4Verifier
from tests.unit.local.fixtures.signing import HOST, signed_request, unsigned_request

REGION = "us-east-1"


@pytest.fixture
def verifier(credentials: LocalCredentials) -> SigV4Verifier:
    return SigV4Verifier(credentials, REGION)


def _rejection(verifier: SigV4Verifier, request: HttpRequest) -> SignatureError:
    with pytest.raises(SignatureError) as raised:
        verifier.verify(request)
    return raised.value


def test_botocore_signature_is_accepted_as_the_local_user(
    verifier: SigV4Verifier, credentials: LocalCredentials
) -> None:
    request = signed_request(credentials, REGION, "POST", "/dev/items", body=b'{"name":"first"}')

    caller = verifier.verify(request)

    assert caller.access_key == credentials.access_key
    assert caller.user_arn == "arn:aws:iam::222222222222:user/local-developer"


def test_query_string_with_reserved_characters_is_canonicalized(
    verifier: SigV4Verifier, credentials: LocalCredentials
) -> None:
    request = signed_request(credentials, REGION, "GET", "/dev/items", query="limit=2&cursor=a%2Bb%2F%3D&cursor=0")

    assert verifier.verify(request).access_key == credentials.access_key


def test_requests_aws4auth_signature_is_accepted(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    auth = AWS4Auth(credentials.access_key, credentials.secret_key, REGION, "execute-api")
    prepared = requests.Request(
        "PUT", f"http://{HOST}/dev/items/a1", params={"cursor": "x+y/z="}, data=b'{"a":1}', auth=auth
    ).prepare()
    path, _, query = prepared.path_url.partition("?")
    headers = (("Host", HOST), *prepared.headers.items())
    request = HttpRequest(method="PUT", raw_path=path, raw_query=query, headers=headers, body=prepared.body)

    assert verifier.verify(request).access_key == credentials.access_key


def test_plus_in_a_query_string_is_read_as_a_space_as_signers_do(
    verifier: SigV4Verifier, credentials: LocalCredentials
) -> None:
    auth = AWS4Auth(credentials.access_key, credentials.secret_key, REGION, "execute-api")
    prepared = requests.Request("GET", f"http://{HOST}/dev/items?cursor=a+b", auth=auth).prepare()
    path, _, query = prepared.path_url.partition("?")
    headers = (("Host", HOST), *prepared.headers.items())
    request = HttpRequest(method="GET", raw_path=path, raw_query=query, headers=headers, body=b"")

    assert query == "cursor=a+b"
    assert verifier.verify(request).access_key == credentials.access_key


def test_session_token_is_refused_as_the_local_key_is_long_term(
    verifier: SigV4Verifier, credentials: LocalCredentials
) -> None:
    request = signed_request(credentials, REGION, "GET", "/dev/items", session_token="token")

    rejection = _rejection(verifier, request)

    assert (rejection.error_type, rejection.message) == (
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    )


def test_unsigned_request_is_missing_its_token(verifier: SigV4Verifier) -> None:
    rejection = _rejection(verifier, unsigned_request("GET", "/dev/items"))

    assert (rejection.response_type, rejection.message) == (
        "MISSING_AUTHENTICATION_TOKEN",
        "Missing Authentication Token",
    )


def test_tampered_body_does_not_match(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    request = signed_request(credentials, REGION, "POST", "/dev/items", body=b'{"name":"first"}')

    rejection = _rejection(verifier, dataclasses.replace(request, body=b'{"name":"other"}'))

    assert rejection.message.startswith(
        "The request signature we calculated does not match the signature you provided."
    )
    assert rejection.error_type == "InvalidSignatureException"


def test_tampered_path_does_not_match(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    request = signed_request(credentials, REGION, "DELETE", "/dev/items/1")

    rejection = _rejection(verifier, dataclasses.replace(request, raw_path="/dev/items/2"))

    assert "does not match the signature you provided" in rejection.message


def test_wrong_secret_key_does_not_match(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    forged = dataclasses.replace(credentials, secret_key=credentials.secret_key + "x")

    rejection = _rejection(verifier, signed_request(forged, REGION, "GET", "/dev/items"))

    assert "does not match the signature you provided" in rejection.message


def test_unknown_access_key_is_an_invalid_token(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    stranger = dataclasses.replace(credentials, access_key="AKIAOTHERKEY00000000")

    rejection = _rejection(verifier, signed_request(stranger, REGION, "GET", "/dev/items"))

    assert rejection.message == "The security token included in the request is invalid."


def test_other_region_is_out_of_scope(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    rejection = _rejection(verifier, signed_request(credentials, "eu-west-1", "GET", "/dev/items"))

    assert rejection.message.startswith("Credential should be scoped to a valid region.")


def test_signature_older_than_five_minutes_has_expired(credentials: LocalCredentials) -> None:
    late = SigV4Verifier(credentials, REGION, clock=lambda: datetime.now(UTC) + timedelta(minutes=6))

    rejection = _rejection(late, signed_request(credentials, REGION, "GET", "/dev/items"))

    assert rejection.message.startswith("Signature expired: ")


def test_signature_from_the_future_is_not_yet_current(credentials: LocalCredentials) -> None:
    early = SigV4Verifier(credentials, REGION, clock=lambda: datetime.now(UTC) - timedelta(minutes=6))

    rejection = _rejection(early, signed_request(credentials, REGION, "GET", "/dev/items"))

    assert rejection.message.startswith("Signature not yet current: ")


def test_unsigned_security_token_is_refused(verifier: SigV4Verifier, credentials: LocalCredentials) -> None:
    request = signed_request(credentials, REGION, "GET", "/dev/items")

    rejection = _rejection(
        verifier, dataclasses.replace(request, headers=(*request.headers, ("X-Amz-Security-Token", "t")))
    )

    assert rejection.message == "The security token included in the request is invalid."


def test_authorization_without_signature_is_incomplete(verifier: SigV4Verifier) -> None:
    header = "AWS4-HMAC-SHA256 Credential=AKIALOCALDEVELOPER00/20260101/us-east-1/execute-api/aws4_request"
    request = unsigned_request("GET", "/dev/items", headers=(("Authorization", header),))

    rejection = _rejection(verifier, request)

    assert rejection.error_type == "IncompleteSignatureException"
    assert "Authorization header requires 'Signature' parameter." in rejection.message


def test_local_credentials_are_overridable_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCAL_API_ACCESS_KEY_ID", raising=False)
    monkeypatch.setenv("LOCAL_API_SECRET_ACCESS_KEY", "my-own-secret")

    local = LocalCredentials.from_environment("123456789012")

    assert (local.access_key, local.secret_key) == ("AKIALOCALDEVELOPER00", "my-own-secret")
