"""Figures, their same-run baselines and budgets; the printed table and ``bench/results.json``."""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    """One measured figure against its baseline, with the budget the ratio must meet."""

    name: str
    unit: str
    value: float
    baseline: float
    baseline_name: str
    budget: float
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    note: str = ""
    #: Absolute budgets (for example 16 ms per command) compare ``value`` to ``budget`` directly.
    absolute: bool = False

    @property
    def ratio(self) -> float:
        """value / baseline (0 when the baseline is 0)."""
        return self.value / self.baseline if self.baseline else 0.0

    @property
    def passed(self) -> bool:
        """Whether the figure meets its budget."""
        return self.value <= self.budget if self.absolute else self.ratio <= self.budget

    def to_dict(self) -> dict[str, Any]:
        """Plain data for results.json."""
        return {**asdict(self), "ratio": round(self.ratio, 4), "passed": self.passed}


def median(values: list[float]) -> float:
    """The median of at least one value."""
    return float(statistics.median(values))


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return float(ordered[max(0, round(0.95 * len(ordered)) - 1)])


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import os

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def render_table(figures: list[Figure]) -> str:
    """A fixed-width table of every figure, its baseline, ratio, budget and verdict."""
    rows = [("figure", "value", "baseline", "ratio", "budget", "")]
    for fig in figures:
        budget = f"≤ {fig.budget:g} {fig.unit}" if fig.absolute else f"≤ {fig.budget:.2f}×"
        rows.append(
            (
                fig.name,
                f"{fig.value:,.1f} {fig.unit}",
                f"{fig.baseline:,.1f} {fig.unit} ({fig.baseline_name})",
                f"{fig.ratio:.2f}×",
                budget,
                "pass" if fig.passed else "FAIL",
            )
        )
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def write_results(path: Path, figures: list[Figure]) -> None:
    """Write every figure with the machine it ran on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"machine": machine(), "figures": [fig.to_dict() for fig in figures]}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def render_markdown(path: Path) -> str:
    """A Markdown table of a results.json (for README.md's Performance section)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = [
        "| figure | value | baseline (same run) | ratio | budget | verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for fig in data["figures"]:
        unit = fig["unit"]
        budget = f"≤ {fig['budget']:g} {unit}" if fig["absolute"] else f"≤ {fig['budget']:.2f}×"
        lines.append(
            f"| {fig['name']} | {fig['value']:,.1f} {unit} | {fig['baseline']:,.1f} {unit} ({fig['baseline_name']}) "
            f"| {fig['ratio']:.2f}× | {budget} | {'pass' if fig['passed'] else '**FAIL**'} |"
        )
    info = data["machine"]
    lines.append("")
    lines.append(f"Machine: {info['platform']}, {info['cpus']} CPUs, Python {info['python']}.")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(render_markdown(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("results.json")))
