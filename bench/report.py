"""docs/benchmarks.md: the machine, each goal's figure against its baseline, then how every figure was measured."""

from __future__ import annotations

import statistics

from bench.results import BenchResults


def _runs(values: list[float], unit: str = "s") -> str:
    return f"{statistics.median(values):.1f} {unit} (runs: {', '.join(f'{v:.1f}' for v in values)})"


def _machine(results: BenchResults) -> list[str]:
    machine = results.machine
    load_start = " / ".join(f"{value:.2f}" for value in machine.load_average)
    load_end = " / ".join(f"{value:.2f}" for value in results.load_average_end)
    return [
        "| | |",
        "|---|---|",
        f"| CPU | {machine.cpu_model}, {machine.cpu_count} logical CPUs |",
        f"| Memory | {machine.memory_gib:.1f} GiB |",
        f"| System | {machine.system} |",
        f"| Python / Node | {machine.python} / {machine.node} |",
        f"| Load average (1 / 5 / 15 min) | {load_start} at the start, {load_end} at the end |",
        f"| Run | {machine.started}, commit {machine.commit}, {results.seconds:.0f} s in all |",
    ]


def _goals(results: BenchResults) -> list[str]:
    synth, ours, base = results.synth, results.handler["ours"], results.handler["baseline"]
    throughput, startup = results.throughput, results.startup
    rows = [
        "| Figure | Baseline | Result | Ratio | Goal |",
        "|---|---:|---:|---:|---|",
        f"| Synth: full app / empty CDK app, both without CDK's built-in validation | {synth.median('empty'):.1f} s "
        f"| {synth.median('full'):.1f} s | **{synth.ratio:.2f}** | ≤ 1.5 |",
        f"| Synth: the same, both with it (as before) | {synth.median('empty_validated'):.1f} s "
        f"| {synth.median('full_validated'):.1f} s | {synth.validated_ratio:.2f} | |",
        *_deployed_goals(results),
        f"| Cold request (init + first GET) in the dev venv / bare boto3 handler (as before) "
        f"| {base['cold_request_ms']:.0f} ms | {ours['cold_request_ms']:.0f} ms | {results.cold_ratio():.2f} | |",
        f"| First GET after a SnapStart restore / the baseline's | {base['restored_first_request_ms']:.1f} ms "
        f"| {ours['restored_first_request_ms']:.1f} ms | {results.restored_ratio:.2f} | |",
        f"| Local throughput, mixed CRUD, {throughput.ours.clients} clients / threaded boto3 server "
        f"| {throughput.baseline.per_second:.0f} req/s | {throughput.ours.per_second:.0f} req/s "
        f"| **{throughput.ratio:.2f}** | ≥ 0.8 |",
        f"| Its p99 latency | {throughput.baseline.p99_ms:.0f} ms | {throughput.ours.p99_ms:.0f} ms "
        f"| {throughput.p99_ratio:.2f} | ≤ 1.5 |",
        f"| `make run` to serving, nothing changed / synthesizing first (as before) "
        f"| {statistics.median(startup.synthesizing):.1f} s | {statistics.median(startup.unchanged):.1f} s "
        f"| **{results.startup_ratio:.2f}** | ≤ 3 s |",
    ]
    install = results.install
    if install is not None and results.install_ratio is not None:
        rows.append(
            f"| First install, empty caches: Python packages by uv / by pip (as before) "
            f"| {statistics.median(install.pip):.0f} s | {statistics.median(install.uv):.0f} s "
            f"| **{results.install_ratio:.2f}** | near 51 s in all |"
        )
    return rows


_COLD_REQUESTS = (("GET", "first GET"), ("POST", "first POST"), ("list", "first list page"))
_CPU = "cold_request_cpu_ms"


def _deployed_goals(results: BenchResults) -> list[str]:
    wall_rows, cpu_rows = [], []
    for request, label in _COLD_REQUESTS:
        figures = results.handler["deployed"][request]
        base, ours = figures["baseline"], figures["bytecode"]
        goal = "≤ 1.0" if request != "list" else ""
        wall_rows.append(
            f"| Cold request as deployed (init + {label}, bundle with bytecode) / bare boto3 handler "
            f"| {base['cold_request_ms']:.0f} ms | {ours['cold_request_ms']:.0f} ms "
            f"| **{results.deployed_ratio(request):.2f}** | {goal} |"
        )
        cpu_rows.append(
            f"| The same in CPU time (init + {label}) | {base[_CPU]:.0f} ms | {ours[_CPU]:.0f} ms "
            f"| {results.deployed_ratio(request, measure=_CPU):.2f} | |"
        )
    rows = wall_rows + cpu_rows
    bare_ms, source_ms = (
        results.handler["deployed"]["GET"][variant]["cold_request_ms"] for variant in ("baseline", "source")
    )
    rows.append(
        f"| The same for GET, bundle without bytecode (as deployed before) | {bare_ms:.0f} ms | {source_ms:.0f} ms "
        f"| {results.deployed_ratio('GET', 'source'):.2f} | |"
    )
    return rows


