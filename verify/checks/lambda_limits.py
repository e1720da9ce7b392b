"""Lambda's size quotas, measured on the assembly: code, environment, resource-based policy.

A function's code and layers unzipped hold at most 250 MB; its environment variables at most 4 KB in all; its
(or an alias's) resource-based policy at most 20 KB, which every AWS::Lambda::Permission adds a statement to (AWS
Lambda Developer Guide, "Lambda quotas"). None of these is in CloudFormation's schema; each fails a create or a
later update that adds to it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding, per_stack

NAME = "lambda-limits"
SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
UNZIPPED_CODE_BYTES = 250 * 1024 * 1024
ENVIRONMENT_BYTES = 4 * 1024
RESOURCE_POLICY_BYTES = 20 * 1024
# A Permission's statement as Lambda stores it: the properties plus Sid, Effect, ARNs and condition wrapping.
STATEMENT_OVERHEAD_BYTES = 200


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _findings(stack: DeployedStack) -> tuple[list[Finding], int]:
    findings, checked = [], 0
    policies: dict[str, int] = {}
    for logical_id, resource in stack.resources.items():
        where, properties = f"{stack.stack_name}/{logical_id}", resource.get("Properties", {})
        if resource["Type"] == "AWS::Lambda::Function":
            checked += 1
            asset = resource.get("Metadata", {}).get("aws:asset:path")
            if asset and (stack.template_path.parent / asset).is_dir():
                size = folder_bytes(stack.template_path.parent / asset)
                if size > UNZIPPED_CODE_BYTES:
                    findings.append(Finding(NAME, where, f"its code is {size:,} bytes unzipped; Lambda takes "
                                            f"{UNZIPPED_CODE_BYTES:,}", f"trim the bundle ({SOURCE})"))  # fmt: skip
            variables = properties.get("Environment", {}).get("Variables", {})
            size = sum(len(key) + len(json.dumps(value)) for key, value in variables.items())
            if size > ENVIRONMENT_BYTES:
                findings.append(Finding(NAME, where, f"its environment is about {size:,} bytes; Lambda takes "
                                        f"{ENVIRONMENT_BYTES:,}", f"move settings elsewhere ({SOURCE})"))  # fmt: skip
        elif resource["Type"] == "AWS::Lambda::Permission":
            target = json.dumps(properties.get("FunctionName"), sort_keys=True)
            size = len(json.dumps(properties, separators=(",", ":"))) + STATEMENT_OVERHEAD_BYTES
            policies[target] = policies.get(target, 0) + size
    for target, size in policies.items():
        checked += 1
        if size > RESOURCE_POLICY_BYTES:
            findings.append(Finding(NAME, f"{stack.stack_name}/function {target}", f"its permissions come to about "
                                    f"{size:,} bytes of resource policy; Lambda takes {RESOURCE_POLICY_BYTES:,}",
                                    f"grant with fewer, wider source ARNs ({SOURCE})"))  # fmt: skip
    return findings, checked


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    return per_stack(NAME, stacks, _findings)
