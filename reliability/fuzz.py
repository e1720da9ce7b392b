"""`python -m reliability.fuzz`: schemathesis-generated, signed requests against every operation of the OpenAPI doc.

Each operation gets `--max-examples` positive cases (valid by the document) and as many negative ones (invalid
parameters or bodies); operations on one item get as many again aimed at real items, created just before.
Every response must pass the five conformance checks below; a failure is reported once per operation, check
and status, with a curl line to reproduce it. Each round then sends the hostile inputs the document's schemas do
not describe (reliability/fuzz_hostile.py). Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, GenerationMode, Response
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from configuration.paths import PROJECT_ROOT
from reliability.fuzz_hostile import HostileRounds
from reliability.local_api import DEFAULT_ASSEMBLY, LOG_DIR, STARTUP_ERRORS, LocalApi

DOCUMENT = PROJECT_ROOT / "docs" / "openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
SEED_ITEMS = 3
MAX_ROUNDS = 100


@dataclass(frozen=True)
class Finding:
    """One kind of non-conformance: where, which check, which status, and how to reproduce it."""

    operation: str
    check: str
    status: int | None
    message: str
    reproduce: str


@dataclass
class FuzzResult:
    """Requests sent per operation and mode, statuses seen, and the distinct findings."""

    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    findings: dict[tuple[str, str, int | None], Finding] = field(default_factory=dict)
    unsatisfiable: set[str] = field(default_factory=set)
    unsendable: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    def add(self, finding: Finding) -> None:
        self.findings.setdefault((finding.operation, finding.check, finding.status), finding)


class Fuzzer:
    """Sends the generated cases through one signed session and records what came back."""

    def __init__(self, session: requests.Session, base_url: str, max_examples: int) -> None:
        self.session = session
        self.base_url = base_url
        self.max_examples = max_examples
        self.result = FuzzResult()

    def seed_items(self) -> list[str]:
        """A few real items, so the one-item operations are fuzzed beyond 404."""
        ids = []
        for index in range(SEED_ITEMS):
            response = self.session.post(f"{self.base_url}/items", json={"name": f"fuzz-seed-{index}"}, timeout=35)
            response.raise_for_status()
            ids.append(response.json()["itemId"])
        return ids

    def targets(self, operation: APIOperation, mode: GenerationMode) -> list[tuple[str, st.SearchStrategy]]:
        """Generated cases; for one-item operations also cases aimed at real items (fresh ones each time)."""
        targets = [(f"{operation.label} [{mode.value}]", operation.as_strategy(generation_mode=mode))]
        if "{id}" in operation.path:
            aimed = [operation.as_strategy(generation_mode=mode, path_parameters={"id": i}) for i in self.seed_items()]
            targets.append((f"{operation.label} [{mode.value}, real items]", st.one_of(*aimed)))
        return targets

    def send(self, label: str, case: schemathesis.Case) -> Response | None:
        """Send one case, record its status and any non-conformance; the response, or None if none came."""
        operation = case.operation.label
        try:
            response = case.call(base_url=self.base_url, session=self.session)
        except (requests.ConnectionError, requests.Timeout) as error:
            self.result.requests[label] += 1
            self.result.add(Finding(operation, "no answer", None, str(error), case.as_curl_command()))
            return None
        except (requests.RequestException, ValueError):
            # Refused before sending, e.g. requests-aws4auth cannot canonicalize a header with an unpaired quote.
            self.result.unsendable[label] += 1
            return None
        self.result.requests[label] += 1
        self.result.statuses[f"{operation} {response.status_code}"] += 1
        try:
            case.validate_response(response, checks=CHECKS, transport_kwargs={"base_url": self.base_url})
        except FailureGroup as group:
            curl = case.as_curl_command(headers=dict(response.request.headers), base_url=self.base_url)
            for failure in group.exceptions:
                self.result.add(Finding(operation, failure.title, response.status_code, failure.message, curl))
        return response

    def expect(self, label: str, holds: bool, check: str, response: Response, message: str) -> bool:
        """Record a finding unless `holds` (a property of the API that conformance to the document cannot show)."""
        if not holds:
            curl = f"{response.request.method} {response.request.url}"
            self.result.add(Finding(label.partition(" [")[0], check, response.status_code, message, curl))
        return holds

    def fuzz(
        self, label: str, strategy: st.SearchStrategy, seed: int, act: Callable[[Any], object] | None = None
    ) -> None:
        """`max_examples` examples of `strategy`, each sent as a case (or given to `act`, for a scenario)."""
        act = act or (lambda case: self.send(label, case))

        @hypothesis_seed(seed)
        @settings(
            max_examples=self.max_examples,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: every failure is recorded, not minimised
            suppress_health_check=list(HealthCheck),
        )
        @given(example=strategy)
        def run(example: Any) -> None:
            act(example)

        try:
            run()
        except Unsatisfiable:
            # Nothing in this operation can be made invalid (e.g. negative mode with only free-form strings).
            self.result.unsatisfiable.add(label)


def run_fuzz(
    api: LocalApi, max_examples: int, seed: int = 0, document: Path = DOCUMENT, min_requests: int = 0
) -> FuzzResult:
    """Fuzz every operation of `document` in both modes; further rounds (next seed) until `min_requests` were sent."""
    schema = schemathesis.openapi.from_path(document)
    operations = {operation.label: operation for operation in (found.ok() for found in schema.get_all_operations())}
    with requests.Session() as session:
        session.auth = api.signer()
        fuzzer = Fuzzer(session, api.base_url, max_examples)
        hostile = HostileRounds(fuzzer, operations)
        for round_seed in range(seed, seed + MAX_ROUNDS):
            for operation in operations.values():
                for mode in MODES:
                    for label, strategy in fuzzer.targets(operation, mode):
                        fuzzer.fuzz(label, strategy, round_seed)
            hostile.run(round_seed)
            if fuzzer.result.total >= min_requests:
                break
    return fuzzer.result


def format_report(result: FuzzResult) -> str:
    lines = [f"{result.total} requests"]
    lines += [f"  {label:40} {count:>5}" for label, count in sorted(result.requests.items())]
    lines += [f"  {label:40} no case can be generated" for label in sorted(result.unsatisfiable)]
    lines += [f"  {label:40} {n:>5} not sent: the client could not sign them" for label, n in result.unsendable.items()]
    lines += ["", "statuses:"] + [f"  {label:40} {count:>5}" for label, count in sorted(result.statuses.items())]
    for finding in result.findings.values():
        lines += ["", f"FINDING {finding.operation}: {finding.check} (status {finding.status})", finding.message]
        lines += [f"reproduce: {finding.reproduce}"]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reliability.fuzz", description=__doc__)
    parser.add_argument("--max-examples", type=int, default=80, help="cases per operation, mode, target (default 80)")
    parser.add_argument("--min-requests", type=int, default=1000, help="more rounds until this many (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="generation seed, for a reproducible run (default 0)")
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY, help="cloud assembly (default cdk.out)")
    parser.add_argument("--document", type=Path, default=DOCUMENT, help="OpenAPI document (default docs/openapi.json)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    log_path = LOG_DIR / "fuzz.log"
    print(f"==> starting the local stack (log: {log_path})", flush=True)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="items-fuzz-") as data_dir,
            LocalApi(args.assembly, Path(data_dir), log_path=log_path) as api,
        ):
            print(f"==> fuzzing {args.document} against {api.base_url}", flush=True)
            result = run_fuzz(api, args.max_examples, args.seed, args.document, args.min_requests)
    except STARTUP_ERRORS as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(format_report(result))
    if result.findings:
        print(f"\nFAILED: {len(result.findings)} distinct non-conformance(s)")
        return 1
    print("\nevery response conforms to the document, no 5xx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