def _deployed_rows(results: BenchResults) -> list[str]:
    deployed = results.handler["deployed"]
    how = (
        f"median of {deployed['rounds']} rounds (bench/deployed.py): each round runs every variant once per request "
        "in a rotating order, each in a fresh `python -S -B` interpreter with only the function's bundle (built "
        "as the pipeline builds it, for this machine's Python) and a runtime folder (boto3, botocore and their "
        "dependencies from the venv, with bytecode) on the path; the bare handler with the runtime folder only"
    )
    rows = []
    for request in ("GET", "POST", "list"):
        figures = deployed[request]
        cells = ", ".join(
            f"{label} {figures[variant]['cold_request_ms']:.0f} ms (init {figures[variant]['init_ms']:.0f})"
            for variant, label in (("bytecode", "with bytecode"), ("source", "without"), ("baseline", "bare handler"))
        )
        rows.append(f"| Cold request as deployed, {request} | {cells} | {how if request == 'GET' else 'same'} |")
    return rows


def _synth_rows(results: BenchResults) -> list[str]:
    synth = results.synth
    how = (
        "`python app.py` (pipeline stack, dev and prod stages, cdk-nag and the project's rule pack, context from "
        "cdk.json, as `cdk synth` runs it; CDK's built-in validation off, cfn-lint in `make verify` gates the "
        f"templates) against an app with one empty Stack; fresh processes, {len(synth.runs['full'])} runs of each "
        f"variant, alternating, median. The function's asset was bundled by a first run ({synth.first_full:.1f} s), "
        "not counted"
    )
    return [
        f"| Synth time, full app | {_runs(synth.runs['full'])} | {how} |",
        f"| Synth time, empty CDK app | {_runs(synth.runs['empty'])} | same, `CDK_VALIDATION=false`, no context |",
        f"| Synth time, full app with CDK's validation | {_runs(synth.runs['full_validated'])} | "
        "bench/validated_app.py: the same build_app under a plain `App()`, as app.py synthesized before |",
        f"| Synth time, empty CDK app with CDK's validation | {_runs(synth.runs['empty_validated'])} | same, "
        "no context (the project's feature flags make validation reject a stack without resources) |",
    ]


def _handler_rows(results: BenchResults) -> list[str]:
    ours, base, runs = results.handler["ours"], results.handler["baseline"], results.handler["cold_runs"]
    cold_how = (
        f"median of {runs} fresh interpreters per handler, alternating (bench/cold_start.py): import of the "
        "handler module, then its first GET of an item; interpreter start-up excluded; baseline = "
        "bench/baseline_handler.py (boto3 Table resource + json)"
    )
    restore_how = (
        "a SnapStart init (its before-snapshot hooks prime the handler) forked, standing in for the restore; the "
        "child runs the after-restore hooks and the first GET. Lambda's own restore time is not in it"
    )
    warm_how = (
        f"{results.handler['warm_requests']} GET and {results.handler['warm_requests']} POST invocations in-process "
        "(a warm container) against dynalite, Powertools logging at WARNING, tracing off"
    )
    return [
        *_deployed_rows(results),
        f"| Cold request in the venv, Items API handler | {ours['cold_request_ms']:.0f} ms "
        f"(init {ours['init_ms']:.0f}, first GET {ours['first_request_ms']:.0f}) | {cold_how} |",
        f"| Cold request in the venv, baseline handler | {base['cold_request_ms']:.0f} ms "
        f"(init {base['init_ms']:.0f}, first GET {base['first_request_ms']:.0f}) | same |",
        f"| Cold init alone, ratio | {results.cold_ratio('init_ms'):.2f} | the handler makes its DynamoDB client on "
        "first use, so init alone flatters it |",
        f"| SnapStart: priming before the snapshot | {ours['prime_ms']:.0f} ms | part of the init Lambda runs once "
        "per published version |",
        f"| SnapStart: first GET after restore | {ours['restored_first_request_ms']:.1f} ms (baseline "
        f"{base['restored_first_request_ms']:.1f}) | {restore_how} |",
        f"| Warm GET p50 / p99 | {ours['get_p50_ms']:.2f} / {ours['get_p99_ms']:.2f} ms "
        f"(baseline {base['get_p50_ms']:.2f} / {base['get_p99_ms']:.2f}) | {warm_how} |",
        f"| Warm POST p50 / p99 | {ours['post_p50_ms']:.2f} / {ours['post_p99_ms']:.2f} ms "
        f"(baseline {base['post_p50_ms']:.2f} / {base['post_p99_ms']:.2f}) | same |",
    ]


