"""Latency summaries: nearest-rank percentiles report latencies that were actually observed."""

from __future__ import annotations

import math

import pytest

from reliability.stats import LatencySummary, percentile


def test_percentile_is_an_observed_sample() -> None:
    samples = [float(value) for value in range(1, 101)]

    assert (percentile(samples, 0.50), percentile(samples, 0.99), percentile(samples, 1.0)) == (50.0, 99.0, 100.0)


def test_percentile_of_one_sample_is_that_sample() -> None:
    assert percentile([7.5], 0.99) == 7.5


def test_percentile_ignores_sample_order() -> None:
    assert percentile([30.0, 10.0, 20.0], 0.5) == 20.0


def test_percentile_of_no_samples_is_an_error() -> None:
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 0.5)


def test_summary_throughput_is_count_over_seconds() -> None:
    summary = LatencySummary.of([1.0, 2.0, 3.0, 4.0], seconds=2.0)

    assert (summary.count, summary.per_second, summary.max_ms) == (4, 2.0, 4.0)


def test_summary_of_no_requests_has_no_latencies() -> None:
    summary = LatencySummary.of([], seconds=1.0)

    assert summary.count == 0
    assert math.isnan(summary.p99_ms)
