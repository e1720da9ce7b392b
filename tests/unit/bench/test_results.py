"""The derived figures: ratios and medians the report and the chart show."""

from __future__ import annotations

import dataclasses

import pytest

from bench.results import BenchResults


def test_synth_ratio_compares_both_apps_without_cdks_validation(results: BenchResults) -> None:
    assert (results.synth.ratio, results.synth.validated_ratio) == (4.0, 2.0)


def test_cold_ratio_is_init_plus_first_request(results: BenchResults) -> None:
    assert results.cold_ratio() == 300.0 / 450.0


def test_cold_init_ratio_compares_imports_only(results: BenchResults) -> None:
    assert results.cold_ratio("init_ms") == 0.5


def test_restored_ratio_compares_first_requests_after_a_restore(results: BenchResults) -> None:
    assert results.restored_ratio == 0.5


def test_throughput_ratio_and_p99_ratio(results: BenchResults) -> None:
    assert (results.throughput.ratio, results.throughput.p99_ratio) == (0.8, 1.2)


def test_startup_ratio_is_unchanged_over_synthesizing(results: BenchResults) -> None:
    assert results.startup_ratio == 1.1 / 6.2


def test_install_ratio_is_uv_over_pip_and_none_when_skipped(results: BenchResults) -> None:
    skipped = dataclasses.replace(results, install=None)

    assert (results.install_ratio, skipped.install_ratio) == (0.5, None)


def test_page_capacity_is_the_median_page(results: BenchResults) -> None:
    assert (results.page_capacity, results.max_page_capacity, results.full_scan_capacity) == (0.5, 2, 200.0)


def test_deployed_ratio_is_the_bundle_over_the_bare_handler_measured_the_same_way(results: BenchResults) -> None:
    assert results.deployed_ratio("GET") == pytest.approx(220 / 260)
    assert results.deployed_ratio("GET", "source") == pytest.approx(350 / 260)
    assert results.deployed_ratio("POST") == pytest.approx(230 / 260)


def test_deployed_cpu_ratio_compares_the_interpreters_cpu_time(results: BenchResults) -> None:
    assert results.deployed_ratio("GET", measure="cold_request_cpu_ms") == pytest.approx(180 / 200)
    assert results.deployed_ratio("list", measure="cold_request_cpu_ms") == pytest.approx(220 / 200)
