"""Latency summaries: nearest-rank percentiles, so a reported p99 is a latency that was actually observed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in (0, 1]) of a non-empty sample."""
    if not samples:
        raise ValueError("no samples")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass(frozen=True)
class LatencySummary:
    """Count, throughput and latency percentiles (milliseconds) of one kind of request."""

    count: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, latencies_ms: Sequence[float], seconds: float) -> LatencySummary:
        if not latencies_ms:
            return cls(0, 0.0, math.nan, math.nan, math.nan, math.nan)
        return cls(
            count=len(latencies_ms),
            per_second=len(latencies_ms) / seconds if seconds > 0 else math.nan,
            p50_ms=percentile(latencies_ms, 0.50),
            p95_ms=percentile(latencies_ms, 0.95),
            p99_ms=percentile(latencies_ms, 0.99),
            max_ms=max(latencies_ms),
        )
