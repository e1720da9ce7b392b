"""Pipeline regions: every region a pipeline deploys into offers CodePipeline (botocore's endpoint data)."""

from __future__ import annotations

from typing import Any

from tests.unit.conftest import SynthesizedApp
from tests.unit.verify.conftest import changed, logical_id_of
from verify.assembly import DeployedStack, load_stacks
from verify.checks.pipeline_regions import check_templates, service_regions


def test_the_three_wave_pipeline_reaches_only_regions_with_codepipeline(three_waves: SynthesizedApp) -> None:
    result = check_templates(load_stacks(three_waves.outdir))
    assert result.findings == ()
    assert result.checked == 2  # us-east-1 and eu-west-1


def test_a_region_without_codepipeline_fails(stacks: dict[str, DeployedStack]) -> None:
    (pipeline,) = [s for s in stacks.values() if s.stack_name.endswith("delivery-pipeline")]
    unserved = "ap-southeast-7"
    assert unserved not in service_regions("codepipeline")  # botocore's data as pinned
    resource = logical_id_of(pipeline, "AWS::CodePipeline::Pipeline")

    def add_store(template: dict[str, Any]) -> None:
        properties = template["Resources"][resource]["Properties"]
        store = {"Location": "bucket", "Type": "S3"}
        properties["ArtifactStores"] = [
            {"Region": "us-east-1", "ArtifactStore": store},
            {"Region": unserved, "ArtifactStore": store},
        ]

    [finding] = check_templates([changed(pipeline, add_store)]).findings
    assert unserved in finding.problem
