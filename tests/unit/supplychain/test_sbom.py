"""SBOM: CycloneDX JSON of the synthesized function bundle lists exactly the bundled packages at their pins, and the
toolchain SBOMs list the venv's and node_modules' packages; every file is schema-valid."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from aws_cdk import App
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packaging.utils import canonicalize_name

from configuration import load_config, project_context
from stages.service_stage import ServiceStage
from supplychain.bundles import function_bundles
from supplychain.sbom import SbomError, bundle_sbom, main, validate
from tests.tiers import component
from tests.unit.supplychain.conftest import PROJECT_ROOT
from tools.locks import pins

RUNTIME_REQUIREMENTS = PROJECT_ROOT / "runtime" / "requirements.txt"


def _pins(requirements: Path) -> set[tuple[str, str]]:
    return set(pins(requirements.read_text()).items())


def _components(sbom: dict) -> set[tuple[str, str]]:
    return {(canonicalize_name(c["name"]), c["version"]) for c in sbom["components"]}


@pytest.fixture(scope="module")
@component("synthesizes the app, bundling the function")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The prod service stage synthesized with its real bundling, as `cdk synth` writes it."""
    outdir = tmp_path_factory.mktemp("cdk.out")
    context = project_context()
    app = App(context=context, outdir=str(outdir))
    config = load_config(app.node.get_all_context())
    ServiceStage(app, "Prod", config=config, environment=config.environments["prod"])
    app.synth()
    return outdir


@pytest.fixture(scope="module")
def sboms(assembly: Path) -> dict[str, dict]:
    out = assembly / "sbom"
    assert main(["--assembly", str(assembly), "--out", str(out)]) == 0
    return {path.name.removesuffix(".cdx.json"): json.loads(path.read_text()) for path in out.glob("*.cdx.json")}


def test_listing_a_bundle_leaves_it_as_synthesized(
    assembly: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)  # as a plain `python -m supplychain.sbom` runs
    (bundle,) = function_bundles(assembly).values()
    copy = tmp_path / "bundle"
    shutil.copytree(bundle, copy)
    before = sorted(path.relative_to(copy) for path in copy.rglob("*"))

    bundle_sbom(copy, tmp_path / "function.cdx.json")

    assert sorted(path.relative_to(copy) for path in copy.rglob("*")) == before


def test_every_sbom_is_cyclonedx_1_6_json(sboms: dict[str, dict]) -> None:
    assert set(sboms) == {"function-prod", "toolchain-python", "toolchain-node", "toolchain-node-supplychain"}
    for sbom in sboms.values():
        assert (sbom["bomFormat"], sbom["specVersion"]) == ("CycloneDX", "1.6")


def test_the_function_sbom_lists_powertools_at_its_pin(sboms: dict[str, dict]) -> None:
    pinned = dict(_pins(RUNTIME_REQUIREMENTS))["aws-lambda-powertools"]

    assert ("aws-lambda-powertools", pinned) in _components(sboms["function-prod"])


def test_the_function_sbom_lists_exactly_what_is_in_the_bundle(sboms: dict[str, dict], assembly: Path) -> None:
    bundle = function_bundles(assembly)["prod"]
    installed = {
        (canonicalize_name(name), version)
        for name, _, version in (p.name.removesuffix(".dist-info").partition("-") for p in bundle.glob("*.dist-info"))
    }

    assert _components(sboms["function-prod"]) == installed == _pins(RUNTIME_REQUIREMENTS)


def test_the_toolchain_sboms_list_the_gates_tools_and_the_cdk_cli(sboms: dict[str, dict]) -> None:
    cli = json.loads((PROJECT_ROOT / "package.json").read_text())["devDependencies"]["aws-cdk"]

    assert {"pip-audit", "cyclonedx-bom", "detect-secrets"} <= {
        name for name, _ in _components(sboms["toolchain-python"])
    }
    assert ("aws-cdk", cli) in _components(sboms["toolchain-node"])
    assert "@cyclonedx/cyclonedx-npm" in {
        c["name"] if "group" not in c else f"{c['group']}/{c['name']}"
        for c in sboms["toolchain-node-supplychain"]["components"]
    }


def test_a_document_that_breaks_the_schema_fails_validation(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cdx.json"
    broken.write_text(json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "x"}]}))

    with pytest.raises(SbomError, match=r"not valid CycloneDX 1\.6"):
        validate(broken, JsonStrictValidator(SchemaVersion.V1_6))


def test_without_a_synthesized_app_the_gate_fails_and_says_to_synthesize(tmp_path: Path, capsys) -> None:
    assert main(["--assembly", str(tmp_path / "cdk.out")]) == 1
    assert "make synth" in capsys.readouterr().out
