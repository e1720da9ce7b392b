"""A template error fails the gate: app.py synthesizes without CDK's built-in validation, so cfn-lint in
`make verify` (run by `make test` and the pipeline's build step) is what stops an invalid template."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from items_api import names

from tests.unit.conftest import SynthesizedApp
from verify.cli import main


@pytest.fixture
def broken_assembly(synthesized: SynthesizedApp, tmp_path: Path) -> Path:
    """A copy of the synthesized assembly whose dev function has a memory size CloudFormation's schema refuses."""
    assembly = tmp_path / "cdk.out"
    shutil.copytree(synthesized.outdir, assembly, ignore=shutil.ignore_patterns("asset.*"))
    (template_path,) = assembly.glob("assembly-*Dev/*Service*.template.json")
    template = json.loads(template_path.read_text())
    (function,) = (
        resource
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::Lambda::Function" and resource["Properties"].get("Handler") == names.HANDLER
    )
    function["Properties"]["MemorySize"] = "lots"
    template_path.write_text(json.dumps(template))
    return assembly


def test_an_invalid_template_fails_make_verify_naming_the_cfn_lint_rule(broken_assembly: Path, capsys) -> None:
    code = main(["--assembly", str(broken_assembly)])

    printed = capsys.readouterr().out
    assert code == 1
    assert "FAIL cfn-lint" in printed
    assert "E3012 (error) 'lots' is not of type 'integer'" in printed
