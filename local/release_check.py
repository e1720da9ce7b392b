"""`python -m local.release_check`: the CodeDeploy before-traffic route check, run against the local stage.

The same check the BeforeAllowTraffic hook runs against a new version in AWS (runtime/release_hooks), here
against the function of the synthesized stage in the local stack's workers, on an in-memory database.
Exit 0 when every route answered as expected, 1 otherwise (or when the stage cannot start, with one line saying why).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from configuration.paths import RUNTIME_DIR
from local.cli import STARTUP_ERRORS
from local.service import DEFAULT_ASSEMBLY, LocalService


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.release_check", description=__doc__.splitlines()[0])
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY, help="cloud assembly folder (cdk.out)")
    parser.add_argument("--stage", default="dev", help="API Gateway stage name (default dev)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(RUNTIME_DIR))  # the hooks' package is Lambda code, outside the tooling's packages
    from release_hooks.route_check import check_routes  # noqa: PLC0415

    try:
        with LocalService(args.assembly, stage=args.stage, data_dir=None, workers=1) as stack:
            result = check_routes(stack.invoke, args.stage)
    except STARTUP_ERRORS as error:  # no cdk.out, no such stage, ...: one line, not a traceback
        print(f"error: {error}", file=sys.stderr)
        return 1
    for step in result.steps:
        print(f"  {step}")
    for problem in result.problems:
        print(f"FAIL {problem}")
    print("release check passed" if result.passed else "release check failed")
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
