"""The dependency locks: every requirements file is a complete hashed lock of its `.in` file, compiled for the
interpreter that installs it, one version per package across the locks, and the dev venv holds exactly its lock."""

from __future__ import annotations

import sys
from importlib import metadata

import pytest
from packaging.utils import canonicalize_name

from configuration.paths import PROJECT_ROOT, RUNTIME_DIR
from pipeline.build import FUNCTION_PYTHON, RUNTIME_VERSIONS
from pipeline.change_check import CHECK_INSTALL
from pipeline.verification import TEST_INSTALL
from tools.locks import DEV_LOCK, LOCKS, Lock, chosen_pins, pins, unhashed

LOCKED = {lock.output: pins((PROJECT_ROOT / lock.output).read_text()) for lock in LOCKS}


def _lock(output: str) -> Lock:
    (lock,) = (lock for lock in LOCKS if lock.output == output)
    return lock


def test_every_requirements_file_is_the_lock_of_an_in_file() -> None:
    requirements = {
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in [*PROJECT_ROOT.glob("requirements*.txt"), *PROJECT_ROOT.glob("*/requirements.txt")]
    }

    assert requirements == {lock.output for lock in LOCKS}
    assert all((PROJECT_ROOT / lock.source).exists() for lock in LOCKS)


@pytest.mark.parametrize("lock", LOCKS, ids=lambda lock: lock.output)
def test_every_locked_package_carries_its_hashes(lock: Lock) -> None:
    assert unhashed((PROJECT_ROOT / lock.output).read_text()) == []


def test_a_requirement_without_a_hash_is_found() -> None:
    text = "boto3==1.44.8 \\\n    --hash=sha256:0123\n    # via -r requirements-tests.in\nrequests==2.34.2\n"

    assert unhashed(text) == ["requests==2.34.2"]


@pytest.mark.parametrize("lock", LOCKS, ids=lambda lock: lock.output)
def test_every_chosen_pin_is_locked_at_its_version(lock: Lock) -> None:
    """An `.in` edited without `make lock` leaves its lock behind."""
    chosen = chosen_pins(PROJECT_ROOT / lock.source)

    assert {name: LOCKED[lock.output].get(name) for name in chosen} == chosen


@pytest.mark.parametrize("lock", LOCKS, ids=lambda lock: lock.output)
def test_every_lock_has_the_dev_locks_versions(lock: Lock) -> None:
    """The pipeline's steps, the bundle and the IAM linters' venv install what the dev venv tests."""
    dev = LOCKED[DEV_LOCK]
    shared = LOCKED[lock.output].keys() & dev.keys() - {canonicalize_name(name) for name in lock.own_versions}

    assert {name: LOCKED[lock.output][name] for name in shared} == {name: dev.get(name) for name in shared}


@pytest.mark.parametrize("lock", [lock for lock in LOCKS if not lock.own_versions], ids=lambda lock: lock.output)
def test_every_lock_installed_with_the_dev_venvs_versions_is_part_of_it(lock: Lock) -> None:
    assert LOCKED[lock.output].keys() <= LOCKED[DEV_LOCK].keys()


def test_the_dev_venv_holds_exactly_the_dev_lock() -> None:
    installed = {canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}

    assert sys.prefix != sys.base_prefix, "run the tests in the project's venv (make install)"
    assert installed == LOCKED[DEV_LOCK]


def test_the_bundle_lock_targets_the_functions_python() -> None:
    lock = _lock(f"{RUNTIME_DIR.name}/requirements.txt")

    assert lock.python_version == FUNCTION_PYTHON
    assert lock.no_emit, "boto3/botocore come from the Lambda runtime"
    assert not set(lock.no_emit) & LOCKED[lock.output].keys()


@pytest.mark.parametrize("output", ["requirements-tests.txt", "requirements-checks.txt"])
def test_the_pipeline_step_locks_target_codebuilds_python(output: str) -> None:
    assert _lock(output).python_version == RUNTIME_VERSIONS["python"]


@pytest.mark.parametrize(
    ("commands", "lock"), [(TEST_INSTALL, "requirements-tests.txt"), (CHECK_INSTALL, "requirements-checks.txt")]
)
def test_the_pipeline_steps_install_their_lock_with_hashes_required(commands: tuple[str, ...], lock: str) -> None:
    (install,) = (command for command in commands if " install " in command)

    assert "--require-hashes" in install.split()
    assert install.split()[-1].endswith(lock)
