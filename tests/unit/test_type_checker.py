"""The type checker `make lint` runs: the project's mypy configuration fails a type error, holds verify/ (like every
package but the tests) to the strict rules, and passes correct code."""

from __future__ import annotations

import tomllib
from pathlib import Path

from mypy import api

from configuration.paths import PROJECT_ROOT

CONFIG = PROJECT_ROOT / "pyproject.toml"


def _check(folder: Path, files: dict[str, str]) -> tuple[str, int]:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    arguments = ["--config-file", str(CONFIG), "--cache-dir", str(folder / ".mypy_cache"), *files]
    stdout, _, status = api.run(arguments)
    return stdout, status


def test_the_project_configuration_fails_type_errors_and_strict_violations(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the files' module names come from their paths: verify/broken.py is verify.broken

    output, status = _check(
        tmp_path,
        {
            "fine.py": "def double(value: int) -> int:\n    return value * 2\n",
            "broken.py": 'count: int = "three"\n',
            "verify/unannotated.py": "def double(value):\n    return value * 2\n",
        },
    )

    assert status == 1
    errors = sorted(line.split(": error: ")[0].split(":")[0] for line in output.splitlines() if ": error: " in line)
    assert errors == ["broken.py", "verify/unannotated.py"], output
    assert "[assignment]" in output
    assert "[no-untyped-def]" in output


def test_every_folder_of_python_code_is_checked() -> None:
    """A new package is checked from its first commit: pyproject.toml's mypy `files` name every folder of code."""
    checked = set(tomllib.loads(CONFIG.read_text())["tool"]["mypy"]["files"])
    folders = [
        path
        for path in PROJECT_ROOT.iterdir()
        if path.is_dir() and not path.name.startswith((".", "cdk.out")) and path.name != "node_modules"
    ]
    code = {folder.name for folder in folders if next(folder.rglob("*.py"), None) is not None}
    code |= {path.name for path in PROJECT_ROOT.glob("*.py")}

    assert code - checked == set()
