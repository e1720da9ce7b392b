"""docs/benchmarks.png: one panel per figure of the report, drawn with matplotlib's file-only backend."""

from __future__ import annotations

import statistics
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")  # no display: render straight to a file

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from bench.results import BenchResults

OURS, BASELINE = "#1f77b4", "#bbbbbb"


def _label_bars(axes: Axes, fmt: str) -> None:
    for container in axes.containers:
        axes.bar_label(container, fmt=fmt, fontsize=8, padding=2)


def _synth(axes: Axes, results: BenchResults) -> None:
    synth = results.synth
    axes.bar(
        ["empty app", "full app"],
        [statistics.median(synth.empty), statistics.median(synth.full)],
        color=[BASELINE, OURS],
    )
    axes.set(title=f"Synth time (ratio {synth.ratio:.2f})", ylabel="seconds, median")
    _label_bars(axes, "%.1f")


def _cold(axes: Axes, results: BenchResults) -> None:
    ours, base = results.handler["ours"], results.handler["baseline"]
    labels = ["init", "init + first GET"]
    positions = range(len(labels))
    axes.bar(
        [p - 0.2 for p in positions],
        [base["init_ms"], base["init_ms"] + base["first_request_ms"]],
        0.4,
        label="baseline",
        color=BASELINE,
    )
    axes.bar(
        [p + 0.2 for p in positions],
        [ours["init_ms"], ours["init_ms"] + ours["first_request_ms"]],
        0.4,
        label="Items API",
        color=OURS,
    )
    axes.set_xticks(list(positions), labels)
    axes.set(title=f"Cold start (init ratio {results.cold_ratio():.2f})", ylabel="ms, median")
    axes.legend(fontsize=8)
    _label_bars(axes, "%.0f")


def _warm(axes: Axes, results: BenchResults) -> None:
    labels = ["GET p50", "GET p99", "POST p50", "POST p99"]
    keys = ["get_p50_ms", "get_p99_ms", "post_p50_ms", "post_p99_ms"]
    positions = range(len(labels))
    for offset, (name, color) in zip((-0.2, 0.2), (("baseline", BASELINE), ("ours", OURS)), strict=True):
        values = [results.handler[name][key] for key in keys]
        label = "Items API" if name == "ours" else name
        axes.bar([p + offset for p in positions], values, 0.4, color=color, label=label)
    axes.set_xticks(list(positions), labels)
    axes.set(title="Warm handler latency (dynalite)", ylabel="ms")
    axes.legend(fontsize=8)
    _label_bars(axes, "%.1f")


def _list_cost(axes: Axes, results: BenchResults) -> None:
    values = [results.page_capacity, results.max_page_capacity, results.full_scan_capacity]
    axes.bar(["page of 25", "page of 100", "full scan"], values, color=[OURS, OURS, BASELINE])
    axes.set_yscale("log")
    axes.set(title=f"List cost at {results.list_cost['items']:,} items", ylabel="read capacity units (log)")
    _label_bars(axes, "%g")


def _throughput(axes: Axes, results: BenchResults) -> None:
    clients = [str(t.clients) for t in results.throughput]
    axes.bar(clients, [t.per_second for t in results.throughput], color=OURS)
    axes.set(title="Local API, signed GETs", xlabel="concurrent clients", ylabel="requests / s")
    _label_bars(axes, "%.0f")


def draw(results: BenchResults, path: Path) -> None:
    figure, grid = plt.subplots(2, 3, figsize=(15, 8.5))
    panels = [_synth, _cold, _warm, _list_cost, _throughput]
    for panel, axes in zip(panels, grid.flat, strict=False):
        panel(axes, results)
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
