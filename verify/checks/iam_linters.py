"""Independent IAM linters over every policy document of the assembly and bootstrap/: parliament (with its
community auditors) and cloudsplaining, pinned in their own venv (requirements-iam-linters.txt).

Intrinsics are resolved to well-formed ARNs first (verify/policy_documents.py), so the linters judge what
CloudFormation will deploy. A finding is either acknowledged with its reason (verify/linter_acknowledgements.py)
or fails the check; so does an acknowledgement that no longer matches anything, and a missing linter venv.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from configuration.paths import PROJECT_ROOT
from verify.findings import CheckResult, Finding
from verify.linter_acknowledgements import ACKNOWLEDGEMENTS, Acknowledgement
from verify.policy_documents import PolicyDocument

NAME = "iam-linters"
LINTER_PYTHON = PROJECT_ROOT / ".venv-iam-linters" / "bin" / "python"
RUNNER = PROJECT_ROOT / "verify" / "linter_runner.py"
ACKNOWLEDGEMENTS_FILE = "verify/linter_acknowledgements.py"


def run_linters(documents: Sequence[PolicyDocument], python: Path = LINTER_PYTHON) -> list[dict[str, str]]:
    """The linters' raw findings, one per tool, issue and document (the same document in two stacks is judged once
    per stack, which keeps `where` exact)."""
    payload = [{"where": doc.where, "identity": doc.identity, "document": doc.document} for doc in documents]
    completed = subprocess.run(
        [str(python), str(RUNNER)], input=json.dumps(payload), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the IAM linters failed: {completed.stderr.strip()[-2000:]}")
    return json.loads(completed.stdout)


def judge(raw: Iterable[dict[str, str]], acknowledgements: Sequence[Acknowledgement] = ACKNOWLEDGEMENTS) -> CheckResult:
    findings: list[Finding] = []
    used: set[Acknowledgement] = set()
    seen = 0
    for item in raw:
        seen += 1
        tool, issue, where, detail = item["tool"], item["issue"], item["where"], item["detail"]
        entry = next((a for a in acknowledgements if a.matches(tool, issue, where, detail)), None)
        if entry is None:
            findings.append(
                Finding(
                    NAME, where, f"{tool} {issue}: {detail}",
                    f"fix the policy, or acknowledge it with a reason in {ACKNOWLEDGEMENTS_FILE}",
                )
            )  # fmt: skip
        else:
            used.add(entry)
    notes = [f"{seen - len(findings)} linter findings acknowledged with a reason"]
    notes += [
        f"acknowledgement matches nothing: {a.tool} {a.issue} {a.where}" for a in acknowledgements if a not in used
    ]
    return CheckResult(NAME, tuple(findings), tuple(notes), seen)


def check(documents: Sequence[PolicyDocument], python: Path = LINTER_PYTHON) -> CheckResult:
    if not python.exists():
        fix = "run `make verify` (it installs .venv-iam-linters from requirements-iam-linters.txt)"
        return CheckResult(NAME, (Finding(NAME, str(python), "the IAM linters are not installed", fix),))
    result = judge(run_linters(documents, python))
    return CheckResult(result.name, result.findings, result.notes, len(documents))
