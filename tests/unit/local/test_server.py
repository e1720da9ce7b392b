"""The local API over real HTTP: signed clients, header fidelity, request bodies, and the data path to dynalite."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from requests_aws4auth import AWS4Auth

from local.gateway.gateway import MAX_PAYLOAD_BYTES
from local.service import LocalService


@pytest.fixture(scope="module")
def auth(running_stack: LocalService) -> AWS4Auth:
    assert running_stack.credentials is not None
    credentials = running_stack.credentials
    return AWS4Auth(credentials.access_key, credentials.secret_key, running_stack.region, "execute-api")


def _connection(stack: LocalService) -> http.client.HTTPConnection:
    address = urlsplit(stack.base_url)
    return http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)


def _raw_request(stack: LocalService, method: str, path: str, headers: list[tuple[str, str]], body: Any = None) -> Any:
    connection = _connection(stack)
    connection.putrequest(method, f"/{stack.stage}{path}", skip_accept_encoding=True)
    for name, value in headers:
        connection.putheader(name, value)
    chunked = body is not None and not isinstance(body, bytes)
    if chunked:
        connection.putheader("Transfer-Encoding", "chunked")
    elif body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body, encode_chunked=chunked)
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def test_item_written_through_the_api_is_read_back_from_dynalite(running_stack: LocalService, auth: AWS4Auth) -> None:
    item = {"itemId": str(uuid.uuid4()), "name": "first"}

    created = requests.post(f"{running_stack.base_url}/items", json=item, auth=auth, timeout=30)
    read = requests.get(f"{running_stack.base_url}/items/{item['itemId']}", auth=auth, timeout=30)

    assert (created.status_code, read.status_code) == (201, 200)
    assert read.json() == item


def test_response_request_id_is_the_one_the_handler_saw(running_stack: LocalService, auth: AWS4Auth) -> None:
    response = requests.get(f"{running_stack.base_url}/items", auth=auth, timeout=30)

    assert response.json()["event"]["requestContext"]["requestId"] == response.headers["x-amzn-RequestId"]


def test_unsigned_http_request_is_refused(running_stack: LocalService) -> None:
    response = requests.get(f"{running_stack.base_url}/items", timeout=30)

    assert (response.status_code, response.json()) == (403, {"message": "Missing Authentication Token"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_header_case_and_repeats_reach_the_event(running_stack: LocalService) -> None:
    headers = [("x-lower", "a"), ("X-Repeated", "1"), ("X-Repeated", "2")]

    status, body = _raw_request(running_stack, "GET", "/public/headers", headers)

    event = body["event"]
    assert status == 200
    assert event["headers"]["x-lower"] == "a"
    assert event["multiValueHeaders"]["X-Repeated"] == ["1", "2"]


def test_chunked_request_body_is_assembled(running_stack: LocalService) -> None:
    status, body = _raw_request(running_stack, "POST", "/public/chunked", [], body=iter([b'{"a":', b"1}"]))

    assert (status, body["event"]["body"]) == (200, '{"a":1}')


def test_body_over_the_payload_limit_is_refused_with_413(running_stack: LocalService) -> None:
    response = requests.post(f"{running_stack.base_url}/public/big", data=b"x" * (MAX_PAYLOAD_BYTES + 1), timeout=60)

    assert (response.status_code, response.json()) == (413, {"message": "Request Too Long"})


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_aws_sigv4_request_is_accepted(running_stack: LocalService) -> None:
    assert running_stack.credentials is not None
    credentials = running_stack.credentials
    command = [
        "curl", "--silent", "--show-error", "--aws-sigv4", f"aws:amz:{running_stack.region}:execute-api",
        "--user", f"{credentials.access_key}:{credentials.secret_key}", "-H", "Content-Type: application/json",
        "-d", json.dumps({"itemId": "curl-item", "name": "first"}), f"{running_stack.base_url}/items",
    ]  # fmt: skip

    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)

    if "aws-sigv4" in result.stderr:
        pytest.skip(f"this curl has no --aws-sigv4: {result.stderr.strip()}")
    assert json.loads(result.stdout) == {"itemId": "curl-item", "name": "first"}


def test_presigned_url_is_accepted_over_http(running_stack: LocalService) -> None:
    assert running_stack.credentials is not None
    credentials = running_stack.credentials
    url = f"{running_stack.base_url}/items?limit=1"
    presign = SigV4QueryAuth(Credentials(credentials.access_key, credentials.secret_key), "execute-api",
                             running_stack.region, expires=60)  # fmt: skip
    request = AWSRequest(method="GET", url=url)
    presign.add_auth(request)

    response = requests.get(request.url, timeout=30)

    assert "X-Amz-Signature=" in request.url
    assert response.status_code == 200, response.text
