"""docs/benchmarks.md: the machine, then one table row per figure saying what was measured and how."""

from __future__ import annotations

import statistics

from bench.results import BenchResults


def _seconds(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} s (runs: {', '.join(f'{v:.1f}' for v in values)})"


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


def _synth_rows(results: BenchResults) -> list[str]:
    synth = results.synth
    how = (
        "`python app.py` (pipeline stack, dev and prod stages, cdk-nag and the project's rule pack, CDK's built-in "
        "template validation on, context from cdk.json, as `cdk synth` runs it) against an app with one empty "
        f"Stack; fresh processes, {len(synth.full)} runs each, alternating, median. The function's asset was "
        f"bundled by a first run ({synth.first_full:.1f} s), not counted"
    )
    return [
        f"| Synth time, full app | {_seconds(synth.full)} | {how} |",
        f"| Synth time, empty CDK app | {_seconds(synth.empty)} | same, `App()` with one empty `Stack` and no "
        "context (the project's feature flags make validation reject a stack without resources) |",
        f"| **Synth time ratio, full / empty** | **{synth.ratio:.2f}** | medians of the two rows above |",
    ]


def _handler_rows(results: BenchResults) -> list[str]:
    ours, base, runs = results.handler["ours"], results.handler["baseline"], results.handler["cold_runs"]
    cold_how = (
        f"median of {runs} fresh interpreters per handler, alternating (bench/cold_start.py): import of the "
        "handler module, interpreter start-up excluded; baseline = bench/baseline_handler.py (boto3 + json)"
    )
    warm_how = (
        f"{results.handler['warm_requests']} GET and {results.handler['warm_requests']} POST invocations in-process "
        "(a warm container) against dynalite, Powertools logging at WARNING, tracing off"
    )
    return [
        f"| Cold init, Items API handler | {ours['init_ms']:.0f} ms | {cold_how} |",
        f"| Cold init, baseline handler | {base['init_ms']:.0f} ms | same |",
        f"| **Cold init ratio, handler / baseline** | **{results.cold_ratio():.2f}** | medians above |",
        f"| Cold init + first GET, ratio | {results.cold_ratio('with_first'):.2f} "
        f"({ours['init_ms'] + ours['first_request_ms']:.0f} / {base['init_ms'] + base['first_request_ms']:.0f} ms)"
        " | the handler defers boto3 to its first request, so this is the fairer total |",
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
        "reliability/load.py clients with a GET-only mix against `python -m local run` (SigV4 check, 4 warm "
        "handler workers, dynalite); every answer checked against the client's own writes"
    )
    return [
        f"| Local API throughput, {t.clients} client{'s' if t.clients > 1 else ''} | {t.per_second:.0f} GET/s "
        f"(p50 {t.p50_ms:.1f} ms, p99 {t.p99_ms:.1f} ms; {t.requests} requests in {t.seconds:.0f} s) | "
        f"{how if index == 0 else 'same'} |"
        for index, t in enumerate(results.throughput)
    ]


def markdown(results: BenchResults) -> str:
    """The whole document."""
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); every number below was measured in that run. Numbers move",
        "with the machine and its load: the machine below is shared, so compare ratios more than absolute times.",
        "",
        "## Machine",
        "",
        *_machine(results),
        "",
        "## Results",
        "",
        "| Figure | Result | How it was measured |",
        "|---|---|---|",
        *_synth_rows(results),
        *_handler_rows(results),
        *_list_rows(results),
        *_throughput_rows(results),
        "",
        "![Benchmark chart](benchmarks.png)",
        "",
    ]
    return "\n".join(lines)
