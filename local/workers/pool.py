"""A pool of handler worker processes per function, like Lambda's execution environments.

Workers start on demand up to the pool size (spawn context: a fresh interpreter each, as a new execution
environment is), import the handler once, and are reused warm. An invocation that outlives the function's
timeout kills its worker (Lambda's "Task timed out"); a worker that dies is replaced by the next cold start.
The API Gateway deadline (29 s) is the caller's: past it the caller gets "deadline" while the worker may
finish its invocation in the background, as Lambda goes on after API Gateway gives up.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

from local.template import FunctionSpec
from local.workers.lambda_runtime import INIT_TIMEOUT_SECONDS, Invoke, WorkerSpec, serve

log = logging.getLogger(__name__)
SPAWN = multiprocessing.get_context("spawn")
# The only parts of the caller's environment a worker sees: no AWS profile or credentials leak in.
INHERITED_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TERM")


def worker_spec(function: FunctionSpec, region: str, database_environment: dict[str, str]) -> WorkerSpec:
    """A function's execution environment: its template variables plus what Lambda sets.

    `database_environment` points boto3 at the local database (AWS_ENDPOINT_URL_DYNAMODB and credentials).
    Tracing is disabled because no X-Ray daemon runs locally.
    """
    inherited = {name: os.environ[name] for name in INHERITED_VARIABLES if name in os.environ}
    lambda_variables = {
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{function.runtime}",
        "AWS_LAMBDA_FUNCTION_NAME": function.name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory_mb),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{function.name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": f"local/[$LATEST]{function.logical_id}",
        "LAMBDA_TASK_ROOT": str(function.code_dir),
        "_HANDLER": function.handler,
        "TZ": "UTC",
    }
    environment = {
        **inherited,
        **function.environment,
        **lambda_variables,
        **database_environment,
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
    return WorkerSpec(
        function_name=function.name,
        function_arn=function.arn,
        handler=function.handler,
        code_dir=str(function.code_dir),
        environment=environment,
        memory_mb=function.memory_mb,
    )


@dataclass(frozen=True)
class Invocation:
    """How an invocation ended: "ok" (payload is the result's JSON), "error", "timeout", "crash" or "deadline"."""

    outcome: str
    payload: str | None = None
    detail: str = ""


class PoolClosedError(RuntimeError):
    """The pool is shutting down and takes no more invocations."""


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, spec: WorkerSpec) -> None:
        self.connection, child = SPAWN.Pipe()
        self.process = SPAWN.Process(
            target=serve, args=(child, spec), name=f"handler:{spec.function_name}", daemon=True
        )
        self.process.start()
        child.close()
        self.warm = False
        self._lock = threading.Lock()

    def receive(self, seconds: float) -> Any | None:
        """The worker's next message, or None after `seconds`; EOFError when the worker died."""
        return self.connection.recv() if self.connection.poll(max(0.0, seconds)) else None

    def exit_status(self) -> str:
        self.process.join(timeout=1)
        code = self.process.exitcode
        if code is None:
            return "still running"
        return f"signal: {-code}" if code < 0 else f"exit status {code}"

    def kill(self) -> None:
        """Idempotent: the pool and a background waiter may both end the same worker."""
        with self._lock:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=5)
            if not self.connection.closed:
                self.connection.close()

    def stop(self) -> None:
        try:
            self.connection.send(None)
            self.process.join(timeout=2)
        except OSError:
            pass
        self.kill()


