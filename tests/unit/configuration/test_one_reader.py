"""One reader: nothing outside configuration/ parses cdk.json, the tools read it without importing aws_cdk, and a
configuration error ends synth and the tools with its message and no traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from configuration import CDK_JSON, project_context

pytestmark = pytest.mark.component  # runs git, app.py and fresh interpreters

PROJECT_ROOT = CDK_JSON.parent
# A path to cdk.json in code: reading it is the configuration package's job.
CDK_JSON_PATH = re.compile(r"""(["'])cdk\.json\1""")
# Files that name cdk.json without parsing it, and why.
NAMES_WITHOUT_PARSING = {
    "local/synth_inputs.py": "hashes cdk.json as one input of the synth, to know whether cdk.out is current",
    "tests/unit/configuration/test_one_reader.py": "its fixtures write a cdk.json for the reader to refuse",
    "tests/unit/local/test_synth_inputs.py": "its fixture project writes a cdk.json for the up-to-date check",
}


def _tracked_python() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    return [path for path in listed.stdout.split() if not path.startswith("configuration/")]


def _naming_cdk_json(paths: list[str], root: Path = PROJECT_ROOT) -> list[str]:
    return [path for path in paths if CDK_JSON_PATH.search((root / path).read_text())]


def test_nothing_outside_the_configuration_package_opens_cdk_json() -> None:
    assert sorted(set(_naming_cdk_json(_tracked_python())) - set(NAMES_WITHOUT_PARSING)) == []


def test_the_search_finds_a_reader_that_opens_cdk_json(tmp_path) -> None:
    (tmp_path / "reader.py").write_text('context = json.loads((ROOT / "cdk.json").read_text())["context"]\n')

    assert _naming_cdk_json(["reader.py"], root=tmp_path) == ["reader.py"]


@pytest.mark.parametrize("module", ["configuration", "tools.releases", "tools.bootstrap", "verify.cli", "local.cli"])
def test_reading_the_configuration_does_not_import_the_cdk(module: str) -> None:
    code = f"import sys, {module}, configuration; configuration.load_project_config(); print(sorted(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)

    assert {"aws_cdk", "jsii"}.isdisjoint(eval(loaded.stdout))  # noqa: S307 - our own subprocess's repr of a list


def _misspelt_context() -> dict:
    context = project_context()
    context["waves"][1]["aproval"] = context["waves"][1].pop("approval")
    return context


def test_synth_with_a_misspelt_key_stops_with_the_message_and_no_traceback(tmp_path) -> None:
    environment = {**os.environ, "CDK_CONTEXT_JSON": json.dumps(_misspelt_context()), "CDK_OUTDIR": str(tmp_path)}

    synth = subprocess.run(
        [sys.executable, "app.py"], cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, check=False
    )

    assert synth.returncode == 2
    assert "cdk.json context 'waves[1].aproval' is an unknown key; did you mean 'approval'?" in synth.stderr
    assert "Traceback" not in synth.stderr
    assert not (tmp_path / "manifest.json").exists()


def test_a_tool_with_a_misspelt_key_stops_with_the_message_and_no_traceback(tmp_path) -> None:
    broken = tmp_path / "cdk.json"
    broken.write_text(json.dumps({"app": "python app.py", "context": _misspelt_context()}))
    code = (
        "import configuration, configuration.loading as loading, tools.releases as releases;"
        f"loading.CDK_JSON = configuration.loading.Path({str(broken)!r});"
        "releases.load_project_config = lambda: configuration.load_project_config(loading.CDK_JSON);"
        "releases.main([])"
    )

    run = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)

    assert run.returncode == 2
    assert run.stderr.startswith("error: cdk.json context 'waves[1].aproval' is an unknown key")
    assert "Traceback" not in run.stderr
