"""The fuzz harness with a tiny budget: every operation of the OpenAPI document, every response conforming."""

from __future__ import annotations

import json

from reliability.fuzz import DOCUMENT, format_report, run_fuzz
from reliability.local_api import LocalApi

EXAMPLES = 5


def documented_operations() -> set[str]:
    paths = json.loads(DOCUMENT.read_text())["paths"]
    return {f"{method.upper()} {path}" for path, methods in paths.items() for method in methods}


def test_every_generated_request_gets_a_documented_answer(local_api: LocalApi) -> None:
    result = run_fuzz(local_api, max_examples=EXAMPLES)

    assert not result.findings, format_report(result)


def test_every_documented_operation_is_fuzzed(local_api: LocalApi) -> None:
    result = run_fuzz(local_api, max_examples=1)

    fuzzed = {label.split(" [")[0] for label in result.requests}
    assert fuzzed == documented_operations()


def test_every_hostile_input_class_is_sent(local_api: LocalApi) -> None:
    result = run_fuzz(local_api, max_examples=2)

    hostile = {label.partition(" [")[2].rstrip("]") for label in result.requests if result.requests[label]}
    assert {
        "hostile bodies",
        "hostile bodies, real item",
        "growth by successive PUTs",
        "stale If-Match",
    } <= hostile
