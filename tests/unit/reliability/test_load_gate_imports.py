"""The pipeline's load test runs in the test steps' venv (requirements-tests.txt): no local stack, no CDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.component  # imports the gate in a fresh interpreter

PROJECT_ROOT = Path(__file__).resolve().parents[3]
NOT_IN_THE_TEST_VENV = ("local", "h11", "aws_cdk", "jsii", "cdk_nag")


def test_the_load_gate_imports_nothing_the_test_steps_do_not_install() -> None:
    probe = f"import sys, reliability.load_gate; print([m for m in {NOT_IN_THE_TEST_VENV!r} if m in sys.modules])"

    finished = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )

    assert finished.stdout.strip() == "[]"
