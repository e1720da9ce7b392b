"""Test tiers: each test's tier, derived from its folder and the fixtures it uses, and the check that keeps the
unit tier in-process (`make unit`: no server, no process, no call into CDK's jsii kernel, so no synth).

- unit: the tests under tests/unit that are not component tests; each runs in the test process alone.
- component: tests/unit tests that use a fixture declared with `component(...)` (dynalite, a synthesis, the local
  stack, a tool run as a process), or that are marked `component` (module `pytestmark` or the test itself). A
  fixture fetched by name at run time (`request.getfixturevalue`) is not in a test's closure: the fixture that
  fetches it is declared instead.
- integration: the suites that call a running stage over HTTP (the folders in INTEGRATION_FOLDERS).

tests/conftest.py registers the hooks below. A test left in the unit tier that starts a process, opens or connects
a socket, or calls into the jsii kernel fails, naming what it did, so a wrong tier cannot pass unnoticed.
"""

from __future__ import annotations

import importlib.util
import multiprocessing.util
import os
import socket
import subprocess
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import pytest

UNIT, COMPONENT, INTEGRATION = "unit", "component", "integration"
TIERS = (UNIT, COMPONENT, INTEGRATION)
# Folders of tests/ whose tests call a running stage over HTTP: a local stack, or API_URL's deployed stage.
INTEGRATION_FOLDERS = frozenset({"integration", "contract", "canary", "reliability", "browser"})
# What a fixture function carries when `component` declares it (read back from pytest's fixture definitions).
COMPONENT_REASON = "component_tier_reason"
TIER = pytest.StashKey[str]()

Fixture = TypeVar("Fixture", bound=Callable[..., Any])


def component(reason: str) -> Callable[[Fixture], Fixture]:
    """Declare a fixture function as outside the unit tier, saying why (it starts a server, synthesizes, runs a
    tool); every test that uses it, directly or through other fixtures, is a component test. Apply it under
    `@pytest.fixture`, on the function itself."""

    def declare(function: Fixture) -> Fixture:
        setattr(function, COMPONENT_REASON, reason)
        return function

    return declare


def _folder(item: pytest.Item) -> str | None:
    """The folder of tests/ that holds the item (`unit`, `integration`, ...), None outside tests/."""
    try:
        parts = item.path.relative_to(item.config.rootpath).parts
    except ValueError:
        return None
    return parts[1] if len(parts) > 2 and parts[0] == "tests" else None


