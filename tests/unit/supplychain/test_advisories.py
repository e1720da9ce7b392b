"""Reading pip-audit's and npm audit's JSON reports, and telling an unreachable advisory service from a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from supplychain.advisories import npm_audit, pip_audit, read_npm_audit, read_pip_audit
from tests.unit.supplychain.conftest import FIXTURES, PROJECT_ROOT

# Shapes as pip-audit 2.10 (`--format json --aliases on`) and npm 11 (`npm audit --json`, report version 2) write them.
PIP_AUDIT_REPORT = {
    "dependencies": [
        {
            "name": "requests",
            "version": "2.19.1",
            "vulns": [
                {
                    "id": "PYSEC-2018-28",
                    "fix_versions": ["2.20.0"],
                    "aliases": ["CVE-2018-18074", "GHSA-x84v-xcm2-53pg"],
                }
            ],
        },
        {"name": "idna", "version": "2.7", "vulns": []},
    ],
    "fixes": [],
}
NPM_AUDIT_REPORT = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "semver": {
            "name": "semver",
            "severity": "moderate",
            "isDirect": False,
            "via": [
                {
                    "source": 1101088,
                    "name": "semver",
                    "dependency": "semver",
                    "title": "semver vulnerable to Regular Expression Denial of Service",
                    "url": "https://github.com/advisories/GHSA-c2qf-rxjj-qqgw",
                    "severity": "moderate",
                    "cwe": ["CWE-1333"],
                    "cvss": {"score": 5.3, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"},
                    "range": ">=7.0.0 <7.5.2",
                }
            ],
            "effects": ["make-fetch-happen"],
            "range": "7.0.0 - 7.5.1",
            "nodes": ["node_modules/semver"],
            "fixAvailable": True,
        },
        "make-fetch-happen": {
            "name": "make-fetch-happen",
            "severity": "moderate",
            "isDirect": True,
            "via": ["semver"],
            "effects": [],
            "range": "*",
            "nodes": ["node_modules/make-fetch-happen"],
            "fixAvailable": True,
        },
    },
    "metadata": {
        "vulnerabilities": {"info": 0, "low": 0, "moderate": 2, "high": 0, "critical": 0, "total": 2},
        "dependencies": {"prod": 40, "dev": 0, "optional": 0, "peer": 0, "peerOptional": 0, "total": 39},
    },
}
LOCK = {"packages": {"node_modules/semver": {"version": "7.5.1"}, "node_modules/make-fetch-happen": {"version": "11"}}}
UNREACHABLE = "http://127.0.0.1:9"  # loopback discard port: nothing listens, the connection is refused


def test_pip_audit_findings_carry_the_advisory_its_aliases_and_no_severity() -> None:
    result = read_pip_audit(PIP_AUDIT_REPORT, "requirements.txt")

    (finding,) = result.findings
    assert (finding.package, finding.version, finding.advisory) == ("requests", "2.19.1", "PYSEC-2018-28")
    assert "CVE-2018-18074" in finding.aliases
    assert finding.severity is None
    assert (result.audited, result.unchecked) == (2, None)


def test_a_skipped_dependency_makes_the_source_unchecked_not_clean() -> None:
    report = {
        "dependencies": [{"name": "wrapt", "skip_reason": "Dependency not found on PyPI and could not be audited"}]
    }

    result = read_pip_audit(report, "runtime/requirements.txt")

    assert result.unchecked is not None
    assert "1 of 1 packages" in result.unchecked.reason


def test_npm_findings_come_from_advisories_with_severity_and_installed_version() -> None:
    result = read_npm_audit(NPM_AUDIT_REPORT, LOCK, "package-lock.json")

    (finding,) = result.findings  # make-fetch-happen is only affected through semver
    assert (finding.package, finding.version, finding.advisory, finding.severity) == (
        "semver",
        "7.5.1",
        "GHSA-c2qf-rxjj-qqgw",
        "moderate",
    )
    assert result.audited == 39


@pytest.mark.component  # runs pip-audit
def test_pip_audit_through_a_refused_connection_is_unchecked(monkeypatch, tmp_path: Path) -> None:
    for variable in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", UNREACHABLE)
    selection = ["-r", str(FIXTURES / "vulnerable-requirements.txt"), "--no-deps", "--disable-pip"]

    result = pip_audit("fixture", selection, cache_dir=str(tmp_path))

    assert result.unchecked is not None
    assert result.unchecked.reason.startswith("PyPI did not answer: requests.exceptions.ProxyError")
    assert result.findings == ()


@pytest.mark.component  # runs npm audit
def test_npm_audit_against_a_registry_that_refuses_is_unchecked(monkeypatch) -> None:
    monkeypatch.setenv("npm_config_registry", f"{UNREACHABLE}/")

    result = npm_audit(PROJECT_ROOT / "package-lock.json")

    assert result.unchecked is not None
    assert "advisory endpoint did not answer" in result.unchecked.reason