class HandlerPool:
    """Up to `size` warm workers for one function, each serving one invocation at a time."""

    def __init__(self, spec: WorkerSpec, timeout_seconds: float, size: int = 4) -> None:
        self.spec = spec
        self.timeout_seconds = timeout_seconds
        self.size = size
        self._condition = threading.Condition()
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()
        self._starting = 0
        self._closed = False

    def prestart(self) -> None:
        """Start one worker now, so its init (the handler's import) overlaps whatever the caller does next.

        It is an idle, not yet warm worker: the first invocation waits for its init as for any cold start.
        """
        with self._condition:
            if self._closed or self._workers or self._starting:
                return
            worker = _Worker(self.spec)
            self._workers.add(worker)
            self._idle.append(worker)

    def _acquire(self, deadline: float) -> _Worker | None:
        """An idle worker, or the right to start one; None when the deadline passes first."""
        with self._condition:
            while True:
                if self._closed:
                    raise PoolClosedError(self.spec.function_name)
                if self._idle:
                    return self._idle.pop()
                if len(self._workers) + self._starting < self.size:
                    self._starting += 1  # the slot is taken now, the process starts outside the lock
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._condition.wait(remaining)
        try:
            worker = _Worker(self.spec)
        except BaseException:
            with self._condition:
                self._starting -= 1
                self._condition.notify()
            raise
        with self._condition:
            self._starting -= 1
            closed = self._closed
            if not closed:
                self._workers.add(worker)
        if closed:
            worker.kill()
            raise PoolClosedError(self.spec.function_name)
        return worker

    def _release(self, worker: _Worker) -> None:
        with self._condition:
            if not self._closed:
                self._idle.append(worker)
                self._condition.notify()
                return
        worker.stop()

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._condition:
            self._workers.discard(worker)
            self._condition.notify()

    def _cold_start(self, worker: _Worker, deadline: float) -> Invocation | None:
        """Wait for a new worker's init; an Invocation when it failed (the worker is discarded)."""
        try:
            message = worker.receive(min(INIT_TIMEOUT_SECONDS, deadline - time.monotonic()))
        except (EOFError, OSError, ValueError):  # the pipe closed under us: the worker is gone
            self._discard(worker)
            return Invocation("crash", detail=f"Runtime exited during init ({worker.exit_status()})")
        if message is None:
            self._discard(worker)
            outcome = "deadline" if time.monotonic() >= deadline else "error"
            return Invocation(outcome, detail="Init timed out")
        kind, value = message
        if kind != "ready":
            self._discard(worker)
            return Invocation("error", detail=f"Init failed: {value['errorType']}: {value['errorMessage']}")
        log.info(
            "cold start: %s initialized in %.0f ms (worker pid %d)", self.spec.function_name, value, worker.process.pid
        )
        worker.warm = True
        return None

    def invoke(
        self, event: dict[str, Any], *, request_id: str, invoked_function_arn: str, deadline: float
    ) -> Invocation:
        """Run the handler on `event` in a worker; `deadline` is API Gateway's (time.monotonic())."""
        started = time.monotonic()
        worker = self._acquire(deadline)
        if worker is None:
            return Invocation("deadline", detail="no worker became free before the integration timeout")
        if not worker.warm:
            failed = self._cold_start(worker, deadline)
            if failed is not None:
                return failed
        invoked = time.monotonic()
        wait = min(self.timeout_seconds, deadline - invoked)
        try:
            worker.connection.send(Invoke(request_id, event, int(self.timeout_seconds * 1000), invoked_function_arn))
            message = worker.receive(wait)
        except (EOFError, OSError, ValueError):  # the pipe closed under us: the worker is gone
            self._discard(worker)
            return Invocation("crash", detail=f"Runtime exited with error: {worker.exit_status()}")
        duration = (time.monotonic() - invoked) * 1000
        log.debug("REPORT RequestId: %s Function: %s Duration: %.2f ms (total %.2f ms)", request_id,
                 self.spec.function_name, duration, (time.monotonic() - started) * 1000)  # fmt: skip
        if message is None:
            return self._unfinished(worker, wait, invoked)
        self._release(worker)
        kind, value = message
        if kind == "ok":
            return Invocation("ok", payload=value)
        return Invocation("error", detail=f"{value['errorType']}: {value['errorMessage']}")

    def _unfinished(self, worker: _Worker, waited: float, invoked: float) -> Invocation:
        if waited >= self.timeout_seconds:
            self._discard(worker)
            return Invocation("timeout", detail=f"Task timed out after {self.timeout_seconds:.2f} seconds")
        remaining = self.timeout_seconds - (time.monotonic() - invoked)
        threading.Thread(target=self._finish_in_background, args=(worker, remaining), daemon=True).start()
        return Invocation("deadline", detail="the integration timeout passed before the function answered")

    def _finish_in_background(self, worker: _Worker, remaining: float) -> None:
        try:
            finished = worker.receive(remaining) is not None
        except (EOFError, OSError, ValueError):  # the pipe closed under us: the worker is gone
            finished = False
        if finished:
            self._release(worker)
        else:
            self._discard(worker)

    def close(self) -> None:
        """Stop every worker: idle ones politely, busy ones at once."""
        with self._condition:
            self._closed = True
            idle, self._idle = self._idle, []
            busy = self._workers - set(idle)
            self._workers = set()
            self._condition.notify_all()
        for worker in idle:
            worker.stop()
        for worker in busy:
            worker.kill()
