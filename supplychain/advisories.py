"""Run the advisory look-ups (pip-audit for Python, npm audit for npm) and read their JSON reports.

An audit ends in one of three ways: a report (findings, possibly none), `Unchecked` when the advisory service did
not answer (pip-audit marks such dependencies as skipped; npm says "audit endpoint returned an error"), or
`AuditError` when the tool failed for another reason (a bad requirements file, a missing lock file), which always
fails the gate.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supplychain.sca_policy import Finding, Unchecked

AUDIT_TIMEOUT_SECONDS = 600
NETWORK_ERROR = re.compile(
    r"ConnectionError|ConnectTimeout|ReadTimeout|ProxyError|SSLError|NameResolutionError|Max retries exceeded"
    r"|Could not connect|ServiceError"
)
NPM_SERVICE_ERROR = "audit endpoint returned an error"


class AuditError(RuntimeError):
    """The audit tool failed for a reason other than an unreachable advisory service."""


@dataclass(frozen=True)
class AuditResult:
    """What one audited source gave: its findings, how many packages were looked up, or why it was not checked."""

    source: str
    findings: tuple[Finding, ...] = ()
    audited: int = 0
    unchecked: Unchecked | None = None


def _tail(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def read_pip_audit(report: dict[str, Any], source: str) -> AuditResult:
    """Findings from pip-audit's JSON; any skipped dependency makes the source unchecked (it was not looked up)."""
    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    findings = tuple(
        Finding(
            ecosystem="python",
            package=dep["name"],
            version=dep["version"],
            advisory=vuln["id"],
            aliases=tuple(vuln.get("aliases", [])),
            sources=(source,),
        )
        for dep in dependencies
        if "skip_reason" not in dep
        for vuln in dep.get("vulns", [])
    )
    audited = len(dependencies) - len(skipped)
    if not dependencies:
        return AuditResult(source, unchecked=Unchecked(source, "pip-audit found no dependency to look up"))
    if skipped:
        reason = (
            f"PyPI's advisory look-up answered nothing for {len(skipped)} of {len(dependencies)} packages "
            f"(pip-audit: {skipped[0]['skip_reason']})"
        )
        return AuditResult(source, findings, audited, Unchecked(source, reason))
    return AuditResult(source, findings, audited)


def pip_audit(source: str, selection: list[str], cache_dir: str | None = None) -> AuditResult:
    """pip-audit against PyPI's advisory feed for one selection (`-r FILE ...`, `--local` or `--path DIR`)."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "pip-audit.json"
        command = [
            sys.executable, "-m", "pip_audit", *selection, "--vulnerability-service", "pypi",
            "--format", "json", "--aliases", "on", "--progress-spinner", "off", "--output", str(output),
        ]  # fmt: skip
        if cache_dir:
            command += ["--cache-dir", cache_dir]
        result = subprocess.run(command, capture_output=True, text=True, timeout=AUDIT_TIMEOUT_SECONDS, check=False)
        if output.is_file() and output.stat().st_size:
            return read_pip_audit(json.loads(output.read_text()), source)
    if NETWORK_ERROR.search(result.stderr):
        return AuditResult(source, unchecked=Unchecked(source, f"PyPI did not answer: {_tail(result.stderr)}"))
    raise AuditError(f"pip-audit failed on {source}: {_tail(result.stderr)}")


def _advisory_id(advisory: dict[str, Any]) -> str:
    """The GHSA id from the advisory URL (the id GitHub, OSV and PyPI share), else npm's numeric source id."""
    url = advisory.get("url") or ""
    return url.rstrip("/").rsplit("/", 1)[-1] if "/advisories/" in url else str(advisory.get("source"))


def read_npm_audit(report: dict[str, Any], lock: dict[str, Any], source: str) -> AuditResult:
    """Findings from `npm audit --json` (report version 2), with installed versions from the lock file."""
    installed = lock.get("packages", {})
    findings = []
    for name, vulnerability in report.get("vulnerabilities", {}).items():
        versions = sorted({installed.get(node, {}).get("version", "?") for node in vulnerability.get("nodes", [])})
        for advisory in vulnerability.get("via", []):
            if isinstance(advisory, dict):  # a plain string names a vulnerable dependency, reported on its own
                findings.append(
                    Finding(
                        ecosystem="npm",
                        package=advisory.get("name", name),
                        version=", ".join(versions) or "?",
                        advisory=_advisory_id(advisory),
                        severity=advisory.get("severity"),
                        sources=(source,),
                    )
                )
    audited = report.get("metadata", {}).get("dependencies", {}).get("total", 0)
    return AuditResult(source, tuple(findings), audited)


def npm_audit(lockfile: Path) -> AuditResult:
    """`npm audit` of one lock file (`--package-lock-only`: no node_modules needed) against the registry."""
    source = str(lockfile)
    if not lockfile.is_file():
        raise AuditError(f"{lockfile} not found")
    command = ["npm", "audit", "--json", "--package-lock-only"]
    result = subprocess.run(
        command, cwd=lockfile.parent, capture_output=True, text=True, timeout=AUDIT_TIMEOUT_SECONDS, check=False
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AuditError(f"npm audit failed on {source}: {_tail(result.stderr)}") from None
    if "auditReportVersion" in report:
        return read_npm_audit(report, json.loads(lockfile.read_text()), source)
    if NPM_SERVICE_ERROR in result.stderr:
        reason = f"the registry's advisory endpoint did not answer: {report.get('message', _tail(result.stderr))}"
        return AuditResult(source, unchecked=Unchecked(source, reason))
    raise AuditError(f"npm audit failed on {source}: {report.get('error', {}).get('summary') or _tail(result.stderr)}")
