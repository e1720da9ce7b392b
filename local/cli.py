"""`python -m local run` serves a synthesized stage on 127.0.0.1 until Ctrl-C; `python -m local reset` wipes its data.

Startup problems (no cdk.out, no such stage, port in use, database not starting, a template the local
stack cannot serve) end with one clear line on stderr and exit code 1, not a traceback.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import shutil
import signal
import sys
import threading
from pathlib import Path

from cloudformation import AssemblyError, TemplateError
from local.credentials_shell import run_shell
from local.database import DATABASES, DatabaseStartError, DataInUseError, free_port, holder
from local.front import PortInUseError
from local.service import DEFAULT_ASSEMBLY, DEFAULT_DATA_DIR, LocalService
from local.template import ProxyIntegration

STARTUP_ERRORS = (AssemblyError, TemplateError, DatabaseStartError, PortInUseError, DataInUseError)
DATA_FOLDERS = ("dynalite", "dynamodb-local")
SAMPLE_BODY = '{"name":"first"}'


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m local", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="serve a synthesized stage on 127.0.0.1 until Ctrl-C")
    run.add_argument("--port", type=int, default=3000, help="API port (default 3000)")
    run.add_argument("--stage", default="dev", help="API Gateway stage name to serve (default dev)")
    run.add_argument("--db", default="dynalite", help=f"{' or '.join(DATABASES)} or an http(s) endpoint URL")
    run.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY, help="cloud assembly folder (default cdk.out)")
    run.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="where local data persists")
    run.add_argument("--workers", type=int, default=4, help="handler workers per function (default 4)")
    reset = commands.add_parser("reset", help="wipe the local data")
    reset.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    shell = commands.add_parser("shell", help="a subshell (or COMMAND) with the local API's credentials")
    shell.add_argument("--stage", default="dev", help="the environment whose region to use (default dev)")
    shell.add_argument("shell_command", nargs=argparse.REMAINDER, metavar="-- COMMAND", help="run this instead")
    return parser


def _sample_requests(stack: LocalService) -> list[str]:
    """Signed curl commands for the first parameterless IAM routes of the template."""
    assert stack.service is not None
    curl = f'curl --aws-sigv4 "aws:amz:{stack.region}:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"'
    samples = []
    for path, methods in sorted(stack.service.api.routes.items()):
        if "{" in path or not any(isinstance(m.integration, ProxyIntegration) for m in methods.values()):
            continue
        url = shlex.quote(stack.base_url + path.rstrip("/"))
        if "POST" in methods:
            samples.append(f"{curl} -H 'Content-Type: application/json' -d '{SAMPLE_BODY}' {url}")
        if "GET" in methods:
            samples.append(f"{curl} {url}")
        if samples:
            return samples
    return samples


def _banner(stack: LocalService) -> str:
    assert stack.service is not None and stack.credentials is not None
    artifact = stack.service.artifact
    routes = [
        f"    {method:7} {path:24} {m.authorization}"
        for path, methods in sorted(stack.service.api.routes.items())
        for method, m in sorted(methods.items())
    ]
    tables = [f"    {name} ({outcome})" for name, outcome in stack.tables.items()]
    data = stack.data_path or "in memory / not managed here"
    return "\n".join(
        [
            "",
            f"Serving stage {stack.stage} of {artifact.display_name} ({artifact.template_path})",
            "",
            f"  Base URL: {stack.base_url}",
            "",
            f"  Credentials the local API accepts ({stack.credentials.access_key}): in a subshell, so your own AWS",
            "  settings stay as they are (`exit` leaves it):",
            f"    make local-shell STAGE={stack.stage}      (or: python -m local shell --stage {stack.stage})",
            "",
            "  Signed requests, in that subshell:",
            *[f"    {sample}" for sample in _sample_requests(stack)],
            "",
            "  Routes:",
            *routes,
            "",
            f"  Tables ({stack.database_endpoint}):",
            *tables,
            f"  Data folder: {data}  (`make reset` wipes it)",
            "",
            "Press Ctrl-C to stop.",
            "",
        ]
    )


def run(args: argparse.Namespace) -> int:
    stack = LocalService(
        args.assembly, stage=args.stage, port=args.port, data_dir=args.data_dir, database=args.db, workers=args.workers
    )
    try:
        stack.start()
    except STARTUP_ERRORS as error:
        print(f"error: {error}", file=sys.stderr)
        if isinstance(error, PortInUseError):
            print(f"  to serve on a free port: make run PORT={free_port()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # start() has already stopped what it started
        print("interrupted while starting", file=sys.stderr)
        return 130
    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        print(_banner(stack), flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        print("stopping: API server, handler workers, database ...", flush=True)
        stack.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    print("stopped.")
    return 0


def reset(args: argparse.Namespace) -> int:
    """Remove only the databases' own folders, so a mistyped --data-dir cannot wipe anything else; never while a
    local stack uses them (its database would keep serving, and then lose, what it had acknowledged)."""
    running = holder(args.data_dir)
    if running is not None:
        print(
            f"error: a local stack (process {running}) is using {args.data_dir}: stop it (Ctrl-C where `make run` "
            "runs), then run `make reset` again",
            file=sys.stderr,
        )
        return 1
    removed = [folder for folder in (args.data_dir / name for name in DATA_FOLDERS) if folder.is_dir()]
    for folder in removed:
        shutil.rmtree(folder)
        print(f"removed {folder}")
    if not removed:
        print(f"nothing to reset: no local data under {args.data_dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("botocore").setLevel(logging.WARNING)
    if args.command == "shell":
        command = args.shell_command[1:] if args.shell_command[:1] == ["--"] else args.shell_command
        return run_shell(args.stage, command)
    return run(args) if args.command == "run" else reset(args)
