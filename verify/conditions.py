"""IAM condition operators, evaluated against a request context the way IAM documents them.

A key this verifier does not model yields UNKNOWN rather than a guess, so an unevaluable condition is
reported instead of passing. Keys are case-insensitive; values are compared as IAM compares them.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any

# Context keys the verifier can supply for the requests it models (lowercase; `/*` covers a tag key family).
MODELED_KEYS = (
    "aws:requesttag/*",
    "aws:resourcetag/*",
    "iam:resourcetag/*",
    "aws:tagkeys",
    "iam:passedtoservice",
    "iam:awsservicename",
    "kms:viaservice",
    "kms:calleraccount",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:securetransport",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalservicename",
    "application-autoscaling:service-namespace",
    "application-autoscaling:scalable-dimension",
    "cloudwatch:namespace",
    "iam:permissionsboundary",
    "lambda:principal",
    "lambda:functionurlauthtype",
    "sns:protocol",
    "sns:endpoint",
)


class Truth(Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def is_modeled(key: str) -> bool:
    lowered = key.lower()
    return any(lowered == known or (known.endswith("/*") and lowered.startswith(known[:-1])) for known in MODELED_KEYS)


def _values(raw: Any) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    return tuple(str(item).lower() if isinstance(item, bool) else str(item) for item in items)


def _like(value: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern)


def _arn_like(value: str, pattern: str) -> bool:
    """ArnLike compares the six ARN parts separately, each with * and ? wildcards."""
    value_parts, pattern_parts = value.split(":", 5), pattern.split(":", 5)
    if len(value_parts) != len(pattern_parts):
        return pattern == "*"
    return all(fnmatch.fnmatchcase(part, glob) for part, glob in zip(value_parts, pattern_parts, strict=True))


def _equals(value: str, expected: str) -> bool:
    return value == expected


def _equals_ignore_case(value: str, expected: str) -> bool:
    return value.lower() == expected.lower()


# Operator (lowercase, without ForAnyValue:/ForAllValues: and IfExists) -> (comparison, negated).
COMPARISONS: dict[str, tuple[Callable[[str, str], bool], bool]] = {
    "stringequals": (_equals, False),
    "stringnotequals": (_equals, True),
    "stringequalsignorecase": (_equals_ignore_case, False),
    "stringnotequalsignorecase": (_equals_ignore_case, True),
    "stringlike": (_like, False),
    "stringnotlike": (_like, True),
    "arnequals": (_arn_like, False),  # IAM treats ArnEquals and ArnLike alike, wildcards included
    "arnlike": (_arn_like, False),
    "arnnotequals": (_arn_like, True),
    "arnnotlike": (_arn_like, True),
    "bool": (_equals_ignore_case, False),
}
SUPPORTED = frozenset({*COMPARISONS, "null"})


def _one_key(operator: str, present: tuple[str, ...] | None, expected: tuple[str, ...]) -> bool:
    """One key of one operator: `present` is None when the request context lacks the key."""
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("ifexists")
    base = base.removesuffix("ifexists")
    if base == "null":
        return (present is None) == (expected[0].lower() == "true")
    compare, negated = COMPARISONS[base]
    if present is None:
        # A missing key matches no value: a negated operator holds, a positive one does not.
        return if_exists or qualifier == "forallvalues" or negated

    def hit(value: str) -> bool:
        return any(compare(value, wanted) for wanted in expected)

    if qualifier == "forallvalues":
        return all(hit(value) != negated for value in present)
    found = any(hit(value) for value in present)
    return not found if negated else found


def evaluate(condition: Mapping[str, Any], context: Mapping[str, tuple[str, ...]]) -> tuple[Truth, frozenset[str]]:
    """The truth of a whole Condition block, and the keys it needed that the verifier does not model."""
    unknown: set[str] = set()
    outcome = Truth.TRUE
    lowered = {key.lower(): values for key, values in context.items()}
    for operator, keys in condition.items():
        base = operator.rpartition(":")[2].lower().removesuffix("ifexists")
        for key, raw in (keys or {}).items():
            if base not in SUPPORTED or not is_modeled(key):
                unknown.add(key if base in SUPPORTED else f"{operator} {key}")
                continue
            if not _one_key(operator.lower(), lowered.get(key.lower()), _values(raw)):
                outcome = Truth.FALSE
    if outcome is Truth.FALSE:
        return Truth.FALSE, frozenset(unknown)
    return (Truth.UNKNOWN if unknown else Truth.TRUE), frozenset(unknown)


def tag_context(tags: Iterable[tuple[str, str]], *, request: bool, resource: bool) -> dict[str, tuple[str, ...]]:
    """aws:RequestTag/*, aws:ResourceTag/* (and iam:ResourceTag/*) and aws:TagKeys for a resource's tags."""
    context: dict[str, tuple[str, ...]] = {}
    pairs = list(tags)
    for key, value in pairs:
        if request:
            context[f"aws:RequestTag/{key}"] = (value,)
        if resource:
            context[f"aws:ResourceTag/{key}"] = (value,)
            context[f"iam:ResourceTag/{key}"] = (value,)
    if request and pairs:
        context["aws:TagKeys"] = tuple(key for key, _ in pairs)
    return context


_POLICY_VARIABLE = re.compile(r"\$\{[^}]+\}")


def has_policy_variable(pattern: str) -> bool:
    return bool(_POLICY_VARIABLE.search(pattern))
