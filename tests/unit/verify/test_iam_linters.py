"""parliament and cloudsplaining over every policy document: an unexplained finding fails, an explained one is
listed, and the documents they read are the deployed ones (intrinsics resolved, trust policies on their role)."""

from __future__ import annotations

import pytest

from verify.checks.iam_linters import LINTER_PYTHON, check, judge, run_linters
from verify.linter_acknowledgements import Acknowledgement
from verify.policy_documents import PolicyDocument, policy_documents

from .conftest import logical_id_of

needs_linters = pytest.mark.skipif(
    not LINTER_PYTHON.exists(), reason="the IAM linters' venv is made by `make verify` (make test runs it first)"
)
STAR_ROLE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*"}],
}
ACK = Acknowledgement("parliament", "RESOURCE_STAR", "t.json/Key* KeyPolicy", "a key policy's * is the key")


def _raw(issue: str, where: str, tool: str = "parliament", detail: str = '""') -> dict[str, str]:
    return {"tool": tool, "issue": issue, "where": where, "detail": detail}


def test_an_acknowledged_finding_passes_and_is_counted() -> None:
    result = judge([_raw("RESOURCE_STAR", "t.json/Key1 KeyPolicy")], [ACK])

    assert result.passed
    assert result.notes == ("1 linter findings acknowledged with a reason",)


def test_a_finding_without_an_acknowledgement_fails_naming_the_tool_and_issue() -> None:
    result = judge([_raw("PrivilegeEscalation", "t.json/Policy PolicyDocument", tool="cloudsplaining")], [ACK])

    assert [f.problem for f in result.findings] == ['cloudsplaining PrivilegeEscalation: ""']
    assert "acknowledgement matches nothing: parliament RESOURCE_STAR t.json/Key* KeyPolicy" in result.notes


def test_trust_policies_are_judged_on_their_role_and_intrinsics_are_resolved(dev) -> None:
    role = logical_id_of(dev, "AWS::IAM::Role", "FunctionRole")
    documents = {doc.where: doc for doc in policy_documents(dev)}

    trust = documents[f"{dev.template_path.name}/{role} AssumeRolePolicyDocument"]

    assert not trust.identity
    assert trust.document["Statement"][0]["Resource"].startswith(f"arn:aws:iam::{dev.account}:role/")
    assert "Fn::" not in str([doc.document for doc in documents.values()])


@pytest.mark.component  # runs the IAM linters in their own venv
@needs_linters
def test_a_role_policy_on_every_role_is_an_unexplained_finding() -> None:
    document = PolicyDocument("t.json", "Broken", "PolicyDocument", True, STAR_ROLE_POLICY)

    result = check([document])

    found = {f.problem.split(":")[0] for f in result.findings}
    assert {"cloudsplaining PrivilegeEscalation", "parliament RESOURCE_STAR"} <= found


@pytest.mark.component  # runs the IAM linters in their own venv
@needs_linters
def test_the_linters_read_every_document_they_are_given() -> None:
    documents = [PolicyDocument("t.json", f"P{n}", "PolicyDocument", True, STAR_ROLE_POLICY) for n in range(2)]

    wheres = {item["where"] for item in run_linters(documents)}

    assert wheres == {"t.json/P0 PolicyDocument", "t.json/P1 PolicyDocument"}
