"""The function bundle: bytecode compiled by the target interpreter in a hash-based mode, or none, saying so.

The local interpreter stands in for python3.14 as the target (the pipeline's synth step points the bundler at
the image's python3.14 the same way).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from stages import bundle_build
from stages.bundle_build import BundleBuild, lambda_platform
from stages.bytecode import (
    INTERPRETER_VARIABLE,
    NO_BYTECODE_MARKER,
    REQUIREMENT_VARIABLE,
    BytecodeInterpreterMissingError,
    find_compiler,
)

LOCAL_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
UNCHECKED_HASH_FLAGS = 0b01  # PEP 552: hash-based, source not checked


def _built(tmp_path: Path, build: BundleBuild, monkeypatch: pytest.MonkeyPatch) -> Path:
    dependencies = tmp_path / "dependencies"
    (dependencies / "pinned").mkdir(parents=True)
    (dependencies / "pinned" / "__init__.py").write_text("VALUE = 1\n")
    if build.compiler is not None:
        build.compiler.compile(dependencies, dependencies)
    monkeypatch.setattr(BundleBuild, "_dependencies", lambda self: dependencies)  # no pip: the package itself
    output = tmp_path / "bundle"
    build.build(output)
    return output


def _pyc_flags(pyc: Path) -> int:
    return int.from_bytes(pyc.read_bytes()[4:8], "little")


@pytest.fixture
def no_bytecode_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(INTERPRETER_VARIABLE, raising=False)
    monkeypatch.delenv(REQUIREMENT_VARIABLE, raising=False)
    return monkeypatch


@pytest.mark.component  # runs interpreters
def test_with_its_interpreter_every_module_of_the_bundle_has_unchecked_hash_bytecode(
    tmp_path: Path, no_bytecode_settings: pytest.MonkeyPatch
) -> None:
    compiler = find_compiler(LOCAL_PYTHON, interpreter=sys.executable)
    assert compiler is not None
    bundle = _built(tmp_path, BundleBuild(LOCAL_PYTHON, lambda_platform("x86_64"), compiler), no_bytecode_settings)

    sources = list(bundle.rglob("*.py"))
    assert any(source.parts[-2:] == ("items_api", "handler.py") for source in sources)
    for source in sources:
        pyc = Path(importlib.util.cache_from_source(str(source)))
        assert pyc.exists(), f"no bytecode for {source.relative_to(bundle)}"
        assert _pyc_flags(pyc) == UNCHECKED_HASH_FLAGS


@pytest.mark.component  # runs interpreters
def test_bytecode_records_the_path_lambda_runs_it_from(
    tmp_path: Path, no_bytecode_settings: pytest.MonkeyPatch
) -> None:
    compiler = find_compiler(LOCAL_PYTHON, interpreter=sys.executable)
    assert compiler is not None
    bundle = _built(tmp_path, BundleBuild(LOCAL_PYTHON, lambda_platform("x86_64"), compiler), no_bytecode_settings)

    pyc = Path(importlib.util.cache_from_source(str(bundle / "items_api" / "handler.py")))
    assert b"/var/task/items_api/handler.py" in pyc.read_bytes()
    assert str(tmp_path).encode() not in pyc.read_bytes()


def test_without_its_interpreter_the_bundle_has_no_bytecode_and_the_build_says_so(
    tmp_path: Path, no_bytecode_settings: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    compiler = find_compiler("3.99")

    assert compiler is None
    assert "no python3.99 found" in capsys.readouterr().err
    bundle = _built(tmp_path, BundleBuild("3.99", lambda_platform("x86_64"), compiler), no_bytecode_settings)
    assert (bundle / "items_api" / "handler.py").exists()
    assert list(bundle.rglob("*.pyc")) == []


@pytest.mark.component  # runs interpreters
def test_an_interpreter_of_another_version_compiles_nothing(
    no_bytecode_settings: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    no_bytecode_settings.setenv(INTERPRETER_VARIABLE, sys.executable)

    assert find_compiler("3.14" if LOCAL_PYTHON != "3.14" else "3.13") is None
    assert f"is Python {LOCAL_PYTHON}" in capsys.readouterr().err


def test_a_build_that_requires_bytecode_fails_without_its_interpreter(no_bytecode_settings: pytest.MonkeyPatch) -> None:
    no_bytecode_settings.setenv(REQUIREMENT_VARIABLE, "required")

    with pytest.raises(BytecodeInterpreterMissingError, match=r"Python 3\.99"):
        find_compiler("3.99")


@pytest.mark.component  # synthesizes
def test_builds_with_and_without_bytecode_are_different_assets(no_bytecode_settings: pytest.MonkeyPatch) -> None:
    compiler = find_compiler(LOCAL_PYTHON, interpreter=sys.executable)
    with_bytecode = BundleBuild(LOCAL_PYTHON, lambda_platform("x86_64"), compiler)
    without = BundleBuild(LOCAL_PYTHON, lambda_platform("x86_64"), None)

    assert without.hash_marker == NO_BYTECODE_MARKER
    assert with_bytecode.hash_marker != without.hash_marker
    assert f"cpython-{LOCAL_PYTHON.replace('.', '')}" in with_bytecode.hash_marker


def test_builds_for_another_platform_or_python_are_different_assets() -> None:
    """One hash for two different zips would let cdk-assets skip uploading the second as already published."""
    x86 = BundleBuild("3.14", lambda_platform("x86_64"), None)
    arm = BundleBuild("3.14", lambda_platform("arm64"), None)
    older = BundleBuild("3.13", lambda_platform("x86_64"), None)

    assert len({x86.identity, arm.identity, older.identity}) == 3


@pytest.mark.component  # synthesizes
def test_the_function_asset_hash_changes_with_the_architecture(tmp_path: Path) -> None:
    from aws_cdk import App, Stack  # noqa: PLC0415
    from aws_cdk import aws_lambda as lambda_  # noqa: PLC0415

    from stages.bundling import runtime_code  # noqa: PLC0415

    app = App(context={"aws:cdk:bundling-stacks": []})
    locations = [
        runtime_code(lambda_.Runtime.PYTHON_3_14, architecture).bind(Stack(app, name)).s3_location
        for name, architecture in (("X86", lambda_.Architecture.X86_64), ("Arm", lambda_.Architecture.ARM_64))
    ]
    assert None not in locations
    assert len({location.object_key for location in locations if location is not None}) == 2


def test_the_release_hooks_are_not_in_the_items_bundle(
    tmp_path: Path, no_bytecode_settings: pytest.MonkeyPatch
) -> None:
    bundle = _built(tmp_path, BundleBuild(LOCAL_PYTHON, lambda_platform("x86_64"), None), no_bytecode_settings)

    assert not (bundle / "release_hooks").exists()
    assert bundle_build.SEPARATE_PACKAGES == ("release_hooks",)
