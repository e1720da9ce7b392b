"""Domain exceptions: what can go wrong with items, independent of HTTP (mapped to responses in errors.py)."""

from __future__ import annotations

from dataclasses import dataclass


class ItemsError(Exception):
    """Base class of every error the domain raises on purpose."""


class ItemNotFoundError(ItemsError):
    """No item has the requested id."""


class VersionMismatchError(ItemsError):
    """The item exists but its version is not one the caller expected (If-Match); `current_version` is its version."""

    def __init__(self, item_id: str, current_version: int) -> None:
        super().__init__(item_id)
        self.current_version = current_version


class UpdateConflictError(ItemsError):
    """The item changed under every attempt to apply an update; the caller may retry it."""


@dataclass(frozen=True)
class FieldProblem:
    """One reason an item was rejected: the field (attribute name, or "body") and what is wrong with it."""

    field: str
    message: str


class ItemValidationError(ItemsError):
    """The client attributes break the item rules."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{problem.field}: {problem.message}" for problem in problems))
        self.problems = problems


class InvalidCursorError(ItemsError):
    """A list cursor that this service did not issue, or that was altered."""


class StoreUnavailableError(ItemsError):
    """DynamoDB throttled the request or could not be reached in time; the caller may retry later."""

    def __init__(self, reason: str, retry_after_seconds: int) -> None:
        super().__init__(reason)
        self.retry_after_seconds = retry_after_seconds


class RequestInProgressError(ItemsError):
    """A request with the same Idempotency-Key is still being processed."""


class IdempotencyKeyReusedError(ItemsError):
    """The Idempotency-Key was already used with a different body."""
