"""The SCA gate end to end: a known-vulnerable pin fails it, an allow-list entry lets it through until it expires,
and an advisory service that does not answer is NOT CHECKED: fatal where checking is required, never a pass."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from supplychain.sca import DEFAULT_POLICY
from tests.unit.supplychain.conftest import FIXTURES, run_gate

pytestmark = pytest.mark.component  # runs the gate, pip-audit and npm audit as processes

VULNERABLE = str(FIXTURES / "vulnerable-requirements.txt")
WELL_KNOWN = "CVE-2018-18074"
REFUSED_PROXY = "http://127.0.0.1:9"


def _policy(tmp_path: Path, *allow: tuple[str, str]) -> str:
    entries = "".join(
        f'\n[[allow]]\nid = "{i}"\nreason = "reviewed in the test"\nexpires = {day}\n' for i, day in allow
    )
    policy = tmp_path / "sca.toml"
    policy.write_text(DEFAULT_POLICY.read_text() + entries)
    return str(policy)


def _local(**extra: str) -> dict[str, str]:
    """The environment of a developer's machine: not CodeBuild, checking not required, no proxy bypass."""
    environment = {key: value for key, value in os.environ.items() if key not in {"CODEBUILD_BUILD_ID", "SCA_REQUIRED"}}
    environment.pop("NO_PROXY", None)
    environment.pop("no_proxy", None)
    return {**environment, **extra}


@pytest.fixture(scope="module")
def vulnerable_run(tmp_path_factory: pytest.TempPathFactory):
    """The gate over the vulnerable pin; skips, saying why, where PyPI's advisory look-up does not answer."""
    run = run_gate("sca", "--requirements", VULNERABLE, "--cache-dir", str(tmp_path_factory.mktemp("cache")))
    if "NOT CHECKED" in run.output:
        reason = next(line for line in run.output.splitlines() if line.startswith("sca: NOT CHECKED "))
        pytest.skip(f"PyPI's advisory service is not reachable from here: {reason}")
    return run


def test_a_pin_with_a_well_known_advisory_fails_the_gate(vulnerable_run) -> None:
    assert vulnerable_run.returncode == 1
    assert WELL_KNOWN in vulnerable_run.output
    assert "sca: FAILED: requests 2.19.1" in vulnerable_run.output


def test_allow_listing_every_advisory_of_the_pin_passes(vulnerable_run, tmp_path: Path) -> None:
    ids = set(re.findall(r"sca: FAILED: requests 2\.19\.1: (\S+)", vulnerable_run.output))
    policy = _policy(tmp_path, *((advisory, "2099-12-31") for advisory in ids))

    run = run_gate("sca", "--policy", policy, "--requirements", VULNERABLE, "--cache-dir", str(tmp_path))

    assert run.returncode == 0, run.output
    assert "sca: allowed until 2099-12-31: requests 2.19.1" in run.output


def test_an_expired_allow_list_entry_fails_the_gate_even_where_nothing_could_be_checked(tmp_path: Path) -> None:
    policy = _policy(tmp_path, (WELL_KNOWN, "2020-01-31"))

    run = run_gate("sca", "--policy", policy, "--requirements", VULNERABLE, "--cache-dir", str(tmp_path), env=_local())

    assert run.returncode == 1
    assert f"allow-list entry {WELL_KNOWN} expired on 2020-01-31" in run.output


def test_an_unreachable_service_fails_the_gate_when_checking_is_required(tmp_path: Path) -> None:
    environment = _local(HTTPS_PROXY=REFUSED_PROXY, SCA_REQUIRED="1")

    run = run_gate("sca", "--requirements", VULNERABLE, "--cache-dir", str(tmp_path), env=environment)

    assert run.returncode == 1
    assert "NOT CHECKED" in run.output
    assert "this fails the gate" in run.output


def test_codebuild_requires_checking_without_being_told(tmp_path: Path) -> None:
    environment = _local(HTTPS_PROXY=REFUSED_PROXY, CODEBUILD_BUILD_ID="items-api-synth:0b4c")

    run = run_gate("sca", "--requirements", VULNERABLE, "--cache-dir", str(tmp_path), env=environment)

    assert run.returncode == 1


def test_locally_an_unreachable_service_says_not_checked_and_never_passed(tmp_path: Path) -> None:
    run = run_gate(
        "sca", "--requirements", VULNERABLE, "--cache-dir", str(tmp_path), env=_local(HTTPS_PROXY=REFUSED_PROXY)
    )

    assert run.returncode == 0
    assert "sca: NOT CHECKED" in run.output
    assert "passed" not in run.output
