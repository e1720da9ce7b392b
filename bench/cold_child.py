"""Run in a fresh interpreter by cold_start.py: import a handler module, invoke it once, print the timings.

Usage: python cold_child.py <module> <event json>. Prints {"init": seconds, "first": seconds} as JSON.
"""

import importlib
import json
import sys
import time


class Context:
    """The attributes of a Lambda context that the handlers read."""

    function_name, memory_limit_in_mb, aws_request_id = "bench", 512, "cold"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"

    def get_remaining_time_in_millis(self) -> int:
        return 10000


def main() -> None:
    started = time.perf_counter()
    module = importlib.import_module(sys.argv[1])
    initialised = time.perf_counter()
    response = module.lambda_handler(json.loads(sys.argv[2]), Context())
    if response["statusCode"] != 200:
        raise SystemExit(f"first request failed: {response}")
    print(json.dumps({"init": initialised - started, "first": time.perf_counter() - initialised}))


if __name__ == "__main__":
    main()
