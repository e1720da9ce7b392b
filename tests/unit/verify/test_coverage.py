"""Execution-policy coverage: every handler permission of every dev and prod resource is allowed, or exempted."""

from __future__ import annotations

import pytest

from verify.bootstrap import execution_policy
from verify.checks.coverage import CoverageCheck
from verify.provider_schemas import schemas_for

from .conftest import changed, logical_id_of


@pytest.fixture(scope="module")
def check(catalog) -> CoverageCheck:
    return CoverageCheck(catalog, schemas_for("us-east-1"))


def _policy(stack, project: str, without_sid: str = "", without_action: str = "") -> list[dict]:
    statements = [s for s in execution_policy(project, stack.account, stack.region) if s["Sid"] != without_sid]
    for statement in statements:
        if isinstance(statement["Action"], list) and without_action in statement["Action"]:
            statement["Action"] = [a for a in statement["Action"] if a != without_action]
    return statements


def test_an_exemption_stops_applying_when_its_property_is_set(check, dev, synthesized) -> None:
    function = logical_id_of(dev, "AWS::Lambda::Function")
    in_a_vpc = changed(
        dev, lambda t: t["Resources"][function]["Properties"].update(VpcConfig={"SubnetIds": ["subnet-1"]})
    )

    findings = check.run(in_a_vpc, _policy(dev, synthesized.config.project)).findings

    assert {f.problem.split(" on ")[0] for f in findings} >= {"ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"}
