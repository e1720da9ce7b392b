"""What the clients were told: every acknowledged write, and every write whose outcome is unknown.

Each item is written only by the client that created it, so its acknowledged history fully predicts it: version
1 + the acknowledged updates, the `step` of the last acknowledged update, or gone after an acknowledged delete.
A write answered with a 5xx or not answered at all is "uncertain": it may have been applied or not, but never
half-way. Every write sets `step` and `stepLabel` together, so a half-applied write shows as a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ABSENT = "absent"


def step_attributes(step: int) -> dict[str, Any]:
    """The attributes a write sets together; they disagree only if a write was applied in part."""
    return {"step": step, "stepLabel": f"step-{step}"}


@dataclass(frozen=True)
class UncertainWrite:
    """A write with no definite answer: `kind` is "update" (to `step`) or "delete"."""

    kind: str
    step: int = 0


@dataclass
class ItemRecord:
    """One item's acknowledged history."""

    item_id: str
    updates: int = 0
    step: int = 0
    deleted: bool = False
    uncertain: UncertainWrite | None = None

    @property
    def version(self) -> int:
        return 1 + self.updates

    @property
    def writable(self) -> bool:
        """Further writes need a known current version: not after a delete or an uncertain write."""
        return not self.deleted and self.uncertain is None

    def expected_states(self) -> list[tuple[int, int] | str]:
        """The states the item may be in: (version, step) or ABSENT; the first is the acknowledged one."""
        states: list[tuple[int, int] | str] = [ABSENT if self.deleted else (self.version, self.step)]
        if self.uncertain is not None and self.uncertain.kind == "update":
            states.append((self.version + 1, self.uncertain.step))
        elif self.uncertain is not None and self.uncertain.kind == "delete":
            states.append(ABSENT)
        return states


def observed_state(status: int, body: Any) -> tuple[int, int] | str | None:
    """The state a GET shows: (version, step), ABSENT for 404, None when the answer shows neither."""
    if status == 404:
        return ABSENT
    if status != 200 or not isinstance(body, dict):
        return None
    return int(body.get("version", -1)), int(body.get("step", -1))


def item_problem(record: ItemRecord, status: int, body: Any) -> str | None:
    """Why a GET of the item contradicts the ledger, or None when it is consistent."""
    state = observed_state(status, body)
    if state is None:
        return f"{record.item_id}: GET answered {status}"
    if state != ABSENT and isinstance(body, dict) and body.get("stepLabel") != f"step-{body.get('step')}":
        return f"{record.item_id}: half-applied write, step={body.get('step')} but stepLabel={body.get('stepLabel')}"
    expected = record.expected_states()
    if state in expected:
        return None
    if state == ABSENT:
        return f"{record.item_id}: acknowledged item is gone (expected version {record.version})"
    if record.deleted:
        return f"{record.item_id}: acknowledged delete did not take (found version {state[0]})"
    return (
        f"{record.item_id}: found version {state[0]} step {state[1]}, expected {expected[0]} "
        f"(1 + {record.updates} acknowledged updates){' or the uncertain write' if record.uncertain else ''}"
    )


@dataclass
class Ledger:
    """One client's items, plus the creates it sent without learning the new item's id."""

    client: int
    records: list[ItemRecord] = field(default_factory=list)
    uncertain_creates: set[str] = field(default_factory=set)

    def writable(self) -> list[ItemRecord]:
        return [record for record in self.records if record.writable]


def unknown_item_problem(item: dict[str, Any], uncertain_creates: set[str]) -> str | None:
    """An item of this run that no client was told about: it must be a whole, uncertain create."""
    sequence = item.get("sequence")
    if sequence not in uncertain_creates:
        return f"{item.get('itemId')}: item with sequence {sequence!r} was never created as far as any client knows"
    if item.get("version") != 1 or item.get("stepLabel") != "step-0" or item.get("step") != 0:
        return f"{item.get('itemId')}: uncertain create is incomplete or was changed: {item}"
    return None
