"""Every route of a new function version, exercised before it gets traffic: create, get, update with If-Match,
list, delete, and a read of the deleted item. The item it creates is marked and removed again.

`invoke` sends an API Gateway event to the version under test and returns the proxy response; the hook passes
one that calls Lambda, the local stack one that runs the function in its workers, so the same checks run here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from release_hooks.events import ITEM_RESOURCE, ITEMS_RESOURCE, rest_event

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
CHECK_ATTRIBUTE = "releaseCheck"


@dataclass
class RouteCheck:
    """What the check did: each step's answer, and what was wrong with it."""

    steps: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def _header(response: dict[str, Any], name: str) -> str | None:
    """A response header, from `headers` or `multiValueHeaders` (a proxy response may use either)."""
    headers: dict[str, str] = response.get("headers") or {}
    multi_value_headers: dict[str, list[str]] = response.get("multiValueHeaders") or {}
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    for key, values in multi_value_headers.items():
        if key.lower() == name.lower() and values:
            return values[0]
    return None


def _body(response: dict[str, Any]) -> Any:
    try:
        return json.loads(response.get("body") or "null")
    except (TypeError, ValueError):
        return None


class _Checker:
    def __init__(self, invoke: Invoke, stage: str, report: RouteCheck) -> None:
        self.invoke, self.stage, self.report = invoke, stage, report

    def call(self, step: str, expected: int, method: str, resource: str, **request: Any) -> dict[str, Any] | None:
        try:
            response = self.invoke(rest_event(method, resource, stage=self.stage, **request))
        except Exception as error:  # an invocation failure is the check's finding, never a crash
            self.report.problems.append(f"{step}: the invocation failed ({type(error).__name__})")
            return None
        status = response.get("statusCode")
        self.report.steps.append(f"{step}: {status}")
        if status != expected:
            self.report.problems.append(f"{step}: expected {expected}, got {status}: {str(response.get('body'))[:200]}")
            return None
        return response

    def expect(self, step: str, condition: bool, problem: str) -> None:
        if not condition:
            self.report.problems.append(f"{step}: {problem}")


def check_routes(invoke: Invoke, stage: str) -> RouteCheck:
    """Run every route once against `invoke`; stops at the first failed step (later steps depend on it)."""
    report = RouteCheck()
    checker = _Checker(invoke, stage, report)
    name = f"release-check-{uuid.uuid4().hex[:12]}"
    created = checker.call("create", 201, "POST", ITEMS_RESOURCE, body={"name": name, CHECK_ATTRIBUTE: True})
    if created is None:
        return report
    item = _body(created) or {}
    item_id, etag = item.get("itemId"), _header(created, "ETag")
    checker.expect("create", bool(item_id) and bool(etag), "no itemId or no ETag")
    checker.expect("create", (_header(created, "Location") or "").endswith(f"/items/{item_id}"), "Location")
    if not item_id or not etag:
        return report
    read = checker.call("get", 200, "GET", ITEM_RESOURCE, item_id=item_id)
    if read is not None:
        checker.expect("get", (_body(read) or {}).get("name") == name, "the item read back is not the one created")
    updated = checker.call("update with If-Match", 200, "PUT", ITEM_RESOURCE, item_id=item_id,
                           headers={"If-Match": etag}, body={"price": 1})  # fmt: skip
    new_etag = _header(updated, "ETag") if updated is not None else None
    checker.expect("update with If-Match", new_etag not in (None, etag), "the ETag did not change")
    listed = checker.call("list", 200, "GET", ITEMS_RESOURCE, query={"limit": "1"})
    if listed is not None:
        checker.expect("list", isinstance((_body(listed) or {}).get("items"), list), "no items list")
    checker.call("delete with If-Match", 204, "DELETE", ITEM_RESOURCE, item_id=item_id,
                 headers={"If-Match": new_etag or etag})  # fmt: skip
    checker.call("get after delete", 404, "GET", ITEM_RESOURCE, item_id=item_id)
    return report