def component_fixtures(item: pytest.Item) -> dict[str, str]:
    """The fixtures in the item's closure declared with `component`, with their reasons. Every definition of a
    name counts (an overriding fixture may request the one it overrides)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return {}
    found = {}
    for name, definitions in info.name2fixturedefs.items():
        for definition in definitions:
            reason = getattr(definition.func, COMPONENT_REASON, None)
            if reason is not None:
                found[name] = reason
    return found


def tier_of(item: pytest.Item) -> str:
    """The item's tier; a test marked `unit` that uses a component fixture is a collection error."""
    marked = [mark.name for mark in item.iter_markers() if mark.name in TIERS]
    folder = _folder(item)
    if folder in INTEGRATION_FOLDERS:
        if marked and marked[0] != INTEGRATION:
            raise pytest.UsageError(f"{item.nodeid}: tests/{folder}/ holds integration tests, not {marked[0]}")
        return INTEGRATION
    fixtures = component_fixtures(item)
    if marked and marked[0] == UNIT and fixtures:
        uses = ", ".join(f"{name} ({reason})" for name, reason in sorted(fixtures.items()))
        raise pytest.UsageError(f"{item.nodeid} is marked unit but uses component fixtures: {uses}")
    if marked:
        return marked[0]
    return COMPONENT if fixtures else UNIT


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every item with its tier before `-m` selects (the mark plugin's hook runs after this one)."""
    for item in items:
        tier = tier_of(item)
        item.stash[TIER] = tier
        if not any(mark.name == tier for mark in item.iter_markers()):
            item.add_marker(tier)


class _UnitGuard:
    """Refuses, for one unit test, what only component and integration tests may do; remembers each refusal so a
    refusal inside a thread (whose exception pytest never sees) still fails the test."""

    def __init__(self, nodeid: str) -> None:
        self.nodeid = nodeid
        self.refused: list[str] = []

    def refuse(self, what: str) -> NoReturn:
        self.refused.append(what)
        pytest.fail(self.message(), pytrace=True)

    def message(self) -> str:
        return (
            f"{self.nodeid} is in the unit tier but {'; '.join(self.refused)}. Unit tests run in the test process "
            "alone (tests/tiers.py): declare the fixture that does it with tests.tiers.component(...), or mark the "
            "test (or its module: `pytestmark = pytest.mark.component`) as a component test."
        )


class _RefusingKernel:
    """Stands in for jsii's kernel provider: any call into the Node process behind aws_cdk is refused."""

    def __init__(self, guard: _UnitGuard) -> None:
        self._guard = guard

    def __getattr__(self, request: str) -> Callable[..., NoReturn]:
        def refuse(*_args: object, **_kwargs: object) -> NoReturn:
            self._guard.refuse(f"called into CDK's jsii kernel ({request}: constructs, synthesis)")

        return refuse


def _refusing(guard: _UnitGuard, what: str) -> Callable[..., NoReturn]:
    def refuse(*args: object, **_kwargs: object) -> NoReturn:
        shown = args[1] if what == "started a process" and len(args) > 1 else args[:1]  # Popen: (self, argv)
        guard.refuse(f"{what}: {shown!r}")

    return refuse


def _refusing_socket(guard: _UnitGuard, what: str) -> Callable[..., NoReturn]:
    def refuse(sock: socket.socket, *args: object) -> NoReturn:
        guard.refuse(f"{what} ({sock.family.name}, {args!r})")

    return refuse


@contextmanager
def unit_guard(nodeid: str) -> Iterator[_UnitGuard]:
    """While the context is open: no process (subprocess, fork, spawn, multiprocessing), no listening or connecting
    socket, no call into the jsii kernel, and botocore does not look for the EC2 metadata service."""
    guard = _UnitGuard(nodeid)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", _refusing(guard, "started a process"))
        for name in ("fork", "posix_spawn", "posix_spawnp", "system"):
            patch.setattr(os, name, _refusing(guard, f"started a process (os.{name})"))
        patch.setattr(multiprocessing.util, "spawnv_passfds", _refusing(guard, "started a process (multiprocessing)"))
        patch.setattr(socket.socket, "listen", _refusing_socket(guard, "listened on a socket (a server)"))
        for name in ("connect", "connect_ex"):
            patch.setattr(socket.socket, name, _refusing_socket(guard, "connected to a server"))
        if importlib.util.find_spec("jsii") is not None:  # the pipeline's test steps install no CDK
            import jsii  # noqa: PLC0415 - only where CDK is installed; importing aws_cdk in a unit test loads it

            patch.setattr(jsii.kernel, "provider", _RefusingKernel(guard))
        # botocore's credential and region chains end at the EC2 metadata service; a unit test never reaches it.
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield guard


def _guarded(item: pytest.Item) -> Generator[None, None, None]:
    """A hook wrapper's body: run the phase under the unit guard when the item is a unit test."""
    if item.stash.get(TIER, UNIT) != UNIT:
        return (yield)
    with unit_guard(item.nodeid) as guard:
        result = yield
    if guard.refused:
        pytest.fail(guard.message(), pytrace=False)
    return result


# Setup and the test itself are guarded; teardown is not, since a session fixture of another tier may end in it.
@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _guarded(item))


class TierTimes:
    """Seconds spent per tier (setup, call and teardown of its tests) and in collection, printed after the run."""

    def __init__(self) -> None:
        self.tiers: dict[str, str] = {}
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.tests: Counter[str] = Counter()
        self.collection_started = time.monotonic()
        self.collection_seconds = 0.0

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.collection_seconds = time.monotonic() - self.collection_started
        self.tiers = {item.nodeid: item.stash.get(TIER, UNIT) for item in session.items}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        tier = self.tiers.get(report.nodeid)
        if tier is None:
            return
        self.seconds[tier] += report.duration
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.tests[tier] += 1

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        ran = [f"{tier} {self.tests[tier]} tests {self.seconds[tier]:.1f} s" for tier in TIERS if self.tests[tier]]
        if ran:
            terminalreporter.write_line(
                f"tiers: {', '.join(ran)} (setup, call and teardown); collection {self.collection_seconds:.1f} s"
            )


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(TierTimes(), "tier-times")
