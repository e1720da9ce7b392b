"""The default configuration (dev, then prod behind an approval) synthesizes what it did before environments
became configuration: the same stacks, resources and key properties (tests/unit/fixtures/default-assembly.json,
recorded from the last commit with fixed dev and prod environments)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.unit.assembly_summary import summarize
from tests.unit.conftest import SynthesizedApp

RECORDED = Path(__file__).parent / "fixtures" / "default-assembly.json"


def _differences(recorded: dict, synthesized: dict) -> list[str]:
    found = [f"stack {name}: only recorded" for name in recorded.keys() - synthesized.keys()]
    found += [f"stack {name}: only synthesized" for name in synthesized.keys() - recorded.keys()]
    for name in recorded.keys() & synthesized.keys():
        before, after = recorded[name], synthesized[name]
        if (before["Account"], before["Region"]) != (after["Account"], after["Region"]):
            found.append(f"stack {name}: moved from {before['Account']}/{before['Region']}")
        for logical_id in before["Resources"].keys() | after["Resources"].keys():
            if before["Resources"].get(logical_id) != after["Resources"].get(logical_id):
                found.append(f"{name}/{logical_id}: {before['Resources'].get(logical_id)} -> "
                             f"{after['Resources'].get(logical_id)}")  # fmt: skip
    return sorted(found)


def test_the_default_waves_synthesize_the_recorded_stacks_resources_and_key_properties(
    synthesized: SynthesizedApp,
) -> None:
    assert _differences(json.loads(RECORDED.read_text()), summarize(synthesized.outdir)) == []


def test_the_comparison_sees_a_changed_key_property(synthesized: SynthesizedApp, tmp_path: Path) -> None:
    assembly = tmp_path / "cdk.out"
    shutil.copytree(synthesized.outdir, assembly, ignore=shutil.ignore_patterns("asset.*"))
    (template_path,) = assembly.glob("assembly-*Prod/*Service*.template.json")
    template = json.loads(template_path.read_text())
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::DynamoDB::Table":
            resource["Properties"]["DeletionProtectionEnabled"] = False
    template_path.write_text(json.dumps(template))

    differences = _differences(json.loads(RECORDED.read_text()), summarize(assembly))

    assert len(differences) == 2  # the items table and the idempotency table
    assert all(difference.startswith("items-api-prod/") for difference in differences)


def test_a_new_code_hash_in_a_version_id_does_not_count(synthesized: SynthesizedApp, tmp_path: Path) -> None:
    assembly = tmp_path / "cdk.out"
    shutil.copytree(synthesized.outdir, assembly, ignore=shutil.ignore_patterns("asset.*"))
    (template_path,) = assembly.glob("assembly-*Prod/*Service*.template.json")
    text = template_path.read_text()
    (version_id,) = {
        logical_id
        for logical_id, resource in json.loads(text)["Resources"].items()
        if resource["Type"] == "AWS::Lambda::Version"
    }
    template_path.write_text(text.replace(version_id, version_id[:-32] + "0" * 32))  # as a code change renames it

    assert _differences(json.loads(RECORDED.read_text()), summarize(assembly)) == []
