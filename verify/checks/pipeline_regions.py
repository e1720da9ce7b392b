"""Every region a pipeline acts in offers CodePipeline.

A cross-region action runs in its region's CodePipeline, with an artifact store there; CreatePipeline refuses a
region without the service ("... specified in 'pipeline.artifactStores' is not a valid AWS Region", aws/aws-cdk
#15650). cfn-lint checks each template's resource types in its own region, not the regions a pipeline reaches. The
regions come from botocore's endpoint data (pinned), AWS's published list of each service's regional endpoints.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import botocore

from verify.assembly import DeployedStack
from verify.findings import CheckResult, Finding

NAME = "pipeline-regions"
ENDPOINTS = Path(botocore.__file__).parent / "data" / "endpoints.json"


@cache
def service_regions(service: str, partition: str = "aws") -> frozenset[str]:
    """The regions botocore's endpoint data lists for a service's endpoints in a partition."""
    data = json.loads(ENDPOINTS.read_text())
    (found,) = [p for p in data["partitions"] if p["partition"] == partition]
    return frozenset(found["services"].get(service, {}).get("endpoints", {}))


def check_templates(stacks: Sequence[DeployedStack]) -> CheckResult:
    findings, checked = [], 0
    for stack in stacks:
        for logical_id, resource in stack.resources.items():
            if resource.get("Type") != "AWS::CodePipeline::Pipeline":
                continue
            properties = resource["Properties"]
            regions = {stack.region} | {store["Region"] for store in properties.get("ArtifactStores", [])}
            for region in sorted(regions):
                checked += 1
                if region not in service_regions("codepipeline", stack.partition):
                    findings.append(
                        Finding(
                            NAME,
                            f"{stack.stack_name}/{logical_id}",
                            f"acts in {region}, where botocore {botocore.__version__} lists no CodePipeline endpoint",
                            "deploy that environment from a region CodePipeline offers",
                        )
                    )
    return CheckResult(NAME, tuple(sorted(findings)), checked=checked)
