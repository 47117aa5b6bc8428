"""Mark the rendered page's try-able blocks: the n-th fence of the Markdown is the n-th highlighted block."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from docker_notes.lessons.plan import LessonPlan
from docker_notes.playground.tryit import _ATTR, _SLOT, _blocks


def try_spec(plan: LessonPlan, lesson_url: str) -> dict[str, object]:
    """The ``data-dnp-try`` JSON of one block: what its button offers, and where its lesson file is."""
    return {
        "kind": plan.block.kind,
        "key": plan.key,
        "file": plan.file,
        "lesson": lesson_url,
        "lines": [{"line": line, "needs": []} for line in plan.lines],
    }


def annotate(page_html: str, plans: list[LessonPlan], fences: int, lesson_url: Callable[[str], str]) -> tuple[str, int]:
    """Add ``data-dnp-try`` to each planned block; ``fences`` is how many fences the Markdown has.

    Returns the page and how many blocks were marked; raises :class:`ValueError` when the page's
    highlighted blocks do not line up with its fences (a fence that did not render as a code block).
    """
    found = _blocks(page_html)
    if len(found) != fences:
        raise ValueError(f"{fences} fences in the Markdown but {len(found)} highlighted blocks in the page")
    inserts = []
    for plan in plans:
        block = found[plan.block.index]
        if "data-dnp-try" in block.attrs:
            continue
        spec = json.dumps(try_spec(plan, lesson_url(plan.key)), ensure_ascii=False)
        inserts.append((block.attrs_start, f' data-dnp-try="{html.escape(spec, quote=True)}"'))
    for position, attribute in sorted(inserts, reverse=True):
        page_html = page_html[:position] + attribute + page_html[position:]
    return page_html, len(inserts)


def annotate_slots(
    page_html: str, resolve: Callable[[str, str], LessonPlan | None], lesson_url: Callable[[str], str]
) -> tuple[str, list[LessonPlan]]:
    """Give each cheat-sheet slot (``data-kind``, ``data-text``) the lesson ``resolve`` finds for it.

    Returns the page and the plans used (their lesson files must be written); a slot with no lesson
    (a syntax line, a .dockerignore) gets no Try it.
    """
    used: dict[str, LessonPlan] = {}

    def replace(match: re.Match[str]) -> str:
        attrs = {key: html.unescape(value) for key, value in _ATTR.findall(match.group("attrs"))}
        if "data-dnp-try" in attrs or attrs.get("data-usage") == "true":
            return match.group(0)
        plan = resolve(attrs.get("data-kind", ""), attrs.get("data-text", ""))
        if plan is None:
            return match.group(0)
        used[plan.key] = plan
        spec = json.dumps(try_spec(plan, lesson_url(plan.key)), ensure_ascii=False)
        return match.group(0)[:-1] + f' data-dnp-try="{html.escape(spec, quote=True)}">'

    return _SLOT.sub(replace, page_html), list(used.values())
