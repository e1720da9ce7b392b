"""docs/benchmarks.md: every figure with its measurement, the machine, and the chart."""

from __future__ import annotations

from pathlib import Path

from bench import chart, report
from bench.results import BenchResults


def test_report_names_the_machine_and_its_load(results: BenchResults) -> None:
    text = report.markdown(results)

    assert "| CPU | Test CPU, 2 logical CPUs |" in text
    assert "1.00 / 1.50 / 2.00 at the start, 1.20 / 1.50 / 2.00 at the end" in text


def test_report_gives_each_ratio(results: BenchResults) -> None:
    text = report.markdown(results)

    assert "| **Synth time ratio, full / empty** | **2.00** |" in text
    assert "| **Cold init ratio, handler / baseline** | **0.50** |" in text
    assert "| **One page / full scan** | **0.25%** |" in text


def test_report_has_a_throughput_row_per_client_count(results: BenchResults) -> None:
    rows = [line for line in report.markdown(results).splitlines() if line.startswith("| Local API throughput")]

    assert [row.split("|")[2].split(" GET/s")[0].strip() for row in rows] == ["100", "400"]


def test_report_rows_have_three_cells(results: BenchResults) -> None:
    table = [line for line in report.markdown(results).splitlines() if line.startswith("| ") and "---" not in line]

    assert all(line.count(" | ") == 2 for line in table[8:]), table[8:]


def test_report_links_the_chart(results: BenchResults) -> None:
    assert "![Benchmark chart](benchmarks.png)" in report.markdown(results)


def test_chart_is_written_as_png(results: BenchResults, tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.png"

    chart.draw(results, path)

    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