def _list_rows(results: BenchResults) -> list[str]:
    scan = results.list_cost["full_scan"]
    items = results.list_cost["items"]
    how = (
        f"{items:,} items (~160 B each) in dynalite; `items.list_items` (the runtime's own Scan with Limit, "
        "ReturnConsumedCapacity added by a botocore hook), first 10 pages, median; eventually consistent reads"
    )
    share = results.page_capacity / results.full_scan_capacity
    return [
        f"| List cost, one page of 25 | {results.page_capacity:g} RCU | {how} |",
        f"| List cost, one page of 100 (max) | {results.max_page_capacity:g} RCU | same |",
        f"| List cost, one full scan | {results.full_scan_capacity:g} RCU ({scan['pages']} Scan responses) | "
        f"Scan without Limit over all {scan['items']:,} items, capacity summed |",
        f"| **One page / full scan** | **{share:.2%}** | a page costs the items it returns, not the table |",
    ]


def _throughput_rows(results: BenchResults) -> list[str]:
    how = (
        "reliability/load.py clients, closed loop, its default mix (create 20, get 35, update with If-Match 25, "
        "list 10, delete with If-Match 10), against `python -m local run` (SigV4 check, 8 warm handler workers) "
        "and against bench/baseline_server.py (stdlib ThreadingHTTPServer + boto3, no checks), one dynalite for "
        "both; rounds alternate, medians; every answer of ours checked against the client's own writes"
    )
    rows = []
    for target in (results.throughput.ours, results.throughput.baseline):
        name = "Items API (local stack)" if target.target == "ours" else "baseline server"
        rows.append(
            f"| Throughput, {name} | {target.per_second:.0f} req/s (p50 {target.p50_ms:.1f} ms, p99 "
            f"{target.p99_ms:.1f} ms; {target.requests} requests in {target.seconds:.0f} s) | "
            f"{how if target.target == 'ours' else 'same'} |"
        )
    return rows


def _setup_rows(results: BenchResults) -> list[str]:
    startup = results.startup
    rows = [
        f"| `make run` to serving, nothing changed | {_runs(startup.unchanged)} | bench/run_startup.py: from the "
        "command to the first HTTP answer of the API port; cdk.out's record matches the sources, no synth |",
        f"| `make run` to serving, synthesizing first | {_runs(startup.synthesizing)} | same, with the record "
        "removed first (every `make run` synthesized before) |",
    ]
    install = results.install
    if install is not None:
        how = (
            "bench/install_time.py: a fresh venv with requirements-dev.txt in a temporary folder, caches empty, "
            "as the pipeline's build step's `make install` does"
        )
        rows += [
            f"| First install, Python packages by uv | {_runs(install.uv)} | {how}; uv with --compile-bytecode |",
            f"| First install, Python packages by pip | {_runs(install.pip)} | same, pip (before) |",
            f"| First install, npm ci | {_runs(install.npm)} | same folder, empty npm cache |",
        ]
    return rows


def markdown(results: BenchResults) -> str:
    """The whole document."""
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); every number below was measured in that run, each figure",
        "against its baseline in the same run. Numbers move with the machine and its load: the machine below is",
        "shared, so compare ratios more than absolute times. Why each figure is what it is: docs/performance.md.",
        "",
        "## Machine",
        "",
        *_machine(results),
        "",
        "## Goals",
        "",
        *_goals(results),
        "",
        "## Results",
        "",
        "| Figure | Result | How it was measured |",
        "|---|---|---|",
        *_synth_rows(results),
        *_handler_rows(results),
        *_list_rows(results),
        *_throughput_rows(results),
        *_setup_rows(results),
        "",
        "![Benchmark chart](benchmarks.png)",
        "",
    ]
    return "\n".join(lines)
