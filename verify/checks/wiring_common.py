"""What the wiring checks share: where findings are filed, and the account no policy may admit."""

from __future__ import annotations

NAME = "wiring"
FOREIGN_ACCOUNT = "999999999999"  # a publisher acting for this account must not be admitted
