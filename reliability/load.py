"""`python -m reliability.load`: N signed clients drive a fresh local stack for a fixed time, then a consistency check.

Reports throughput and p50/p95/p99 latency per operation and overall. Exits 1 when any request got a 5xx or no
answer, an answer contradicted the client's own writes, or the final state does not match what was acknowledged.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from reliability.local_api import DEFAULT_ASSEMBLY, LOG_DIR, STARTUP_ERRORS, LocalApi
from reliability.traffic import DEFAULT_MIX, OPERATIONS
from reliability.workload import format_report, run_load


def _mix(text: str) -> dict[str, int]:
    """`create=20,get=35,...`: operations not named get weight 0."""
    weights = {name: 0 for name in OPERATIONS}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name.strip() not in weights:
            raise argparse.ArgumentTypeError(f"unknown operation {name!r}: use {', '.join(OPERATIONS)}")
        weights[name.strip()] = int(weight)
    return weights


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reliability.load", description=__doc__)
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to drive the API (default 20)")
    parser.add_argument("--mix", type=_mix, default=DEFAULT_MIX, help="weights, e.g. create=20,get=35,update=25")
    parser.add_argument("--workers", type=int, default=4, help="handler workers of the local stack (default 4)")
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY, help="cloud assembly (default cdk.out)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    log_path = LOG_DIR / "load.log"
    print(f"==> starting the local stack (log: {log_path})", flush=True)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="items-load-") as data_dir,
            LocalApi(args.assembly, Path(data_dir), log_path=log_path, workers=args.workers) as api,
        ):
            print(f"==> {args.clients} clients for {args.seconds:.0f} s against {api.base_url}", flush=True)
            result = run_load(api, args.clients, args.seconds, args.mix)
    except STARTUP_ERRORS as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(format_report(result))
    if result.problems:
        print(f"\nFAILED: {len(result.problems)} problem(s):", *result.problems[:50], sep="\n  ")
        return 1
    print("\nconsistency: every acknowledged write is visible, every acknowledged delete is gone, no 5xx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
