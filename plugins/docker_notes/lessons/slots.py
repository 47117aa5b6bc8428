"""Cheat-sheet slots → lessons: an entry is tried in the lesson of the notes' block it comes from.

A Dockerfile or Compose entry is the very block of the notes, so it shares that block's lesson; a command
line is tried alone in its block's folder with the set-up it needs from its section. A line no try-able block
holds (one of a block of syntax lines such as the Summary's) runs alone, its objects made by stand-ins.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docker_notes.cheatsheet.scan import Scan
from docker_notes.lessons.model import NoteBlock, PageModel, command_lines
from docker_notes.lessons.plan import LessonPlan, Planner


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


class SlotPlanner:
    """Plans the lessons of cheat-sheet slots from every notes page's model."""

    def __init__(self, pages: dict[str, tuple[PageModel, list[LessonPlan]]], docs_dir: Path) -> None:
        self.pages = pages
        self.docs_dir = docs_dir

    def plan(self, kind: str, text: str) -> LessonPlan | None:
        """The lesson of a slot of ``kind`` showing ``text``; None when nothing in the notes can be tried."""
        if kind in {"dockerfile", "compose"}:
            wanted = _normal(text)
            for _model, plans in self.pages.values():
                for plan in plans:
                    if plan.block.kind == kind and _normal(plan.block.text) == wanted:
                        return plan
            return None
        if kind != "command":
            return None
        line = text.strip()
        name = "cheatsheet-" + hashlib.sha256(line.encode("utf-8")).hexdigest()[:12]
        for model, _plans in self.pages.values():
            for block in model.tryable():
                if block.kind == "command" and line in block.lines:
                    return Planner(model, self.docs_dir).plan_line(block, line, name)
        lines = command_lines(line)
        if lines != [line]:
            return None  # a syntax line or a placeholder: nothing to try
        alone = NoteBlock("cheatsheet", 0, "bash", "", line, 0, None, None, kind="command", lines=lines)
        return Planner(PageModel("cheatsheet", [alone], Scan()), self.docs_dir).plan(alone, name)
