"""The end-of-run check: the API now shows exactly what the clients' ledgers predict.

Every item a client created is read back (acknowledged state, or the uncertain write applied whole), and every
item of the run found by listing the table is one some client created or might have created.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from apiclient.http import ApiSession, item_path
from reliability.ledger import ItemRecord, Ledger, item_problem, unknown_item_problem

CHECK_THREADS = 4
PAGE_SIZE = 100
MAX_PAGES = 10_000


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _read_back(records: list[ItemRecord], new_session: Callable[[], ApiSession]) -> list[str]:
    local = threading.local()

    def check(record: ItemRecord) -> str | None:
        if not hasattr(local, "session"):
            local.session = new_session()
        response = local.session.get(item_path(record.item_id))
        return item_problem(record, response.status_code, _json(response))

    with ThreadPoolExecutor(CHECK_THREADS) as pool:
        return [problem for problem in pool.map(check, records) if problem is not None]


def run_items(session: ApiSession, run_id: str) -> list[dict[str, Any]]:
    """Every listed item carrying `run_id`, following nextCursor to the end."""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": PAGE_SIZE}
    for _ in range(MAX_PAGES):
        response = session.get("/items", params=params)
        if response.status_code != 200:
            raise AssertionError(f"listing the items answered {response.status_code}: {response.text[:200]}")
        page = response.json()
        found += [item for item in page["items"] if item.get("run") == run_id]
        if page["nextCursor"] is None:
            return found
        params = {"limit": PAGE_SIZE, "cursor": page["nextCursor"]}
    raise AssertionError(f"nextCursor was still not null after {MAX_PAGES} pages")


def verify(ledgers: Iterable[Ledger], run_id: str, new_session: Callable[[], ApiSession]) -> list[str]:
    """Every contradiction between the ledgers and the API's current state (empty when consistent)."""
    ledgers = list(ledgers)
    records = [record for ledger in ledgers for record in ledger.records]
    problems = _read_back(records, new_session)
    known = {record.item_id for record in records}
    uncertain_creates = set().union(*(ledger.uncertain_creates for ledger in ledgers))
    with new_session() as session:
        for item in run_items(session, run_id):
            if item["itemId"] not in known:
                problem = unknown_item_problem(item, uncertain_creates)
                if problem is not None:
                    problems.append(problem)
    return problems
