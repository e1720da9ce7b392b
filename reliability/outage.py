"""What an answer during a database outage must look like: 503, JSON with a message, no internals, in time."""

from __future__ import annotations

import json
from collections.abc import Iterable

from apiclient.http import EXCEPTION_CLASS_NAME
from reliability.traffic import Sample


def _body_problem(sample: Sample) -> str | None:
    """Why a 503 body breaks the contract: JSON object with a non-empty message, nothing internal."""
    if not sample.content_type.startswith("application/json"):
        return f"503 with Content-Type {sample.content_type!r}"
    if "Traceback" in sample.body or EXCEPTION_CLASS_NAME.search(sample.body):
        return f"503 body shows internals: {sample.body[:200]}"
    try:
        body = json.loads(sample.body)
    except ValueError:
        return f"503 body is not JSON: {sample.body[:200]}"
    if not isinstance(body, dict) or not isinstance(body.get("message"), str) or not body["message"].strip():
        return f"503 body has no message: {sample.body[:200]}"
    return None


def outage_answer_problem(sample: Sample, limit_seconds: float) -> str | None:
    """Why a failed request's answer breaks the outage contract, or None when it keeps it."""
    if sample.status is None:
        problem: str | None = f"no answer ({sample.body}); the API must answer 503"
    elif sample.latency_ms > limit_seconds * 1000:
        problem = f"answered after {sample.latency_ms / 1000:.1f} s, beyond {limit_seconds:.0f} s"
    elif sample.status != 503:
        problem = f"answered {sample.status}, expected 503: {sample.body[:200]}"
    else:
        problem = _body_problem(sample)
    return f"{sample.operation} at +{sample.started:.1f} s: {problem}" if problem else None


def outage_problems(samples: Iterable[Sample], limit_seconds: float) -> list[str]:
    """The problems of every 5xx or unanswered request (answers below 500 are the traffic's business)."""
    found = (outage_answer_problem(sample, limit_seconds) for sample in samples if sample.failed)
    return [problem for problem in found if problem is not None]


def rebased(samples: Iterable[Sample], origin: float) -> list[Sample]:
    """The samples with `started` relative to `origin` (seconds into the scenario), for readable reports."""
    return [Sample(s.operation, s.status, s.latency_ms, s.started - origin, s.content_type, s.body) for s in samples]
