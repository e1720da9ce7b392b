"""What a cold start imports: pydantic only for a refused body or parameter, boto3 never (botocore is the client).

Each case runs in a fresh interpreter, as Lambda starts one (what matters is what gets imported, not how long it
takes: `make bench` measures that).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from items_api.proxy_event import proxy_event

from local.database import Database, client_environment
from tests.unit.runtime.conftest import FUNCTION_ENVIRONMENT

pytestmark = pytest.mark.component  # runs the handler in fresh interpreters

RUNTIME = Path(__file__).resolve().parents[3] / "runtime"


def _modules_after(*events: tuple[dict[str, Any], int], database_endpoint: str | None = None) -> set[str]:
    """The top-level packages loaded after the handler's init and the given requests, each answered as expected."""
    script = (
        "import json, sys\n"
        "from items_api.handler import lambda_handler\n"
        "class Context:\n"
        "    function_name, memory_limit_in_mb, aws_request_id = 'test', 512, 'r'\n"
        "    invoked_function_arn = 'arn:aws:lambda:us-east-1:123456789012:function:test'\n"
        "    def get_remaining_time_in_millis(self): return 10000\n"
        "for event, status in json.loads(sys.argv[1]):\n"
        "    response = lambda_handler(event, Context())\n"
        "    assert response['statusCode'] == status, response\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    environment = {**os.environ, **FUNCTION_ENVIRONMENT, "PYTHONPATH": str(RUNTIME), "AWS_DEFAULT_REGION": "us-east-1"}
    if database_endpoint is not None:
        environment |= client_environment(database_endpoint)
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(list(events))],
        check=False,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def _get(item_id: str, status: int) -> tuple[dict, int]:
    return proxy_event("GET", "/items/{id}", request_id="r", stage="test", item_id=item_id), status


def _list(limit: str, status: int) -> tuple[dict, int]:
    return proxy_event("GET", "/items", request_id="r", stage="test", query={"limit": limit}), status


def test_init_and_a_get_import_neither_pydantic_nor_boto3() -> None:
    loaded = _modules_after(_get("not-an-item-id", 404))

    assert "pydantic" not in loaded
    assert "boto3" not in loaded


def test_reads_lists_and_creates_against_the_table_never_import_boto3(database: Database) -> None:
    create = proxy_event(
        "POST", "/items", request_id="r", stage="test", body='{"name": "imports", "price": 1.5, "tags": ["a"]}'
    )
    missing = _get("00000000-0000-4000-8000-000000000000", 404)

    loaded = _modules_after(missing, _list("5", 200), (create, 201), database_endpoint=database.endpoint)

    assert "botocore" in loaded
    assert "boto3" not in loaded


def test_a_refused_parameter_is_judged_with_pydantic() -> None:
    assert "pydantic" in _modules_after(_list("0", 400))
