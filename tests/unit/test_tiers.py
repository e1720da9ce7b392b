"""The tiers of tests/tiers.py, on small suites run in-process by pytester: where each test lands, and that a test
left in the unit tier fails when it starts a process, opens a socket or calls into CDK."""

from __future__ import annotations

import pytest

INNER_CONFTEST = """
from tests.tiers import pytest_collection_modifyitems, pytest_configure, pytest_runtest_call, pytest_runtest_setup
"""
INNER_INI = """
[pytest]
addopts = --strict-markers -p no:cacheprovider
markers =
    unit: in-process
    component: servers, processes, synthesis
    integration: a running stage
"""
COMPONENT_FIXTURES = """
import pytest

from tests.tiers import component


@pytest.fixture(scope="session")
@component("starts a pretend server")
def server():
    return "server"


@pytest.fixture
def client(server):
    return f"client of {server}"
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """An empty project laid out as ours (tests/unit, tests/integration) with the tier hooks registered."""
    pytester.makeini(INNER_INI)
    pytester.makeconftest(INNER_CONFTEST)
    return pytester


def selected(suite: pytest.Pytester, tier: str) -> set[str]:
    result = suite.runpytest("-m", tier, "--collect-only", "-q")
    return {line.split("::")[-1] for line in result.outlines if "::" in line}


def test_a_test_without_component_fixtures_is_unit_and_one_using_them_through_another_fixture_is_component(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(**{"tests/unit/conftest": COMPONENT_FIXTURES})
    suite.makepyfile(**{"tests/unit/test_mixed": "def test_pure(): pass\n\ndef test_through_client(client): pass\n"})

    assert selected(suite, "unit") == {"test_pure"}
    assert selected(suite, "component") == {"test_through_client"}


def test_the_http_suites_folders_are_integration_and_a_component_mark_moves_a_unit_test(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(**{"tests/integration/test_http": "def test_over_http(): pass\n"})
    suite.makepyfile(**{"tests/browser/test_page": "def test_in_a_browser(): pass\n"})
    suite.makepyfile(
        **{"tests/unit/test_marked": "import pytest\n\npytestmark = pytest.mark.component\n\ndef test_marked(): pass\n"}
    )

    assert selected(suite, "integration") == {"test_over_http", "test_in_a_browser"}
    assert selected(suite, "component") == {"test_marked"}
    assert selected(suite, "unit") == set()


def test_a_test_marked_unit_that_uses_a_component_fixture_is_a_collection_error(suite: pytest.Pytester) -> None:
    suite.makepyfile(**{"tests/unit/conftest": COMPONENT_FIXTURES})
    suite.makepyfile(**{"tests/unit/test_wrong": "import pytest\n\n@pytest.mark.unit\ndef test_wrong(client): pass\n"})

    result = suite.runpytest()

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*test_wrong is marked unit but uses component fixtures: server (starts a pretend*"])


UNIT_TESTS_THAT_LEAVE_THE_PROCESS = {
    "process": ("import subprocess\nsubprocess.run(['true'], check=True)", "started a process: ['true']"),
    "fork": ("import os\nif os.fork() == 0:\n    os._exit(0)", "started a process (os.fork)"),
    "server": ("import socket\nsocket.socket().listen()", "listened on a socket (a server)"),
    "client": ("import socket\nsocket.create_connection(('127.0.0.1', 9))", "connected to a server"),
    "cdk": ("import aws_cdk\naws_cdk.App()", "called into CDK's jsii kernel"),
}


@pytest.mark.parametrize("case", sorted(UNIT_TESTS_THAT_LEAVE_THE_PROCESS))
def test_a_unit_test_that_leaves_the_test_process_fails_saying_what_it_did(suite: pytest.Pytester, case: str) -> None:
    body, refusal = UNIT_TESTS_THAT_LEAVE_THE_PROCESS[case]
    indented = body.replace("\n", "\n    ")
    suite.makepyfile(**{f"tests/unit/test_{case}": f"def test_{case}():\n    {indented}\n"})

    result = suite.runpytest()

    result.assert_outcomes(failed=1)
    assert f"tests/unit/test_{case}.py::test_{case} is in the unit tier but {refusal}" in result.stdout.str()


def test_a_unit_test_whose_thread_starts_a_process_fails_though_the_thread_swallows_the_error(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(
        **{
            "tests/unit/test_thread": (
                "import subprocess, threading\n\n"
                "def run():\n"
                "    try:\n        subprocess.run(['true'])\n    except BaseException:\n        pass\n\n"
                "def test_thread():\n"
                "    worker = threading.Thread(target=run)\n    worker.start()\n    worker.join()\n"
            )
        }
    )

    result = suite.runpytest()

    result.assert_outcomes(failed=1)
    assert "test_thread.py::test_thread is in the unit tier but started a process: ['true']" in result.stdout.str()


@pytest.mark.component  # the inner component test really starts a process
def test_a_component_test_may_start_a_process_and_the_summary_times_each_tier(suite: pytest.Pytester) -> None:
    suite.makepyfile(**{"tests/unit/conftest": COMPONENT_FIXTURES})
    suite.makepyfile(
        **{
            "tests/unit/test_process": (
                "import subprocess\n\n"
                "def test_process(server):\n    subprocess.run(['true'], check=True)\n\n"
                "def test_pure():\n    pass\n"
            )
        }
    )

    result = suite.runpytest()

    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["tiers: unit 1 tests * s, component 1 tests * s (setup, call and teardown)*"])
