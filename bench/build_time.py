"""Build time: ``mkdocs build`` of the project against the plain Material build of the same Markdown."""

from __future__ import annotations

import resource
from pathlib import Path

from bench.report import Figure, median
from bench.sites import ROOT, WORK, build

RUNS = 5
EDITED_PAGE = ROOT / "docs" / "beginner.md"


def _cpu_seconds() -> float:
    """User + system CPU time of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(config: Path | None, site: Path, site_url: str, cpu: list[float]) -> float:
    """:func:`build`'s wall time; the build's CPU time is appended to ``cpu``."""
    before = _cpu_seconds()
    wall = build(config, site, site_url)
    cpu.append(_cpu_seconds() - before)
    return wall


def _cpu_note(ours: list[float], plain: list[float]) -> str:
    """The CPU time medians: on a busy machine they vary far less than wall time (which the budget uses)."""
    return f"CPU time {median(ours):.2f} s vs {median(plain):.2f} s ({median(ours) / median(plain):.2f}×)"


def measure(plain_config: Path, site_url: str, plain_url: str, runs: int = RUNS) -> list[Figure]:
    """Warm full builds, then a rebuild after editing one page (what ``mkdocs serve`` does)."""
    ours_dir, plain_dir = WORK / "time-site", WORK / "time-plain"
    build(None, ours_dir, site_url)  # warm caches (wheel, snapshot) once, outside the timed runs
    build(plain_config, plain_dir, plain_url)
    ours, plain, cpu_ours, cpu_plain = [], [], [], []
    for _ in range(runs):
        ours.append(_timed(None, ours_dir, site_url, cpu_ours))
        plain.append(_timed(plain_config, plain_dir, plain_url, cpu_plain))
    edit_ours, edit_plain, edit_cpu_ours, edit_cpu_plain = [], [], [], []
    original = EDITED_PAGE.read_text(encoding="utf-8")
    try:
        for run in range(runs):
            EDITED_PAGE.write_text(original + f"\n<!-- bench edit {run} -->\n", encoding="utf-8")
            edit_ours.append(_timed(None, ours_dir, site_url, edit_cpu_ours))
            edit_plain.append(_timed(plain_config, plain_dir, plain_url, edit_cpu_plain))
    finally:
        EDITED_PAGE.write_text(original, encoding="utf-8")
    return [
        Figure("mkdocs build (warm)", "s", median(ours), median(plain), "plain Material", 1.5, ours, plain,
               note=_cpu_note(cpu_ours, cpu_plain)),
        Figure("rebuild after editing one page", "s", median(edit_ours), median(edit_plain), "plain Material", 1.5,
               edit_ours, edit_plain, note="a full build after the edit, as mkdocs serve rebuilds; "
               + _cpu_note(edit_cpu_ours, edit_cpu_plain)),
    ]
