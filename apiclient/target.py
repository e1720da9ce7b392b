"""Where the suite sends its requests and how it signs them, read from the environment.

`API_URL` names a deployed stage; credentials come from an assumed role (`API_ROLE_ARN`) or the
default boto3 chain. Without `API_URL` the suite runs against the local stack (see conftest).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import boto3
from botocore.credentials import Credentials as BotocoreCredentials
from botocore.credentials import RefreshableCredentials
from requests_aws4auth import AWS4Auth

SIGNING_SERVICE = "execute-api"
ROLE_SESSION_NAME = "items-api-tests"
EXECUTE_API_HOST = re.compile(r"^[a-z0-9]+\.execute-api\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?$")


class TargetConfigError(RuntimeError):
    """The environment does not say enough to reach the API; the message names what is missing."""


@dataclass(frozen=True)
class Credentials:
    """A frozen set of AWS credentials (the session token only for temporary ones)."""

    access_key: str
    secret_key: str
    session_token: str | None = None


@dataclass(frozen=True)
class ApiTarget:
    """A running Items API: its stage base URL and how to sign requests for it."""

    base_url: str
    region: str
    auth: AWS4Auth

    def credentials(self) -> Credentials:
        """The credentials the signer uses right now (refreshed first when they are temporary)."""
        if self.auth.refreshable_credentials is not None:
            frozen = self.auth.refreshable_credentials.get_frozen_credentials()
            return Credentials(frozen.access_key, frozen.secret_key, frozen.token)
        return Credentials(self.auth.access_id, self.auth.signing_key.secret_key, self.auth.session_token)


def static_auth(credentials: Credentials, region: str) -> AWS4Auth:
    """A SigV4 signer for execute-api with fixed credentials."""
    return AWS4Auth(
        credentials.access_key,
        credentials.secret_key,
        region,
        SIGNING_SERVICE,
        session_token=credentials.session_token,
    )


def region_for(url: str) -> str:
    """The region the API runs in, which SigV4 signs for: the one in an execute-api host name, else API_REGION,
    else AWS_REGION or AWS_DEFAULT_REGION (a custom domain).

    The host name comes first: the caller's own region (CodeBuild sets AWS_REGION to the pipeline's) is not the
    API's when a wave deploys to another region, and API Gateway refuses a signature scoped to the wrong region
    ("Credential should be scoped to a valid region")."""
    host = re.sub(r"^https?://", "", url).split("/", 1)[0].split(":", 1)[0]
    match = EXECUTE_API_HOST.match(host)
    if match is not None:
        return match.group("region")
    region = os.environ.get("API_REGION") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        return region
    raise TargetConfigError(f"cannot tell the region of {url!r}: set API_REGION for a custom domain")


def _assumed_role_credentials(session: boto3.Session, role_arn: str) -> RefreshableCredentials:
    """Temporary credentials of `role_arn` that botocore renews before they expire."""
    sts = session.client("sts")

    def refresh() -> dict[str, str]:
        issued = sts.assume_role(RoleArn=role_arn, RoleSessionName=ROLE_SESSION_NAME)["Credentials"]
        return {
            "access_key": issued["AccessKeyId"],
            "secret_key": issued["SecretAccessKey"],
            "token": issued["SessionToken"],
            "expiry_time": issued["Expiration"].isoformat(),
        }

    return RefreshableCredentials.create_from_metadata(
        metadata=refresh(), refresh_using=refresh, method="sts-assume-role"
    )


def deployed_target(url: str) -> ApiTarget:
    """The deployed stage at `url`, signed with the assumed role or the default credential chain."""
    region = region_for(url)
    session = boto3.Session(region_name=region)
    role_arn = os.environ.get("API_ROLE_ARN")
    credentials: BotocoreCredentials | None
    if role_arn:
        credentials = _assumed_role_credentials(session, role_arn)
    else:
        credentials = session.get_credentials()
        if credentials is None:
            raise TargetConfigError(
                "API_URL is set but no AWS credentials were found: set API_ROLE_ARN, or AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)"
            )
    auth = AWS4Auth(refreshable_credentials=credentials, region=region, service=SIGNING_SERVICE)
    return ApiTarget(base_url=url.rstrip("/"), region=region, auth=auth)
