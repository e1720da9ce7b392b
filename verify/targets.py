"""An ARN a CloudFormation handler permission may act on, with the request context that comes with it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """An ARN a handler permission may act on, and request context that comes with acting on it.

    `only` limits the permissions that act on it (lowercase names), for an ARN a handler only reads.
    """

    arn: str
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    literal: bool = False  # an ARN the properties spell out (not the own ARN of a referenced resource)
    only: frozenset[str] = frozenset()

    def acted_on_by(self, permission: str) -> bool:
        return not self.only or permission.lower() in self.only
