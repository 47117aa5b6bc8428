"""Build time: ``mkdocs build`` of the project against the plain Material build of the same Markdown."""

from __future__ import annotations

from pathlib import Path

from bench.report import Figure, median
from bench.sites import ROOT, WORK, build

RUNS = 5
EDITED_PAGE = ROOT / "docs" / "beginner.md"


def measure(plain_config: Path, site_url: str, plain_url: str, runs: int = RUNS) -> list[Figure]:
    """Warm full builds, then a rebuild after editing one page (what ``mkdocs serve`` does)."""
    ours_dir, plain_dir = WORK / "time-site", WORK / "time-plain"
    build(None, ours_dir, site_url)  # warm caches (wheel, snapshot) once, outside the timed runs
    build(plain_config, plain_dir, plain_url)
    ours, plain = [], []
    for _ in range(runs):
        ours.append(build(None, ours_dir, site_url))
        plain.append(build(plain_config, plain_dir, plain_url))
    edit_ours, edit_plain = [], []
    original = EDITED_PAGE.read_text(encoding="utf-8")
    try:
        for run in range(runs):
            EDITED_PAGE.write_text(original + f"\n<!-- bench edit {run} -->\n", encoding="utf-8")
            edit_ours.append(build(None, ours_dir, site_url))
            edit_plain.append(build(plain_config, plain_dir, plain_url))
    finally:
        EDITED_PAGE.write_text(original, encoding="utf-8")
    return [
        Figure("mkdocs build (warm)", "s", median(ours), median(plain), "plain Material", 1.5, ours, plain),
        Figure("rebuild after editing one page", "s", median(edit_ours), median(edit_plain), "plain Material", 1.5,
               edit_ours, edit_plain, note="a full build after the edit, as mkdocs serve rebuilds"),
    ]
