"""The end-of-run check against the real API: it passes on the truth and names every contradiction."""

from __future__ import annotations

import uuid

import pytest

from reliability.consistency import verify
from reliability.ledger import ItemRecord, Ledger, step_attributes
from reliability.local_api import LocalApi


@pytest.fixture
def run_id() -> str:
    return f"check-{uuid.uuid4().hex[:8]}"


def create(api: LocalApi, run_id: str, sequence: str) -> str:
    body = {"name": sequence, "run": run_id, "sequence": sequence, **step_attributes(0)}
    with api.session() as session:
        response = session.post("/items", json=body)
    assert response.status_code == 201, response.text
    return response.json()["itemId"]


def test_a_ledger_that_matches_the_api_passes(local_api: LocalApi, run_id: str) -> None:
    ledger = Ledger(0, records=[ItemRecord(create(local_api, run_id, "0-1"))])

    assert verify([ledger], run_id, local_api.session) == []


def test_an_acknowledged_update_the_api_lacks_is_reported(local_api: LocalApi, run_id: str) -> None:
    ledger = Ledger(0, records=[ItemRecord(create(local_api, run_id, "0-1"), updates=1, step=1)])

    problems = verify([ledger], run_id, local_api.session)

    assert len(problems) == 1
    assert "1 + 1 acknowledged updates" in problems[0]


def test_an_item_no_client_created_is_reported(local_api: LocalApi, run_id: str) -> None:
    create(local_api, run_id, "0-7")

    problems = verify([Ledger(0)], run_id, local_api.session)

    assert len(problems) == 1
    assert "never created" in problems[0]
