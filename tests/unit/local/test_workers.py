"""Handler workers: cold start once, warm reuse, the function's timeout, crashes, and replacement."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from local.template.service import FunctionSpec, ServiceTemplate
from local.workers.lambda_runtime import MAX_RESPONSE_BYTES
from local.workers.pool import HandlerPool, Invocation, worker_spec

DATABASE_ENVIRONMENT = {
    "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


@pytest.fixture
def function(service: ServiceTemplate) -> FunctionSpec:
    (function,) = service.functions.values()
    return function


@pytest.fixture
def pool(function: FunctionSpec) -> Iterator[HandlerPool]:
    pool = HandlerPool(worker_spec(function, "us-east-1", DATABASE_ENVIRONMENT), function.timeout_seconds, size=1)
    yield pool
    pool.close()


def _invoke(pool: HandlerPool, action: str = "echo", deadline_seconds: float = 29.0, **query: str) -> Invocation:
    event = {"httpMethod": "GET", "resource": "/public/{proxy+}", "queryStringParameters": {"action": action, **query}}
    return pool.invoke(
        event,
        request_id="11111111-2222-3333-4444-555555555555",
        invoked_function_arn=f"{pool.spec.function_arn}:live",
        deadline=time.monotonic() + deadline_seconds,
    )


def _echo(pool: HandlerPool) -> dict[str, Any]:
    invocation = _invoke(pool)
    assert invocation.outcome == "ok", invocation.detail
    return json.loads(json.loads(invocation.payload or "")["body"])


def test_warm_worker_serves_the_next_invocation(pool: HandlerPool) -> None:
    first, second = _echo(pool), _echo(pool)

    assert second["pid"] == first["pid"]
    assert (first["invocations"], second["invocations"]) == (1, 2)


def test_handler_module_comes_from_the_code_asset(pool: HandlerPool, function: FunctionSpec) -> None:
    echo = _echo(pool)

    assert echo["module_file"].startswith(str(function.code_dir))
    assert echo["sys_path"][-1] == str(function.code_dir)


def test_worker_writes_no_bytecode_into_the_code_asset(function: FunctionSpec, tmp_path: Path) -> None:
    code_dir = tmp_path / "asset"
    shutil.copytree(function.code_dir, code_dir, ignore=shutil.ignore_patterns("__pycache__"))
    # A fresh interpreter that may write bytecode (as a plain `pytest` or `python -m local` runs), loading the
    # handler as a worker does.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    load = (
        "import sys; from local.workers.lambda_runtime import _load_handler, _prepare_import_path; "
        f"_prepare_import_path({str(code_dir)!r}); _load_handler({function.handler!r}, {str(code_dir)!r})"
    )
    subprocess.run([sys.executable, "-c", load], check=True, env=environment, cwd=Path(__file__).parents[3])

    assert list(code_dir.rglob("*.pyc")) == []


def test_worker_environment_is_the_template_and_lambda_variables(pool: HandlerPool, function: FunctionSpec) -> None:
    environment = _echo(pool)["environment"]

    assert environment["TABLE_NAME"] == function.environment["TABLE_NAME"]
    assert environment["AWS_LAMBDA_FUNCTION_NAME"] == function.name
    assert environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert environment["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert environment["AWS_REGION"] == "us-east-1"
    assert environment["AWS_ENDPOINT_URL_DYNAMODB"] == "http://127.0.0.1:9"
    assert environment["POWERTOOLS_TRACE_DISABLED"] == "true"


def test_caller_aws_settings_do_not_leak_into_workers(function: FunctionSpec, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "someone-real")

    spec = worker_spec(function, "us-east-1", DATABASE_ENVIRONMENT)

    assert "AWS_PROFILE" not in spec.environment


def test_context_is_lambda_like(pool: HandlerPool, function: FunctionSpec) -> None:
    context = _echo(pool)["context"]

    assert context["function_name"] == function.name
    assert context["invoked_function_arn"] == f"{function.arn}:live"
    assert context["memory_limit_in_mb"] == 256
    assert context["aws_request_id"] == "11111111-2222-3333-4444-555555555555"
    assert 0 < context["remaining_ms"] <= 2000


def test_invocation_past_the_function_timeout_times_out(pool: HandlerPool) -> None:
    invocation = _invoke(pool, "sleep", seconds="30")

    assert invocation.outcome == "timeout"
    assert invocation.detail == "Task timed out after 2.00 seconds"


def test_timed_out_worker_is_replaced(pool: HandlerPool) -> None:
    before = _echo(pool)["pid"]
    _invoke(pool, "sleep", seconds="30")

    after = _echo(pool)

    assert after["pid"] != before
    assert after["invocations"] == 1


def test_crashed_worker_is_reported_and_replaced(pool: HandlerPool) -> None:
    before = _echo(pool)["pid"]

    crashed = _invoke(pool, "crash")

    assert crashed.outcome == "crash"
    assert "exit status 3" in crashed.detail
    assert _echo(pool)["pid"] != before


def test_handler_exception_is_an_error_and_the_worker_stays_warm(pool: HandlerPool) -> None:
    before = _echo(pool)["pid"]

    failed = _invoke(pool, "raise")

    assert (failed.outcome, failed.detail) == ("error", "RuntimeError: the handler failed")
    assert _echo(pool)["pid"] == before


def test_response_over_lambdas_6_mb_limit_is_an_error(pool: HandlerPool) -> None:
    invocation = _invoke(pool, "large", bytes=str(MAX_RESPONSE_BYTES))

    assert (invocation.outcome, invocation.detail) == (
        "error",
        "Function.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size (6291556 bytes).",
    )


def test_response_just_under_the_limit_is_returned(pool: HandlerPool) -> None:
    envelope = len(json.dumps({"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": '""'}))
    invocation = _invoke(pool, "large", bytes=str(MAX_RESPONSE_BYTES - envelope))

    assert (invocation.outcome, len((invocation.payload or "").encode())) == ("ok", MAX_RESPONSE_BYTES)


def test_integration_deadline_before_the_function_timeout_is_a_deadline(pool: HandlerPool) -> None:
    _echo(pool)  # warm: the deadline then covers the invocation only

    invocation = _invoke(pool, "sleep", deadline_seconds=0.5, seconds="1")

    assert invocation.outcome == "deadline"


def test_concurrent_invocations_run_in_separate_workers(function: FunctionSpec) -> None:
    pool = HandlerPool(worker_spec(function, "us-east-1", DATABASE_ENVIRONMENT), function.timeout_seconds, size=2)
    try:
        with ThreadPoolExecutor(max_workers=2) as executor:
            invocations = list(executor.map(lambda _: _invoke(pool, "sleep", seconds="0.5"), range(2)))
    finally:
        pool.close()

    assert [invocation.outcome for invocation in invocations] == ["ok", "ok"]
    assert len({json.loads(json.loads(invocation.payload or "")["body"])["pid"] for invocation in invocations}) == 2


def test_invocations_beyond_the_pool_size_wait_for_a_warm_worker(function: FunctionSpec) -> None:
    pool = HandlerPool(worker_spec(function, "us-east-1", DATABASE_ENVIRONMENT), function.timeout_seconds, size=1)
    try:
        with ThreadPoolExecutor(max_workers=3) as executor:
            pids = list(executor.map(lambda _: _echo(pool)["pid"], range(3)))
    finally:
        pool.close()

    assert len(set(pids)) == 1


def test_closed_pool_stops_its_workers(function: FunctionSpec) -> None:
    pool = HandlerPool(worker_spec(function, "us-east-1", DATABASE_ENVIRONMENT), function.timeout_seconds, size=1)
    pid = _echo(pool)["pid"]

    pool.close()

    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_prestarted_worker_serves_the_first_invocation(function: FunctionSpec) -> None:
    pool = HandlerPool(worker_spec(function, "us-east-1", DATABASE_ENVIRONMENT), function.timeout_seconds, size=1)
    try:
        pool.prestart()
        (prestarted,) = pool._workers
        first = _echo(pool)
    finally:
        pool.close()

    assert (first["pid"], first["invocations"]) == (prestarted.process.pid, 1)
