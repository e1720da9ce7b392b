"""docs/benchmarks.png: one panel per figure of the report, drawn with matplotlib's file-only backend."""

from __future__ import annotations

import statistics
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")  # no display: render straight to a file

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.container import BarContainer

from bench.results import BenchResults

OURS, BASELINE = "#1f77b4", "#bbbbbb"


def _label_bars(axes: Axes, fmt: str) -> None:
    for container in axes.containers:
        if isinstance(container, BarContainer):
            axes.bar_label(container, fmt=fmt, fontsize=8, padding=2)


def _pairs(axes: Axes, labels: list[str], baseline: list[float], ours: list[float], names: tuple[str, str]) -> None:
    positions = range(len(labels))
    axes.bar([p - 0.2 for p in positions], baseline, 0.4, label=names[0], color=BASELINE)
    axes.bar([p + 0.2 for p in positions], ours, 0.4, label=names[1], color=OURS)
    axes.set_xticks(list(positions), labels)
    axes.legend(fontsize=8)


def _synth(axes: Axes, results: BenchResults) -> None:
    synth = results.synth
    _pairs(
        axes,
        ["without CDK validation", "with it (before)"],
        [synth.median("empty"), synth.median("empty_validated")],
        [synth.median("full"), synth.median("full_validated")],
        ("empty app", "full app"),
    )
    axes.set(title=f"Synth time (ratio {synth.ratio:.2f}; {synth.validated_ratio:.2f} with)", ylabel="s, median")
    _label_bars(axes, "%.1f")


def _cold(axes: Axes, results: BenchResults) -> None:
    ours, base = results.handler["ours"], results.handler["baseline"]
    keys = ["init_ms", "cold_request_ms", "restored_first_request_ms"]
    _pairs(
        axes,
        ["init", "init + first GET", "first GET\nafter restore"],
        [base[key] for key in keys],
        [ours[key] for key in keys],
        ("baseline", "Items API"),
    )
    axes.set(title=f"Cold request (ratio {results.cold_ratio():.2f})", ylabel="ms, median")
    _label_bars(axes, "%.0f")


def _warm(axes: Axes, results: BenchResults) -> None:
    keys = ["get_p50_ms", "get_p99_ms", "post_p50_ms", "post_p99_ms"]
    _pairs(
        axes,
        ["GET p50", "GET p99", "POST p50", "POST p99"],
        [results.handler["baseline"][key] for key in keys],
        [results.handler["ours"][key] for key in keys],
        ("baseline", "Items API"),
    )
    axes.set(title="Warm handler latency (dynalite)", ylabel="ms")
    _label_bars(axes, "%.1f")


def _list_cost(axes: Axes, results: BenchResults) -> None:
    values = [results.page_capacity, results.max_page_capacity, results.full_scan_capacity]
    axes.bar(["page of 25", "page of 100", "full scan"], values, color=[OURS, OURS, BASELINE])
    axes.set_yscale("log")
    axes.set(title=f"List cost at {results.list_cost['items']:,} items", ylabel="read capacity units (log)")
    _label_bars(axes, "%g")


def _throughput(axes: Axes, results: BenchResults) -> None:
    comparison = results.throughput
    axes.bar(
        ["baseline server", "Items API"],
        [comparison.baseline.per_second, comparison.ours.per_second],
        color=[BASELINE, OURS],
    )
    axes.set(
        title=f"Mixed CRUD, {comparison.ours.clients} clients (ratio {comparison.ratio:.2f})", ylabel="requests / s"
    )
    _label_bars(axes, "%.0f")


def _setup(axes: Axes, results: BenchResults) -> None:
    labels = ["make run,\nsynthesizing", "make run,\nunchanged"]
    values = [statistics.median(results.startup.synthesizing), statistics.median(results.startup.unchanged)]
    colors = [BASELINE, OURS]
    if results.install is not None:
        labels += ["install, pip", "install, uv"]
        values += [statistics.median(results.install.pip), statistics.median(results.install.uv)]
        colors += [BASELINE, OURS]
    axes.bar(labels, values, color=colors)
    axes.set(title="Set-up (first install: empty caches)", ylabel="s, median")
    _label_bars(axes, "%.1f")


def draw(results: BenchResults, path: Path) -> None:
    figure, grid = plt.subplots(2, 4, figsize=(20, 8.5))
    panels = [_synth, _cold, _warm, _throughput, _setup, _list_cost]
    for panel, axes in zip(panels, grid.flat, strict=False):
        panel(axes, results)
    for axes in grid.flat[len(panels) : -1]:
        axes.axis("off")
    machine = results.machine
    grid.flat[-1].axis("off")
    grid.flat[-1].text(
        0.0,
        0.9,
        f"{machine.cpu_model}\n{machine.cpu_count} logical CPUs, {machine.memory_gib:.0f} GiB\n"
        f"Python {machine.python}, Node {machine.node}\nload average at start {machine.load_average[0]:.2f}, "
        f"at end {results.load_average_end[0]:.2f}\n{machine.started}, commit {machine.commit}",
        va="top",
        fontsize=9,
        transform=grid.flat[-1].transAxes,
    )
    figure.suptitle("Items API benchmarks (make bench)")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
