"""`python -m reliability.load_gate`: the pipeline's load test against a deployed stage, failed by its thresholds.

The stage comes from `API_URL`, signed as `API_ROLE_ARN` (or the default credential chain), as for the integration
suite. N clients drive it for a fixed time; the run fails (exit 1) on a contradicted answer or when the error rate or
the p99 latency is over its threshold. Every item the run created is deleted afterwards, whatever the verdict.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

import requests

from apiclient.http import ApiSession, item_path
from apiclient.target import ApiTarget, TargetConfigError, deployed_target
from reliability.consistency import run_items
from reliability.thresholds import Thresholds, verdict
from reliability.workload import format_report, new_run_id, run_load

DELETE_ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 1.0


class DeployedApi:
    """A deployed stage the clients reach, each with its own signed session."""

    def __init__(self, target: ApiTarget) -> None:
        self.target = target

    def session(self) -> ApiSession:
        return ApiSession(self.target.base_url, auth=self.target.auth)


def _delete(session: ApiSession, item_id: str) -> str | None:
    """Delete one item, retrying throttled or failed answers; why it could not be deleted, or None."""
    problem = "not attempted"
    for _ in range(DELETE_ATTEMPTS):
        try:
            response = session.delete(item_path(item_id))
        except requests.RequestException as error:
            problem = f"{type(error).__name__}: {error}"
        else:
            if response.status_code in (204, 404):
                return None
            problem = f"{response.status_code} {response.text[:200]}"
        time.sleep(RETRY_PAUSE_SECONDS)
    return f"could not delete {item_id}: {problem}"


def clean_up(api: DeployedApi, run_id: str) -> tuple[int, list[str]]:
    """Delete every item carrying `run_id`: how many were deleted, and what could not be."""
    with api.session() as session:
        try:
            leftovers = run_items(session, run_id)
        except (AssertionError, requests.RequestException) as error:
            return 0, [f"could not list the run's items to delete them: {error}"]
        problems = [problem for item in leftovers if (problem := _delete(session, item["itemId"])) is not None]
    return len(leftovers) - len(problems), problems


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reliability.load_gate", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, required=True, help="concurrent clients (loadTest.clients)")
    parser.add_argument("--seconds", type=float, required=True, help="how long to drive the API (loadTest.seconds)")
    parser.add_argument("--pause-ms", type=int, default=0, help="each client's pause between requests (pauseMs)")
    parser.add_argument("--max-error-rate-percent", type=float, required=True, help="loadTest.maxErrorRatePercent")
    parser.add_argument("--max-p99-ms", type=float, required=True, help="loadTest.maxP99Ms")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    thresholds = Thresholds(args.max_error_rate_percent, args.max_p99_ms)
    url = os.environ.get("API_URL")
    if not url:
        print("error: API_URL is not set: point it at a deployed stage (the pipeline sets it from the stack outputs)",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        api = DeployedApi(deployed_target(url))
    except TargetConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"==> {args.clients} clients for {args.seconds:.0f} s against {url}", flush=True)
    run_id = new_run_id()
    try:
        result = run_load(api, args.clients, args.seconds, pause_seconds=args.pause_ms / 1000, run_id=run_id)
    finally:  # the run's items go, whatever happened to the run
        deleted, leftovers = clean_up(api, run_id)
        print(f"cleanup: deleted the {deleted} remaining items of run {run_id}")
    print(format_report(result))
    failures = verdict(result, thresholds) + leftovers
    if failures:
        print(f"\nFAILED: {len(failures)} problem(s):", *failures[:50], sep="\n  ")
        return 1
    print(
        f"\npassed: error rate {result.error_rate_percent:.2f}% <= {thresholds.max_error_rate_percent}%, "
        f"p99 {result.summary().p99_ms:.1f} ms <= {thresholds.max_p99_ms} ms, every answer consistent"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
