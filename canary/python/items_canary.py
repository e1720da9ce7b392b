"""The Items API's synthetic check, run by CloudWatch Synthetics on a schedule: a SigV4-signed read of one page and,
where the environment allows it, a create, read and delete of one marked item. Any failed step fails the run.

It uses only the standard library, botocore and urllib3 (all in the Synthetics Python runtime), so the same code
runs here against the local stack (`python canary/python/items_canary.py <base URL>` with credentials it accepts).
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import botocore.session
import urllib3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials

API_URL_VARIABLE = "API_URL"
WRITES_VARIABLE = "SYNTHETIC_WRITES"
REGION_VARIABLE = "AWS_REGION"
SIGNING_SERVICE = "execute-api"
MARKER = "syntheticCheck"  # the attribute every item the check creates carries: its run's id
NAME_PREFIX = "synthetic-check-"
TIMEOUT_SECONDS = 10.0


class CanaryCheckError(Exception):
    """One or more steps of the check answered what the API's contract does not allow."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # the JSON body, or None


@dataclass(frozen=True)
class Step:
    """One request of the check and its verdict."""

    name: str
    status: int | None
    millis: float
    problem: str | None = None

    def line(self) -> str:
        verdict = "ok" if self.problem is None else f"FAILED: {self.problem}"
        return f"{self.name}: {self.status or 'no answer'} in {self.millis:.0f} ms, {verdict}"


@dataclass(frozen=True)
class Settings:
    """Where the check goes and what it may do, from the canary's environment variables."""

    api_url: str
    region: str
    writes: bool

    @classmethod
    def from_environment(cls, environment: Mapping[str, str]) -> Settings:
        missing = [name for name in (API_URL_VARIABLE, REGION_VARIABLE) if not environment.get(name)]
        if missing:
            raise CanaryCheckError(f"the canary's environment lacks {', '.join(missing)}")
        writes = environment.get(WRITES_VARIABLE, "false").lower()
        if writes not in ("true", "false"):
            raise CanaryCheckError(f"{WRITES_VARIABLE} must be true or false, not {writes!r}")
        return cls(environment[API_URL_VARIABLE].rstrip("/"), environment[REGION_VARIABLE], writes == "true")


class SignedClient:
    """Sends SigV4-signed JSON requests to one stage of the API."""

    def __init__(self, base_url: str, region: str, credentials: ReadOnlyCredentials) -> None:
        self._base_url = base_url.rstrip("/")
        self._signer = SigV4Auth(credentials, SIGNING_SERVICE, region)
        self._http = urllib3.PoolManager(timeout=urllib3.Timeout(total=TIMEOUT_SECONDS), retries=False)

    def send(self, method: str, path: str, body: Any = None, headers: Mapping[str, str] | None = None) -> Answer:
        data = None if body is None else json.dumps(body).encode()
        url = f"{self._base_url}{path}"
        request = AWSRequest(method=method, url=url, data=data, headers=dict(headers or {}))
        if data is not None:
            request.headers["Content-Type"] = "application/json"
        self._signer.add_auth(request)
        response = self._http.request(method, url, body=data, headers=dict(request.headers.items()))
        try:
            parsed = json.loads(response.data) if response.data else None
        except ValueError:
            parsed = None
        return Answer(response.status, parsed)


def _step(name: str, call: Callable[[], Answer], judge: Callable[[Answer], str | None]) -> tuple[Step, Answer | None]:
    started = time.monotonic()
    try:
        answer = call()
    except urllib3.exceptions.HTTPError as error:
        return Step(name, None, (time.monotonic() - started) * 1000, f"{type(error).__name__}: {error}"), None
    return Step(name, answer.status, (time.monotonic() - started) * 1000, judge(answer)), answer


def _expect(status: int, shape: Callable[[Any], str | None]) -> Callable[[Answer], str | None]:
    def judge(answer: Answer) -> str | None:
        if answer.status != status:
            return f"expected {status}, got {answer.status} {json.dumps(answer.body)[:200]}"
        return shape(answer.body)

    return judge


def _page(body: Any) -> str | None:
    if not isinstance(body, dict) or not isinstance(body.get("items"), list) or "nextCursor" not in body:
        return f"not a page of items: {json.dumps(body)[:200]}"
    return None if len(body["items"]) <= 1 else f"limit=1 returned {len(body['items'])} items"


def _item(name: str, version: int) -> Callable[[Any], str | None]:
    def shape(body: Any) -> str | None:
        if not isinstance(body, dict) or body.get("name") != name or body.get("version") != version:
            return f"expected item {name!r} version {version}, got {json.dumps(body)[:200]}"
        return None

    return shape


def _nothing(body: Any) -> str | None:
    del body
    return None


def run_checks(client: SignedClient, *, writes: bool) -> list[Step]:
    """List one page; with `writes`, create a marked item, read it back and delete it (deleted even when a step
    between fails)."""
    steps = [_step("list", lambda: client.send("GET", "/items?limit=1"), _expect(200, _page))[0]]
    if not writes:
        return steps
    run = uuid.uuid4().hex[:12]
    name = f"{NAME_PREFIX}{run}"
    created, answer = _step(
        "create", lambda: client.send("POST", "/items", {"name": name, MARKER: run}), _expect(201, _item(name, 1))
    )
    steps.append(created)
    item_id = answer.body.get("itemId") if answer is not None and isinstance(answer.body, dict) else None
    if answer is None or answer.status != 201 or not isinstance(item_id, str):
        return steps
    path = f"/items/{item_id}"
    steps.append(_step("read", lambda: client.send("GET", path), _expect(200, _item(name, 1)))[0])
    delete = _step("delete", lambda: client.send("DELETE", path, headers={"If-Match": '"1"'}), _expect(204, _nothing))
    steps.append(delete[0])
    return steps


def verdict(steps: list[Step]) -> str:
    """The run's summary; raises CanaryCheckError naming every failed step."""
    failed = [step for step in steps if step.problem is not None]
    if failed:
        raise CanaryCheckError("; ".join(step.line() for step in failed))
    return f"{len(steps)} steps passed: {', '.join(step.name for step in steps)}"


def check(settings: Settings, credentials: ReadOnlyCredentials) -> str:
    steps = run_checks(SignedClient(settings.api_url, settings.region, credentials), writes=settings.writes)
    for step in steps:
        print(step.line(), flush=True)  # the canary's log, in CloudWatch Logs
    return verdict(steps)


def handler(event: Any, context: Any) -> str:
    """The Synthetics entry point (`items_canary.handler`): signed with the canary role's credentials."""
    del event, context
    credentials = botocore.session.get_session().get_credentials()
    if credentials is None:
        raise CanaryCheckError("no AWS credentials in the canary's environment")
    return check(Settings.from_environment(os.environ), credentials.get_frozen_credentials())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: items_canary.py <stage base URL>   (credentials and AWS_REGION from the environment)")
    os.environ[API_URL_VARIABLE] = sys.argv[1]
    os.environ.setdefault(WRITES_VARIABLE, "true")
    print(handler(None, None))
