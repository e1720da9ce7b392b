"""The outage contract: every failed request is answered 503, as JSON with a message, no internals, in time."""

from __future__ import annotations

from reliability.outage import outage_answer_problem, outage_problems
from reliability.traffic import Sample

JSON = "application/json"
GOOD_BODY = '{"message":"service temporarily unavailable, retry later"}'


def answer(status: int | None, body: str = GOOD_BODY, content_type: str = JSON, latency_ms: float = 50.0) -> Sample:
    return Sample("create", status, latency_ms, started=3.0, content_type=content_type, body=body)


def test_a_503_json_with_a_message_keeps_the_contract() -> None:
    assert outage_answer_problem(answer(503), limit_seconds=12) is None


def test_a_500_breaks_the_contract() -> None:
    assert "answered 500" in str(outage_answer_problem(answer(500, '{"message":"Internal server error"}'), 12))


def test_no_answer_breaks_the_contract() -> None:
    assert "no answer" in str(outage_answer_problem(answer(None, "ConnectionError", ""), 12))


def test_an_answer_after_the_limit_breaks_the_contract() -> None:
    assert "beyond 12 s" in str(outage_answer_problem(answer(503, latency_ms=12_500), 12))


def test_a_traceback_in_the_body_breaks_the_contract() -> None:
    body = '{"message":"Traceback (most recent call last): ..."}'

    assert "internals" in str(outage_answer_problem(answer(503, body), 12))


def test_an_exception_class_name_in_the_body_breaks_the_contract() -> None:
    body = '{"message":"EndpointConnectionError: could not connect"}'

    assert "internals" in str(outage_answer_problem(answer(503, body), 12))


def test_a_body_without_message_breaks_the_contract() -> None:
    assert "no message" in str(outage_answer_problem(answer(503, '{"error":"down"}'), 12))


def test_a_non_json_503_breaks_the_contract() -> None:
    assert "Content-Type" in str(outage_answer_problem(answer(503, "down", "text/plain"), 12))


def test_successful_answers_are_not_judged() -> None:
    assert outage_problems([answer(200, "{}"), answer(412, '{"message":"stale"}')], limit_seconds=12) == []
