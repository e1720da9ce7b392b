"""A resource with a fixed physical name is never kept by a failed create.

`DeletionPolicy: Retain` also applies when a create rolls back: CloudFormation leaves the new resource behind, and
the next create of the stack fails on it ("<name> already exists"). `RetainExceptOnCreate` keeps the resource on
update and delete but removes it when the create that made it fails (AWS CloudFormation User Guide, DeletionPolicy
attribute). What fixes a name: verify/physical_names.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding
from verify.physical_names import fixed_name

NAME = "retain-on-create"
SOURCE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html"


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    findings, checked = [], 0
    for stack in stacks:
        for logical_id, resource in stack.resources.items():
            if resource.get("DeletionPolicy") != "Retain":
                continue
            checked += 1
            named_by = fixed_name(resource, stack.resources, stack.region)
            if named_by is not None:
                findings.append(
                    Finding(
                        NAME,
                        f"{stack.stack_name}/{logical_id}",
                        f"{resource['Type']} is named ({named_by}) and DeletionPolicy Retain: a failed create keeps "
                        "it, and the retry fails with 'already exists'",
                        f"DeletionPolicy RetainExceptOnCreate (RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE; {SOURCE})",
                    )
                )
    return CheckResult(NAME, tuple(sorted(findings)), checked=checked)
