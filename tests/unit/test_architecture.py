"""docs/architecture.md holds: every module imports only what its layer may, verify loads no CDK or emulator, and
the runtime is loaded under one import name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from configuration.paths import PROJECT_ROOT
from tests.unit.import_rules import ALLOWED, read_modules, root_definitions, violations

ARCHITECTURE = PROJECT_ROOT / "docs" / "architecture.md"
INTERNAL = "imports local's internal module {module} (import from {package}, its API)"


def _loaded_after(statement: str) -> list[str]:
    """The modules a fresh interpreter has loaded after running `statement` (the project's import path, as pytest's)."""
    environment = {**os.environ, "PYTHONPATH": f"{PROJECT_ROOT}{os.pathsep}{PROJECT_ROOT / 'runtime'}"}
    script = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=environment, cwd=PROJECT_ROOT
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_every_module_imports_only_what_its_layer_may() -> None:
    assert violations(read_modules(PROJECT_ROOT)) == []


def test_the_rules_name_every_package_the_architecture_page_names() -> None:
    page = ARCHITECTURE.read_text()

    assert [layer for layer in ALLOWED if f"`{layer}" not in page] == []


def test_a_tree_that_breaks_the_rules_fails(tmp_path: Path) -> None:
    broken = {
        "verify/gate.py": "import aws_cdk\nfrom local.gateway.gateway import G\nfrom verify.change_check import x\n",
        "runtime/items_api/api.py": "from stages import service_stage\n",
        "bench/figures.py": "from local.database.dynalite import Dynalite\nfrom local.database import Database\n",
        "stages/names.py": "from runtime.items_api import names\n",
        "local/workers/pool.py": "from local.gateway import Gateway\n",
        "local/gateway/gateway.py": "from local.workers import Pool\nfrom local.workers.pool import Pool\n",
        "local/database/dynalite.py": "",
    }
    for path, text in broken.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)

    found = violations(read_modules(tmp_path))

    assert found == [
        f"bench/figures.py: {INTERNAL.format(module='local.database.dynalite', package='local.database')}",
        f"local/gateway/gateway.py: {INTERNAL.format(module='local.workers.pool', package='local.workers')}",
        "local/workers/pool.py: local.workers may not import local.gateway (local's layers)",
        "runtime/items_api/api.py: items_api may not import stages (stages)",
        "runtime/items_api/api.py: items_api may not import stages (stages.service_stage)",
        "stages/names.py: imports runtime.items_api.names; the runtime's one import name is without `runtime.`",
        "stages/names.py: imports runtime.items_api; the runtime's one import name is without `runtime.`",
        f"verify/gate.py: {INTERNAL.format(module='local.gateway.gateway', package='local.gateway')}",
        "verify/gate.py: verify may not import aws_cdk",
        "verify/gate.py: verify may not import change_check (verify.change_check)",
        "verify/gate.py: verify may not import change_check (verify.change_check.x)",
        "verify/gate.py: verify may not import local (local.gateway.gateway)",
        "verify/gate.py: verify may not import local (local.gateway.gateway.G)",
    ]


def test_the_project_root_is_defined_once() -> None:
    assert root_definitions(PROJECT_ROOT) == []


def test_a_module_with_its_own_project_root_is_named(tmp_path: Path) -> None:
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "figures.py").write_text(
        "from pathlib import Path\nPROJECT_ROOT = Path(__file__).parent.parent\n"
    )

    assert root_definitions(tmp_path) == ["bench/figures.py:2"]


@pytest.mark.component  # a fresh interpreter
def test_the_offline_gate_loads_neither_cdk_nor_the_emulator_nor_the_change_check() -> None:
    loaded = _loaded_after("import verify.cli")
    ours = ("stages", "pipeline", "local", "verify.change_check", "aws_cdk", "constructs", "cdk_nag", "jsii")

    assert [name for name in loaded if name in ours or name.startswith(tuple(f"{prefix}." for prefix in ours))] == []


@pytest.mark.component  # a fresh interpreter
def test_the_app_and_the_runtime_share_one_items_api() -> None:
    loaded = _loaded_after("import app, items_api.names, items_api.proxy_event\nfrom stages.constructs import api")

    assert "items_api.names" in loaded
    assert [name for name in loaded if name == "runtime" or name.startswith("runtime.")] == []
