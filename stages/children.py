"""Typed reads of the children CDK builds inside its constructs.

jsii types `node.default_child` and `node.find_child` as a bare `IConstruct` (or None) and a project's role as
optional; these return the class CDK builds there, and fail naming the construct when a CDK upgrade builds another.
"""

from __future__ import annotations

from typing import TypeVar

from constructs import IConstruct

Child = TypeVar("Child")


def _checked(found: object, kind: type[Child], where: str) -> Child:
    if not isinstance(found, kind):
        raise TypeError(f"{where} is {type(found).__name__}, not {kind.__name__}")
    return found


def default_child(construct: IConstruct, kind: type[Child]) -> Child:
    """The L1 resource an L2 construct wraps (`node.default_child`)."""
    return _checked(construct.node.default_child, kind, f"the default child of {construct.node.path}")


def find_child(construct: IConstruct, path: str, kind: type[Child]) -> Child:
    """A child by its id, or by ids joined with '/' for a grandchild (`node.find_child`, one level at a time)."""
    found = construct
    for child_id in path.split("/"):
        found = found.node.find_child(child_id)
    return _checked(found, kind, f"{construct.node.path}/{path}")


def present(value: Child | None, what: str) -> Child:
    """An optional jsii property that the construct in hand always sets (a project's role, a dashboard)."""
    if value is None:
        raise TypeError(f"{what} is not set")
    return value
