"""The one IAM action matcher: how a policy's action pattern (`s3:Get*`, `kms:*`, `*`) selects actions.

IAM compares action names case-insensitively, with `*` for any run of characters and `?` for one
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable


def action_matches(action: str, pattern: object) -> bool:
    """Whether the action pattern selects `action` (both as IAM writes them, in any case)."""
    return fnmatch.fnmatchcase(action.lower(), str(pattern).lower())


def matches_any(action: str, patterns: Iterable[object]) -> bool:
    """Whether any of a statement's action patterns selects `action`."""
    return any(action_matches(action, pattern) for pattern in patterns)
