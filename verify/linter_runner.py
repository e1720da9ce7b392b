"""Runs parliament (with its community auditors) and cloudsplaining over policy documents; stdin JSON in, JSON out.

It runs in its own venv (.venv-iam-linters, requirements-iam-linters.txt: parliament needs pkg_resources, which
the dev venv's setuptools no longer has), so it imports nothing of this project. Input: a list of
{"where": str, "identity": bool, "document": {...}}; output: a list of
{"tool": str, "where": str, "issue": str, "detail": str}, one per finding.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

with warnings.catch_warnings():  # parliament imports pkg_resources, which warns on import
    warnings.simplefilter("ignore")
    import parliament
from cloudsplaining.command.scan_policy_file import scan_policy

# cloudsplaining's risk categories; ServicesAffected is a summary, not a finding.
RISKS = ("ServiceWildcard", "PrivilegeEscalation", "DataExfiltration", "ResourceExposure", "CredentialsExposure",
         "InfrastructureModification")  # fmt: skip


def _parliament(where: str, document: dict[str, Any]) -> list[dict[str, str]]:
    policy = parliament.analyze_policy_string(json.dumps(document), include_community_auditors=True)
    return [
        {
            "tool": "parliament",
            "where": where,
            "issue": finding.issue,
            "detail": json.dumps(finding.detail, sort_keys=True),
        }
        for finding in policy.findings
    ]


def _cloudsplaining(where: str, document: dict[str, Any]) -> list[dict[str, str]]:
    results = scan_policy(document, flag_conditional_statements=True)
    found = []
    for risk in RISKS:
        for item in results.get(risk, {}).get("findings", []):
            detail = item if isinstance(item, str) else json.dumps(item, sort_keys=True)
            found.append({"tool": "cloudsplaining", "where": where, "issue": risk, "detail": detail})
    return found


def main() -> int:
    findings = []
    for entry in json.load(sys.stdin):
        findings += _parliament(entry["where"], entry["document"])
        if entry["identity"]:  # cloudsplaining judges identity policies only
            findings += _cloudsplaining(entry["where"], entry["document"])
    json.dump(findings, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
