"""Run in a fresh interpreter by cold_start.py: import a handler module, invoke it once, print the timings.

Usage: python cold_child.py <module> <event json> [snapstart]. Prints {"init": s, "first": s} as JSON, and the
process's CPU time (user + system) for each, "init_cpu" and "first_cpu": on a busy machine the wall clock also counts
the time other processes held the cores, which a Lambda sandbox's own vCPU share does not.

With `snapstart`, the init is a SnapStart one (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start): the module's
before-snapshot hooks run (their time is "prime"), then the process forks, standing in for Lambda's restore of
the snapshot, and the child runs the after-restore hooks and the first request ("first"). A fork copies the
primed process as a restore does; it leaves out what Lambda's restore itself costs (loading the snapshot's
memory), which Lambda reports as Restore Duration and nothing here can measure.
"""

import importlib
import json
import os
import sys
import time

SNAPSTART = len(sys.argv) > 3 and sys.argv[3] == "snapstart"
if SNAPSTART:
    os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "snap-start"


class Context:
    """The attributes of a Lambda context that the handlers read."""

    function_name, memory_limit_in_mb, aws_request_id = "bench", 512, "cold"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"

    def get_remaining_time_in_millis(self) -> int:
        return 10000


def _first_request(module, started: float) -> float:
    response = module.lambda_handler(json.loads(sys.argv[2]), Context())
    if not 200 <= response["statusCode"] < 300:
        raise SystemExit(f"first request failed: {response}")
    return time.perf_counter() - started


def _restored_first_request(module) -> dict[str, float]:
    from local.workers import restore_from_snapshot, snapshot_for_snapstart  # noqa: PLC0415

    started = time.perf_counter()
    snapshot_for_snapstart()
    primed = time.perf_counter()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the restored environment
        os.close(read)
        restored = time.perf_counter()
        restore_from_snapshot()
        os.write(write, json.dumps({"first": _first_request(module, restored)}).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        first = json.loads(pipe.read())["first"]
    os.waitpid(child, 0)
    return {"prime": primed - started, "first": first}


def main() -> None:
    started, started_cpu = time.perf_counter(), time.process_time()
    module = importlib.import_module(sys.argv[1])
    initialised, initialised_cpu = time.perf_counter(), time.process_time()
    figures = {"init": initialised - started, "init_cpu": initialised_cpu - started_cpu}
    if SNAPSTART:
        figures.update(_restored_first_request(module))
    else:
        figures["first"] = _first_request(module, initialised)
        figures["first_cpu"] = time.process_time() - initialised_cpu
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
