"""Every role of a service stack carries the project's boundary, and the boundary keeps what each role needs."""

from __future__ import annotations

import pytest

from verify.bootstrap import role_boundary, role_boundary_arn
from verify.checks.boundary import check_stack

from .conftest import changed, logical_id_of


@pytest.fixture(scope="module")
def limits(synthesized, dev) -> tuple[str, list[dict]]:
    project = synthesized.config.project
    return role_boundary_arn(project, dev.account, dev.region), role_boundary(project, dev.account, dev.region)


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_role_of_the_stage_is_within_the_boundary(request, synthesized, stage) -> None:
    stack = request.getfixturevalue(stage)
    project = synthesized.config.project
    arn = role_boundary_arn(project, stack.account, stack.region)

    result = check_stack(stack, arn, role_boundary(project, stack.account, stack.region))

    assert result.findings == ()
    assert result.checked == len([r for r in stack.resources.values() if r["Type"] == "AWS::IAM::Role"])


def test_a_role_without_the_boundary_is_a_finding(dev, limits) -> None:
    role = logical_id_of(dev, "AWS::IAM::Role", "FunctionRole")
    unbounded = changed(dev, lambda t: t["Resources"][role]["Properties"].pop("PermissionsBoundary"))

    findings = check_stack(unbounded, *limits).findings

    assert [f.where for f in findings] == [f"{dev.stack_name}/{role}"]
    assert "permissions boundary is None" in findings[0].problem


def test_a_grant_the_boundary_does_not_allow_is_a_finding(dev, limits) -> None:
    policy = logical_id_of(dev, "AWS::IAM::Policy", "FunctionRoleDefaultPolicy")
    foreign = {
        "Effect": "Allow",
        "Action": "dynamodb:Scan",
        "Resource": "arn:aws:dynamodb:us-east-1:222222222222:table/other",
    }
    widened = changed(
        dev, lambda t: t["Resources"][policy]["Properties"]["PolicyDocument"]["Statement"].append(foreign)
    )

    findings = check_stack(widened, *limits).findings

    assert [f.problem for f in findings] == [
        "dynamodb:Scan on arn:aws:dynamodb:us-east-1:222222222222:table/other is outside the boundary"
    ]
