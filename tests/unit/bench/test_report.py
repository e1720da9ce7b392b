"""docs/benchmarks.md: every figure with its measurement, the machine, and the chart."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bench import chart, report
from bench.results import BenchResults


def test_report_names_the_machine_and_its_load(results: BenchResults) -> None:
    text = report.markdown(results)

    assert "| CPU | Test CPU, 2 logical CPUs |" in text
    assert "1.00 / 1.50 / 2.00 at the start, 1.20 / 1.50 / 2.00 at the end" in text


def _goal_rows(results: BenchResults) -> dict[str, list[str]]:
    text = report.markdown(results)
    table = text[text.index("## Goals") : text.index("## Results")]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    return {row.split(" | ")[0].lstrip("| "): [cell.strip() for cell in row.split(" | ")[1:]] for row in rows}


def test_each_goal_has_its_baseline_result_and_ratio_from_one_run(results: BenchResults) -> None:
    goals = _goal_rows(results)

    assert goals["Synth: full app / empty CDK app, both without CDK's built-in validation"][:3] == [
        "1.0 s",
        "4.0 s",
        "**4.00**",
    ]
    assert goals["Cold request as deployed (init + first GET, bundle with bytecode) / bare boto3 handler"][:3] == [
        "260 ms",
        "220 ms",
        "**0.85**",
    ]
    assert goals["Cold request as deployed (init + first POST, bundle with bytecode) / bare boto3 handler"][:3] == [
        "260 ms",
        "230 ms",
        "**0.88**",
    ]
    assert goals["The same for GET, bundle without bytecode (as deployed before)"][:3] == ["260 ms", "350 ms", "1.35"]
    assert goals["The same in CPU time (init + first GET)"][:3] == ["200 ms", "180 ms", "0.90"]
    assert goals["Cold request (init + first GET) in the dev venv / bare boto3 handler (as before)"][:3] == [
        "450 ms",
        "300 ms",
        "0.67",
    ]
    assert goals["Local throughput, mixed CRUD, 16 clients / threaded boto3 server"][:3] == [
        "250 req/s",
        "200 req/s",
        "**0.80**",
    ]
    assert goals["`make run` to serving, nothing changed / synthesizing first (as before)"][:3] == [
        "6.2 s",
        "1.1 s",
        "**0.18**",
    ]
    assert goals["First install, empty caches: Python packages by uv / by pip (as before)"][:3] == [
        "100 s",
        "50 s",
        "**0.50**",
    ]


def test_install_goal_is_left_out_when_not_measured(results: BenchResults) -> None:
    skipped = dataclasses.replace(results, install=None)

    assert not [name for name in _goal_rows(skipped) if name.startswith("First install")]


def test_report_gives_the_list_cost_share(results: BenchResults) -> None:
    assert "| **One page / full scan** | **0.25%** |" in report.markdown(results)


def test_result_rows_have_three_cells(results: BenchResults) -> None:
    text = report.markdown(results)
    table = [line for line in text[text.index("## Results") :].splitlines() if line.startswith("| ")]

    assert all(line.count(" | ") == 2 for line in table if "---" not in line), table


def test_report_links_the_chart(results: BenchResults) -> None:
    assert "![Benchmark chart](benchmarks.png)" in report.markdown(results)


def test_chart_is_written_as_png(results: BenchResults, tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.png"

    chart.draw(results, path)

    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
