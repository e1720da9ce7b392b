"""SAST: the bandit rules catch planted defects under the project's configuration, and every rule switched off is
explained where it is switched off and in the pipeline documentation."""

from __future__ import annotations

import re

import pytest

from supplychain.sast import PYPROJECT, findings, ignored_rules
from tests.unit.supplychain.conftest import FIXTURES, PROJECT_ROOT, run_gate

pytestmark = pytest.mark.component  # runs the gate and ruff as processes

PLANTED = FIXTURES / "sast_defects.py"
PIPELINE_DOC = PROJECT_ROOT / "docs" / "pipeline.md"


def _codes(lines: list[str]) -> set[str]:
    return {line.split(": ", 1)[1].split()[0] for line in lines}


def test_planted_shell_injection_eval_and_weak_hash_fail_the_gate() -> None:
    run = run_gate("sast", str(PLANTED.relative_to(PROJECT_ROOT)))

    assert run.returncode == 1
    assert {"S602", "S307", "S324"} <= {code for code in re.findall(r": (S\d{3}) ", run.output)}, run.output


def test_a_hard_coded_password_is_reported_in_service_code() -> None:
    found = findings("runtime/items_api/planted.py", source=PLANTED.read_text())

    assert "S105" in _codes(found)


def test_the_same_password_in_a_test_is_switched_off_by_the_tests_rule() -> None:
    found = findings("tests/unit/planted_test.py", source=PLANTED.read_text())

    assert "S105" not in _codes(found)
    assert "S602" in _codes(found)


def test_the_repository_has_no_bandit_finding() -> None:
    run = run_gate("sast")

    assert run.returncode == 0, run.output
    assert "switched off: S101, S603, S607 (everywhere)" in run.output


def test_every_switched_off_bandit_rule_has_a_reason_beside_it_and_in_the_docs() -> None:
    pyproject = PYPROJECT.read_text()
    documented = PIPELINE_DOC.read_text()

    for rules in ignored_rules().values():
        for rule in rules:
            assert re.search(rf'"{rule}",\s*# \S', pyproject), f"{rule} has no reason beside it in pyproject.toml"
            assert re.search(rf"\|\s*`?{rule}`?\s*\|", documented), f"{rule} is not in docs/pipeline.md's table"
