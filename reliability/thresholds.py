"""The load test's pass/fail rule: thresholds on the error rate and the p99 latency, and no contradicted answer.

Each verdict names the cdk.json key its threshold comes from, so a failed run says what was measured against what.
"""

from __future__ import annotations

from dataclasses import dataclass

from reliability.workload import LoadResult

CONFIG_KEY = "cdk.json loadTest"


@dataclass(frozen=True)
class Thresholds:
    """The most a run may show: the share of requests answered with a 5xx or not at all, and the p99 latency."""

    max_error_rate_percent: float
    max_p99_ms: float


def verdict(result: LoadResult, thresholds: Thresholds) -> list[str]:
    """Why the run fails its thresholds (empty when it passes)."""
    if not result.samples:
        return ["no request was sent: the clients never started"]
    found = [f"contradicted answer: {problem}" for problem in result.contradictions]
    if result.error_rate_percent > thresholds.max_error_rate_percent:
        found.append(
            f"error rate {result.error_rate_percent:.2f}% ({len(result.failures)} of {len(result.samples)} requests "
            f"answered 5xx or not at all) is over the threshold of {thresholds.max_error_rate_percent}% "
            f"({CONFIG_KEY}.maxErrorRatePercent)"
        )
    p99 = result.summary().p99_ms
    if p99 > thresholds.max_p99_ms:
        found.append(
            f"p99 latency {p99:.1f} ms is over the threshold of {thresholds.max_p99_ms} ms ({CONFIG_KEY}.maxP99Ms)"
        )
    return found
