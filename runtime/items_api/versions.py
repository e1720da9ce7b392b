"""Which versions of an item a write may act on: the domain's side of If-Match and If-None-Match."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VersionCondition:
    """A write acts only on an existing item whose version this allows; the default allows every version.

    `only`: the versions it may act on (None: any). `never`: versions it must not act on. `never_existing`: it
    must not act on any existing item (so, for a write that needs an existing item, never).
    """

    only: frozenset[int] | None = None
    never: frozenset[int] = frozenset()
    never_existing: bool = False

    def allows(self, version: int) -> bool:
        if self.never_existing or version in self.never:
            return False
        return self.only is None or version in self.only

    @property
    def satisfiable(self) -> bool:
        """False when no version at all is allowed: no write need be attempted to know it fails."""
        return not self.never_existing and (self.only is None or bool(self.only - self.never))


ANY_VERSION = VersionCondition()
