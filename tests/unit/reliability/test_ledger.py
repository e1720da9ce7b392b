"""The ledger's verdicts: what a GET may show after acknowledged, uncertain and half-applied writes."""

from __future__ import annotations

from typing import Any

from reliability.ledger import ItemRecord, UncertainWrite, item_problem, step_attributes, unknown_item_problem

ITEM_ID = "3f0c1d1e-8a2b-4c5d-9e6f-0a1b2c3d4e5f"


def shown(version: int, step: int, **overrides: Any) -> dict[str, Any]:
    return {"itemId": ITEM_ID, "version": version, **step_attributes(step), **overrides}


def test_acknowledged_updates_predict_the_version() -> None:
    record = ItemRecord(ITEM_ID, updates=3, step=3)

    assert item_problem(record, 200, shown(4, 3)) is None


def test_a_version_that_does_not_add_up_is_a_problem() -> None:
    record = ItemRecord(ITEM_ID, updates=3, step=3)

    assert "1 + 3 acknowledged updates" in str(item_problem(record, 200, shown(3, 2)))


def test_an_acknowledged_item_that_is_gone_is_a_problem() -> None:
    assert "is gone" in str(item_problem(ItemRecord(ITEM_ID), 404, {"message": "Item not found"}))


def test_an_acknowledged_delete_must_leave_404() -> None:
    record = ItemRecord(ITEM_ID, deleted=True)

    assert item_problem(record, 404, {"message": "Item not found"}) is None
    assert "delete did not take" in str(item_problem(record, 200, shown(1, 0)))


def test_an_uncertain_update_may_be_applied_whole() -> None:
    record = ItemRecord(ITEM_ID, updates=1, step=1, uncertain=UncertainWrite("update", step=2))

    assert item_problem(record, 200, shown(3, 2)) is None
    assert item_problem(record, 200, shown(2, 1)) is None


def test_an_uncertain_update_must_not_skip_a_version() -> None:
    record = ItemRecord(ITEM_ID, uncertain=UncertainWrite("update", step=1))

    assert item_problem(record, 200, shown(3, 1)) is not None


def test_a_half_applied_write_is_a_problem() -> None:
    record = ItemRecord(ITEM_ID, updates=1, step=1, uncertain=UncertainWrite("update", step=2))

    assert "half-applied" in str(item_problem(record, 200, shown(3, 2, stepLabel="step-1")))


def test_an_uncertain_delete_may_have_happened() -> None:
    record = ItemRecord(ITEM_ID, uncertain=UncertainWrite("delete"))

    assert item_problem(record, 404, {"message": "Item not found"}) is None
    assert item_problem(record, 200, shown(1, 0)) is None


def test_a_server_error_on_read_back_is_a_problem() -> None:
    assert "GET answered 503" in str(item_problem(ItemRecord(ITEM_ID), 503, {"message": "retry later"}))


def test_an_item_no_client_sent_is_a_problem() -> None:
    item = {"itemId": ITEM_ID, "sequence": "0-9", "version": 1, **step_attributes(0)}

    assert "never created" in str(unknown_item_problem(item, uncertain_creates={"0-1"}))


def test_an_uncertain_create_may_exist_whole() -> None:
    item = {"itemId": ITEM_ID, "sequence": "0-1", "version": 1, **step_attributes(0)}

    assert unknown_item_problem(item, uncertain_creates={"0-1"}) is None


def test_an_uncertain_create_must_exist_whole() -> None:
    item = {"itemId": ITEM_ID, "sequence": "0-1", "version": 1, "step": 0}

    assert "incomplete" in str(unknown_item_problem(item, uncertain_creates={"0-1"}))
