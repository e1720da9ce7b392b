"""The derived figures: ratios and medians the report and the chart show."""

from __future__ import annotations

from bench.results import BenchResults


def test_synth_ratio_is_the_ratio_of_medians(results: BenchResults) -> None:
    assert results.synth.ratio == 2.0


def test_cold_init_ratio_compares_imports_only(results: BenchResults) -> None:
    assert results.cold_ratio() == 0.5


def test_cold_ratio_with_first_request_adds_both_parts(results: BenchResults) -> None:
    assert results.cold_ratio("with_first") == 300.0 / 450.0


def test_page_capacity_is_the_median_page(results: BenchResults) -> None:
    assert (results.page_capacity, results.max_page_capacity, results.full_scan_capacity) == (0.5, 2, 200.0)
