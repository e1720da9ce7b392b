"""The load test's verdict: thresholds on error rate and p99 fail the run, naming the cdk.json key they come from."""

from __future__ import annotations

from collections.abc import Sequence

from reliability.thresholds import Thresholds, verdict
from reliability.traffic import Sample
from reliability.workload import LoadResult

SANE = Thresholds(max_error_rate_percent=1.0, max_p99_ms=500.0)


def _result(statuses: Sequence[int | None], latency_ms: float = 50.0, contradictions: list[str] | None = None):
    samples = [Sample("get", status, latency_ms, started=0.0) for status in statuses]
    return LoadResult("load-test", clients=1, seconds=1.0, samples=samples, contradictions=contradictions or [])


def test_a_run_within_both_thresholds_passes() -> None:
    assert verdict(_result([200] * 100), SANE) == []


def test_an_error_rate_over_the_threshold_fails_naming_its_key() -> None:
    (problem,) = verdict(_result([200] * 98 + [503, None]), SANE)

    assert problem.startswith("error rate 2.00% (2 of 100 requests answered 5xx or not at all)")
    assert problem.endswith("over the threshold of 1.0% (cdk.json loadTest.maxErrorRatePercent)")


def test_an_error_rate_at_the_threshold_passes() -> None:
    assert verdict(_result([200] * 99 + [500]), SANE) == []


def test_client_errors_do_not_count_as_errors() -> None:
    assert verdict(_result([200] * 50 + [404, 412] * 25), SANE) == []


def test_a_p99_over_the_threshold_fails_naming_its_key() -> None:
    (problem,) = verdict(_result([200] * 10, latency_ms=501.0), SANE)

    assert problem == "p99 latency 501.0 ms is over the threshold of 500.0 ms (cdk.json loadTest.maxP99Ms)"


def test_a_contradicted_answer_fails_whatever_the_rates() -> None:
    problems = verdict(_result([200] * 10, contradictions=["get abc: unexpected 404"]), SANE)

    assert problems == ["contradicted answer: get abc: unexpected 404"]


def test_a_run_without_requests_fails() -> None:
    assert verdict(_result([]), SANE) == ["no request was sent: the clients never started"]
