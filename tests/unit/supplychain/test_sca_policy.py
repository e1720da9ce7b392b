"""The SCA policy: severity threshold, allow-list with expiry, and what makes the gate fail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from supplychain.sca import DEFAULT_POLICY
from supplychain.sca_policy import AllowEntry, Finding, PolicyError, Unchecked, evaluate, load_policy

TODAY = date(2026, 12, 1)
REQUESTS_LEAK = Finding(
    ecosystem="python",
    package="requests",
    version="2.19.1",
    advisory="PYSEC-2018-28",
    aliases=("CVE-2018-18074", "GHSA-x84v-xcm2-53pg"),
    sources=("requirements.txt",),
)
SEMVER_REDOS = Finding(
    ecosystem="npm", package="semver", version="7.5.1", advisory="GHSA-c2qf-rxjj-qqgw", severity="moderate"
)
TAR_OVERWRITE = Finding(
    ecosystem="npm", package="tar", version="6.1.0", advisory="GHSA-r628-mhmh-qjhw", severity="high"
)


@pytest.fixture(scope="module")
def policy():
    return load_policy(DEFAULT_POLICY)


def _with_allow(policy, *entries: AllowEntry):
    return replace(policy, allow=entries)


def test_the_committed_policy_fails_npm_advisories_from_high_up(policy) -> None:
    assert policy.npm_fail_at == "high"
    assert "runtime/requirements.txt" in policy.requirements


def test_the_committed_policy_audits_every_pinned_requirements_file(policy) -> None:
    root = DEFAULT_POLICY.parent.parent
    pinned = {
        path.relative_to(root).as_posix()
        for path in [*root.glob("requirements*.txt"), *root.glob("*/requirements.txt")]
    }

    assert pinned == {*policy.requirements, *policy.own_venv_requirements}
    assert not set(policy.requirements) & set(policy.own_venv_requirements)


def test_a_python_advisory_fails_whatever_its_severity(policy) -> None:
    verdict = evaluate([REQUESTS_LEAK], [], policy, TODAY)

    assert verdict.failing == [REQUESTS_LEAK]
    assert verdict.exit_code(required=False) == 1


def test_npm_advisories_below_the_threshold_are_reported_but_do_not_fail(policy) -> None:
    verdict = evaluate([SEMVER_REDOS, TAR_OVERWRITE], [], policy, TODAY)

    assert verdict.failing == [TAR_OVERWRITE]
    assert verdict.below_threshold == [SEMVER_REDOS]


def test_an_allow_listed_alias_lets_the_finding_pass_until_its_expiry(policy) -> None:
    entry = AllowEntry(id="cve-2018-18074", reason="no redirect to plain HTTP is followed", expires=date(2027, 1, 31))

    verdict = evaluate([REQUESTS_LEAK], [], _with_allow(policy, entry), TODAY)

    assert verdict.allowed == [(REQUESTS_LEAK, entry)]
    assert verdict.exit_code(required=True) == 0


def test_an_expired_entry_fails_the_gate_and_no_longer_covers_its_finding(policy) -> None:
    entry = AllowEntry(id="PYSEC-2018-28", reason="reviewed last quarter", expires=date(2026, 11, 30))

    verdict = evaluate([REQUESTS_LEAK], [], _with_allow(policy, entry), TODAY)

    assert verdict.expired == [entry]
    assert verdict.failing == [REQUESTS_LEAK]
    assert verdict.exit_code(required=False) == 1


def test_an_entry_is_valid_through_its_expiry_day(policy) -> None:
    entry = AllowEntry(id="PYSEC-2018-28", reason="reviewed", expires=TODAY)

    assert evaluate([REQUESTS_LEAK], [], _with_allow(policy, entry), TODAY).exit_code(required=True) == 0


def test_an_unchecked_source_fails_only_when_checking_is_required(policy) -> None:
    verdict = evaluate([], [Unchecked("package-lock.json", "the advisory endpoint did not answer")], policy, TODAY)

    assert (verdict.exit_code(required=False), verdict.exit_code(required=True)) == (0, 1)


def test_the_same_advisory_from_two_sources_is_one_finding_naming_both(policy) -> None:
    from_venv = replace(REQUESTS_LEAK, sources=("the dev venv",))

    verdict = evaluate([REQUESTS_LEAK, from_venv], [], policy, TODAY)

    assert [finding.sources for finding in verdict.failing] == [("requirements.txt", "the dev venv")]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('id = "CVE-1"\nexpires = 2027-01-01', "missing reason"),
        ('id = "CVE-1"\nreason = "x"\nexpires = "soon"', "expires must be a TOML date"),
    ],
)
def test_an_allow_list_entry_without_a_reason_or_a_date_is_rejected(tmp_path: Path, entry: str, message: str) -> None:
    policy_file = tmp_path / "sca.toml"
    policy_file.write_text(DEFAULT_POLICY.read_text() + f"\n[[allow]]\n{entry}\n")

    with pytest.raises(PolicyError, match=message):
        load_policy(policy_file)
