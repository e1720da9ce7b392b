"""Client threads that drive the API with a mix of create, get, update (If-Match), list and delete.

Each client writes only the items it created, so its ledger predicts every answer: a GET must show the last
acknowledged version, an If-Match write must never meet 412. Answers that contradict the ledger are problems;
5xx answers and requests without an answer are recorded separately (the load harness fails on them, the fault
harness expects 503 during an outage).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests

from apiclient.http import ApiSession, etag_for, item_path
from reliability.ledger import ItemRecord, Ledger, UncertainWrite, step_attributes

OPERATIONS = ("create", "get", "update", "list", "delete")
DEFAULT_MIX = {"create": 20, "get": 35, "update": 25, "list": 10, "delete": 10}
NEEDS_ITEM = frozenset({"get", "update", "delete"})
LIST_PAGE_SIZE = 25


@dataclass(frozen=True)
class Sample:
    """One request: its operation, status (None when no answer came) and latency; 5xx bodies are kept."""

    operation: str
    status: int | None
    latency_ms: float
    started: float
    content_type: str = ""
    body: str = ""

    @property
    def failed(self) -> bool:
        return self.status is None or self.status >= 500


@dataclass
class TrafficClient:
    """One client: its own signed session, ledger, samples and the contradictions it met."""

    index: int
    run_id: str
    session: ApiSession
    mix: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_MIX))
    pause_seconds: float = 0.0
    seed: int = 0
    ledger: Ledger = field(init=False)
    samples: list[Sample] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ledger = Ledger(self.index)
        self._random = random.Random(self.seed * 1000 + self.index)  # noqa: S311 - workload choice, not security
        self._sequence = 0

    def run(self, stop: threading.Event) -> None:
        """Send requests until `stop` is set."""
        while not stop.is_set():
            operation = self._random.choices(list(self.mix), weights=list(self.mix.values()))[0]
            if operation in NEEDS_ITEM and not self.ledger.writable():
                operation = "create"
            getattr(self, f"_{operation}")()
            if self.pause_seconds:
                stop.wait(self.pause_seconds)

    def _send(self, operation: str, call: Callable[[], requests.Response]) -> requests.Response | None:
        started = time.monotonic()
        try:
            response = call()
        except requests.RequestException as error:
            latency = (time.monotonic() - started) * 1000
            self.samples.append(Sample(operation, None, latency, started, body=f"{type(error).__name__}: {error}"))
            return None
        latency = (time.monotonic() - started) * 1000
        content_type = response.headers.get("Content-Type", "")
        body = response.text[:500] if response.status_code >= 500 else ""
        self.samples.append(Sample(operation, response.status_code, latency, started, content_type, body))
        return response

    def _unexpected(self, operation: str, response: requests.Response, record: ItemRecord | None = None) -> None:
        subject = f" {record.item_id}" if record else ""
        self.problems.append(f"{operation}{subject}: unexpected {response.status_code} {response.text[:200]}")

    def _create(self) -> None:
        self._sequence += 1
        sequence = f"{self.index}-{self._sequence}"
        body = {"name": f"{self.run_id}-{sequence}", "run": self.run_id, "sequence": sequence, **step_attributes(0)}
        response = self._send("create", lambda: self.session.post("/items", json=body))
        if response is None or response.status_code >= 500:
            self.ledger.uncertain_creates.add(sequence)
        elif response.status_code == 201 and response.json().get("version") == 1:
            self.ledger.records.append(ItemRecord(response.json()["itemId"]))
        else:
            self._unexpected("create", response)

    def _pick(self) -> ItemRecord:
        return self._random.choice(self.ledger.writable())

    def _get(self) -> None:
        record = self._pick()
        response = self._send("get", lambda: self.session.get(item_path(record.item_id)))
        if response is None or response.status_code >= 500:
            return
        body = response.json() if response.status_code == 200 else None
        if body is None or (body.get("version"), body.get("step")) != (record.version, record.step):
            self._unexpected("get (stale or missing read)", response, record)

    def _update(self) -> None:
        record = self._pick()
        step = record.step + 1
        headers = {"If-Match": etag_for(record.version)}
        response = self._send(
            "update", lambda: self.session.put(item_path(record.item_id), json=step_attributes(step), headers=headers)
        )
        if response is None or response.status_code >= 500:
            record.uncertain = UncertainWrite("update", step)
        elif response.status_code == 200 and response.json().get("version") == record.version + 1:
            record.updates += 1
            record.step = step
        else:
            self._unexpected("update", response, record)

    def _list(self) -> None:
        response = self._send("list", lambda: self.session.get("/items", params={"limit": LIST_PAGE_SIZE}))
        if response is not None and response.status_code < 500:
            body: Any = response.json() if response.status_code == 200 else None
            if not isinstance(body, dict) or not isinstance(body.get("items"), list):
                self._unexpected("list", response)

    def _delete(self) -> None:
        record = self._pick()
        headers = {"If-Match": etag_for(record.version)}
        response = self._send("delete", lambda: self.session.delete(item_path(record.item_id), headers=headers))
        if response is None or response.status_code >= 500:
            record.uncertain = UncertainWrite("delete")
        elif response.status_code == 204:
            record.deleted = True
        else:
            self._unexpected("delete", response, record)


@contextmanager
def running(clients: list[TrafficClient]) -> Iterator[threading.Event]:
    """One thread per client while the block runs; set the yielded event to stop them early (e.g. at a crash).

    On leaving, the clients stop, their threads are joined and their sessions closed, whatever happened.
    """
    stop = threading.Event()
    threads = [
        threading.Thread(target=client.run, args=(stop,), name=f"client-{client.index}", daemon=True)
        for client in clients
    ]
    for thread in threads:
        thread.start()
    try:
        yield stop
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        for client in clients:
            client.session.close()
