"""The inside of one handler worker process: a Lambda-like execution environment for one function.

The worker imports the handler once (the cold start), then serves invocations sent over its pipe.

Import path: the function's code asset (`cdk.out/asset.<hash>/`) is APPENDED to sys.path, after the
virtualenv's site-packages, and project folders inherited from the parent (the repository root,
`runtime/`) are dropped. The asset is bundled for Lambda (Linux x86_64, CPython 3.14): its compiled
dependencies (pydantic_core built for cp314) cannot load in the local interpreter. The same pinned
versions are installed in the virtualenv, so dependencies resolve there first, while the handler's own
package, found only in the asset, is imported from the asset, i.e. exactly the code that was synthesized.
The handler module is checked to come from the asset.

Nothing is written into the asset: it is what `cdk deploy` and the pipeline upload, so bytecode that a local import
compiled (for this interpreter, not the function's) would ship with it. The worker never writes bytecode; what the
venv's installer compiled is still read.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

INIT_TIMEOUT_SECONDS = 10.0
# Lambda's limit on a synchronous invocation's response, as its error message states it; API Gateway answers 502.
MAX_RESPONSE_BYTES = 6_291_556


@dataclass(frozen=True)
class WorkerSpec:
    """Everything a worker needs to become the function's execution environment (picklable).

    `environment` is the worker's whole process environment, not additions to the parent's.
    """

    function_name: str
    function_arn: str
    handler: str
    code_dir: str
    environment: dict[str, str]
    memory_mb: int
    version: str = "$LATEST"


@dataclass(frozen=True)
class Invoke:
    """One invocation sent to a worker."""

    request_id: str
    event: dict[str, Any]
    timeout_ms: int
    invoked_function_arn: str


class LambdaContext:
    """The context object handlers receive, with the attributes Powertools and handlers read."""

    def __init__(self, spec: WorkerSpec, invoke: Invoke) -> None:
        self.function_name = spec.function_name
        self.function_version = spec.version
        self.invoked_function_arn = invoke.invoked_function_arn
        self.memory_limit_in_mb = spec.memory_mb
        self.aws_request_id = invoke.request_id
        self.log_group_name = f"/aws/lambda/{spec.function_name}"
        self.log_stream_name = f"local/[{spec.version}]{os.getpid()}"
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + invoke.timeout_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _prepare_import_path(code_dir: str) -> None:
    sys.dont_write_bytecode = True  # imports from the code asset must leave it as synthesized
    prefixes = [Path(prefix).resolve() for prefix in (sys.prefix, sys.base_prefix, sys.exec_prefix)]
    kept = [entry for entry in sys.path if entry and any(Path(entry).resolve().is_relative_to(p) for p in prefixes)]
    sys.path[:] = [*kept, code_dir]


def _load_handler(handler: str, code_dir: str) -> Any:
    module_name, _, function_name = handler.rpartition(".")
    module = importlib.import_module(module_name.replace("/", "."))
    origin = Path(getattr(module, "__file__", "") or "").resolve()
    if not origin.is_relative_to(Path(code_dir).resolve()):
        raise ImportError(
            f"handler module {module_name} was imported from {origin}, not from the code asset {code_dir}"
        )
    return getattr(module, function_name)


def snapshot_for_snapstart() -> None:
    """What Lambda does after a SnapStart init: run the before-snapshot hooks, last registered first."""
    from snapshot_restore_py import get_before_snapshot  # noqa: PLC0415 - only SnapStart inits use it

    for hook, args, kwargs in reversed(get_before_snapshot()):
        hook(*args, **kwargs)


def restore_from_snapshot() -> None:
    """What Lambda does when it resumes an environment from the snapshot: the after-restore hooks, in order."""
    from snapshot_restore_py import get_after_restore  # noqa: PLC0415

    for hook, args, kwargs in get_after_restore():
        hook(*args, **kwargs)


def _error_payload(error: BaseException) -> dict[str, Any]:
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "stackTrace": traceback.format_tb(error.__traceback__),
    }


def _invoke(handler: Any, spec: WorkerSpec, invoke: Invoke) -> tuple[str, Any]:
    try:
        result = handler(invoke.event, LambdaContext(spec, invoke))
        payload = json.dumps(result)
    except Exception as error:
        # Lambda logs an unhandled error like this before reporting it to the caller.
        print(f"[ERROR] {type(error).__name__}: {error}", file=sys.stderr)
        traceback.print_exception(type(error), error, error.__traceback__.tb_next if error.__traceback__ else None)
        return "error", _error_payload(error)
    if len(payload.encode()) > MAX_RESPONSE_BYTES:
        message = f"Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
        print(f"[ERROR] Function.ResponseSizeTooLarge: {message}", file=sys.stderr)
        return "error", {"errorMessage": message, "errorType": "Function.ResponseSizeTooLarge", "stackTrace": []}
    return "ok", payload


def serve(connection: Connection, spec: WorkerSpec) -> None:
    """Worker process entry: initialize once, then answer invocations until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops workers itself
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(line_buffering=True)  # handler output shows up as it is written, like CloudWatch Logs
    os.environ.clear()
    os.environ.update(spec.environment)
    time.tzset()
    _prepare_import_path(spec.code_dir)
    started = time.perf_counter()
    try:
        handler = _load_handler(spec.handler, spec.code_dir)
        if spec.environment.get("AWS_LAMBDA_INITIALIZATION_TYPE") == "snap-start":
            snapshot_for_snapstart()  # no snapshot is kept: the worker goes on as the restored environment
            restore_from_snapshot()
    except Exception as error:
        traceback.print_exc()
        connection.send(("init_error", _error_payload(error)))
        return
    connection.send(("ready", (time.perf_counter() - started) * 1000))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        connection.send(_invoke(handler, spec, message))
