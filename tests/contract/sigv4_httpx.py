"""SigV4 for httpx (which generated clients use), signed by botocore as any AWS SDK signs."""

from __future__ import annotations

from collections.abc import Generator

import httpx
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SERVICE = "execute-api"
# Headers that proxies and CloudFront may change on the way: signing them would make the signature fragile.
UNSIGNED = frozenset({"connection", "accept-encoding", "user-agent", "content-length"})


class SigV4(httpx.Auth):
    """Signs each request as it will be sent: method, path, query string, the headers that reach API Gateway, body."""

    requires_request_body = True

    def __init__(self, access_key: str, secret_key: str, region: str) -> None:
        self._signer = SigV4Auth(Credentials(access_key, secret_key), SERVICE, region)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        headers = {name: value for name, value in request.headers.items() if name.lower() not in UNSIGNED}
        signed = AWSRequest(method=request.method, url=str(request.url), data=request.content, headers=headers)
        self._signer.add_auth(signed)
        request.headers.update(dict(signed.headers.items()))
        yield request
