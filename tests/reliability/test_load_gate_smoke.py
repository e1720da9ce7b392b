"""The pipeline's load test, run as the pipeline runs it (`python -m reliability.load_gate`, API_URL and credentials
from the environment), against the local stack: an impossible threshold fails it, sane ones pass, no item is left."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from reliability.consistency import run_items
from reliability.local_api import LocalApi

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUDGET = ["--clients", "2", "--seconds", "2"]
TIMEOUT_SECONDS = 120


def _gate(api: LocalApi, *thresholds: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"AWS_PROFILE", "AWS_SESSION_TOKEN", "API_ROLE_ARN", "AWS_DEFAULT_REGION"}
    }
    environment |= {
        "API_URL": api.base_url,
        "AWS_ACCESS_KEY_ID": api.credentials.access_key,
        "AWS_SECRET_ACCESS_KEY": api.credentials.secret_key,
        "AWS_REGION": api.region,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    command = [sys.executable, "-m", "reliability.load_gate", *BUDGET, *thresholds]
    return subprocess.run(
        command, cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )


def _run_id(output: str) -> str:
    match = re.search(r"items of run (load-[0-9a-f]+)", output)
    assert match, output
    return match.group(1)


def test_an_impossible_p99_threshold_fails_the_load_test_and_says_why(local_api: LocalApi) -> None:
    finished = _gate(local_api, "--max-error-rate-percent", "100", "--max-p99-ms", "0.001")

    assert finished.returncode == 1, finished.stdout + finished.stderr
    assert re.search(
        r"p99 latency [\d.]+ ms is over the threshold of 0\.001 ms \(cdk\.json loadTest\.maxP99Ms\)", finished.stdout
    ), finished.stdout


def test_sane_thresholds_pass_the_load_test(local_api: LocalApi) -> None:
    finished = _gate(local_api, "--max-error-rate-percent", "0", "--max-p99-ms", "29000")

    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "passed: error rate 0.00% <= 0.0%" in finished.stdout


def test_the_load_test_leaves_none_of_its_items_behind(local_api: LocalApi) -> None:
    finished = _gate(local_api, "--max-error-rate-percent", "100", "--max-p99-ms", "29000")

    with local_api.session() as session:
        assert run_items(session, _run_id(finished.stdout)) == []


def test_the_load_test_without_api_url_exits_2_saying_what_to_set(local_api: LocalApi) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "API_URL"}
    command = [sys.executable, "-m", "reliability.load_gate", *BUDGET, "--max-error-rate-percent", "1"]
    finished = subprocess.run(
        [*command, "--max-p99-ms", "1"], cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, check=False
    )

    assert finished.returncode == 2
    assert "API_URL is not set" in finished.stderr
