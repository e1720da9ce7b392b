"""The fuzz harness's hostile rounds: raw hostile bodies, items grown by successive PUTs, stale If-Match.

Every request goes through the Fuzzer, so each answer must conform to the OpenAPI document and none may be a
5xx. The scenarios also check what conformance cannot see: no item ever holds more than 50 attributes, a
stale If-Match is a 412 carrying the current ETag, and a retry with that ETag succeeds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from hypothesis import strategies as st

from reliability import hostile

if TYPE_CHECKING:
    from schemathesis import APIOperation, Response

    from reliability.fuzz import Fuzzer

JSON = "application/json"
MAX_ATTRIBUTES = 50
SERVER_FIELDS = frozenset({"itemId", "createdAt", "updatedAt", "version"})
# Each step of a growth scenario: how many new attributes one PUT adds, and how long a text it sets.
GROWTH = st.lists(
    st.tuples(st.integers(min_value=1, max_value=20), st.sampled_from([0, 0, 30_000, 60_000])), min_size=3, max_size=10
)
STALE = st.tuples(st.integers(min_value=1, max_value=3), st.sampled_from(["PUT", "DELETE"]), st.booleans())


def _raw(body: dict[str, Any]) -> bytes:
    return hostile.to_json(body).encode("utf-8")


class HostileRounds:
    """Hostile cases for the create, update, delete and get operations of the document, sent by `fuzzer`."""

    def __init__(self, fuzzer: Fuzzer, operations: dict[str, APIOperation[Any, Any, Any, Any]]) -> None:
        self.fuzzer = fuzzer
        self.create = operations["POST /items"]
        self.update = operations["PUT /items/{id}"]
        self.delete = operations["DELETE /items/{id}"]
        self.read = operations["GET /items/{id}"]

    def run(self, seed: int) -> None:
        bodies = hostile.bodies().map(lambda body: self.create.Case(body=body, media_type=JSON))
        self.fuzzer.fuzz(f"{self.create.label} [hostile bodies]", bodies, seed)
        item_id = self.fuzzer.seed_items()[0]
        changes = hostile.bodies(named=False).map(
            lambda body: self.update.Case(path_parameters={"id": item_id}, body=body, media_type=JSON)
        )
        self.fuzzer.fuzz(f"{self.update.label} [hostile bodies, real item]", changes, seed)
        self.fuzzer.fuzz(f"{self.update.label} [growth by successive PUTs]", GROWTH, seed, act=self.grow)
        self.fuzzer.fuzz(f"{self.update.label} [stale If-Match]", STALE, seed, act=self.stale)

    def _new_item(self, label: str) -> str | None:
        """Create an item for a scenario; its Location must resolve to the item under the stage."""
        response = self.fuzzer.send(label, self.create.Case(body=_raw({"name": "fuzz-scenario"}), media_type=JSON))
        if response is None or response.status_code != 201:
            return None
        item_id = response.json()["itemId"]
        location = next(iter(response.headers.get("location", [])), "")
        resolved = urljoin(response.request.url or "", location)
        message = f"Location {location} resolves to {resolved}"
        self.fuzzer.expect(label, resolved == f"{self.fuzzer.base_url}/items/{item_id}", "Location", response, message)
        return item_id

    def _put(self, label: str, item_id: str, body: dict[str, Any], if_match: str | None = None) -> Response | None:
        headers = {"If-Match": if_match} if if_match else None
        case = self.update.Case(path_parameters={"id": item_id}, headers=headers, body=_raw(body), media_type=JSON)
        return self.fuzzer.send(label, case)

    def grow(self, steps: list[tuple[int, int]]) -> None:
        """PUT new attributes (and long texts) step by step: no answer and no stored item may exceed 50."""
        label = f"{self.update.label} [growth by successive PUTs]"
        item_id = self._new_item(label)
        if item_id is None:
            return
        for step, (added, text_length) in enumerate(steps):
            body: dict[str, Any] = {f"g{step}_{index}": index for index in range(added)}
            if text_length:
                body[f"text{step}"] = "x" * text_length
            self._check_attribute_count(label, self._put(label, item_id, body))
        self._check_attribute_count(label, self.fuzzer.send(label, self.read.Case(path_parameters={"id": item_id})))

    def _check_attribute_count(self, label: str, response: Response | None) -> None:
        if response is None or response.status_code != 200:
            return
        count = len(set(response.json()) - SERVER_FIELDS)
        message = f"an item holds {count} attributes, over {MAX_ATTRIBUTES}"
        self.fuzzer.expect(label, count <= MAX_ATTRIBUTES, "attribute limit after merge", response, message)

    def stale(self, scenario: tuple[int, str, bool]) -> None:
        """Update an item `updates` times, then PUT or DELETE with If-Match "1": 412 with the current ETag."""
        updates, method, listed = scenario
        label = f"{self.update.label} [stale If-Match]"
        item_id = self._new_item(label)
        if item_id is None:
            return
        for step in range(updates):
            self._put(label, item_id, {"step": step})
        stale = '"1", "99999"' if listed else '"1"'
        if method == "PUT":
            refused = self._put(label, item_id, {"late": True}, if_match=stale)
        else:
            refused = self.fuzzer.send(
                label, self.delete.Case(path_parameters={"id": item_id}, headers={"If-Match": stale})
            )
        if refused is None:
            return
        current = f'"{updates + 1}"'
        etag = next(iter(refused.headers.get("etag", [])), None)
        message = f"{method} with If-Match {stale} on version {updates + 1}: {refused.status_code}, ETag {etag}"
        if not self.fuzzer.expect(
            label, (refused.status_code, etag) == (412, current), "stale If-Match", refused, message
        ):
            return
        retried = self._put(label, item_id, {"late": True}, if_match=etag)
        if retried is not None:
            message = f"PUT with the ETag of a 412 ({etag}): {retried.status_code}"
            self.fuzzer.expect(label, retried.status_code == 200, "retry with the 412's ETag", retried, message)
