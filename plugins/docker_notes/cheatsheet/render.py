"""Turn entries into the cheat-sheet HTML (through a Jinja template) and into the JSON export."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment
from mkdocs.utils import get_relative_url

from docker_notes.cheatsheet.commands import TOPICS
from docker_notes.cheatsheet.extract import KIND_TITLES, KINDS, Entry, counts, group_by_topic
from docker_notes.cheatsheet.keywords import keywords

SCHEMA_VERSION = 2
"""Version of the ``cheatsheet.json`` format; bump it when a field changes meaning or goes away."""

SCRIPTS = ("minisearch.js", "cheatsheet-search.js", "cheatsheet.js")
"""The page's classic scripts, in load order (``cheatsheet.js`` needs ``MiniSearch`` and ``CheatsheetSearch``)."""


def search_documents(entries: list[Entry], titles: dict[str, str]) -> list[dict[str, Any]]:
    """What the browser indexes with MiniSearch, per entry: its lines, commands, flags, what the simulator's
    parser says they do, its descriptions and sections, and the reader's words for it (:mod:`.keywords`)."""
    documents = []
    for entry in entries:
        commands = entry.meta.get("commands", [])
        dockerfile = entry.meta.get("dockerfile", {})
        compose = entry.meta.get("compose", {})
        explained = [command.get("explain") or {} for command in commands]
        flags = [flag for reading in explained for flag in reading.get("flags", [])]
        terms = [
            *(flag for command in commands for flag in command.get("flags", [])),
            *(flag["long"] for flag in flags if flag.get("long")),
            *dockerfile.get("instructions", []),
            *dockerfile.get("base_images", []),
            *compose.get("services", []),
            *compose.get("images", []),
        ]
        meanings = [reading.get("meaning", "") for reading in explained]
        meanings += [flag["meaning"] for flag in flags if flag.get("meaning")]
        described = [place.description for place in entry.places if place.description]
        lines = [entry.text, *(variant["text"] for variant in entry.meta.get("variants", []))]
        documents.append(
            {
                "id": entry.id,
                "kind": entry.kind,
                "topic": entry.topic,
                "topics": entry.topics,
                "text": "\n".join(lines),
                "canonical": " ".join(dict.fromkeys(command["canonical"] for command in commands)),
                "flags": " ".join(dict.fromkeys(terms)),
                "explain": " ".join(dict.fromkeys(meaning for meaning in meanings if meaning)),
                "description": " ".join(dict.fromkeys([entry.title, entry.description, *described])),
                "sections": " ".join(
                    dict.fromkeys(f"{titles.get(p.page, '')} {p.heading}".strip() for p in entry.places)
                ),
                "keywords": keywords(entry),
            }
        )
    return documents


def render_page(
    env: Environment,
    template: str,
    entries: list[Entry],
    *,
    page_url: str,
    urls: dict[str, str],
    titles: dict[str, str],
    code: dict[str, str],
    export_url: str,
    schema_url: str,
    assets_dir: str = "assets/cheatsheet",
) -> str:
    """Render the cheat sheet with ``template`` from the theme's Jinja environment.

    The page names its own stylesheet (a ``<link>`` in the content, so a direct load has no unstyled
    flash) and its scripts (``data-dnp-scripts``, loaded on demand by the site's loader), so no other
    page downloads them.
    """

    def href(place: Any) -> str:
        target = get_relative_url(urls.get(place.page, place.page), page_url)
        return f"{target}#{place.anchor}" if place.anchor else target

    data = json.dumps(search_documents(entries, titles), ensure_ascii=False, separators=(",", ":"))
    return env.get_template(template).render(
        groups=group_by_topic(entries),
        topics=TOPICS,
        kinds={kind: KIND_TITLES[kind] for kind in KINDS},
        counts=counts(entries),
        topic_counts={topic: sum(topic in e.topics for e in entries) for topic in TOPICS},
        total=len(entries),
        pages=len({place.page for entry in entries for place in entry.places}),
        code=code,
        titles=titles,
        href=href,
        search_data=data,
        export_url=get_relative_url(export_url, page_url),
        schema_url=get_relative_url(schema_url, page_url),
        schema_version=SCHEMA_VERSION,
        style_url=get_relative_url(f"{assets_dir}/cheatsheet.css", page_url),
        script_urls=[get_relative_url(f"{assets_dir}/{name}", page_url) for name in SCRIPTS],
    )


def export(entries: list[Entry], *, urls: dict[str, str], titles: dict[str, str], site_url: str) -> dict[str, Any]:
    """The ``cheatsheet.json`` document (see ``cheatsheet.schema.json``)."""
    return {
        "$schema": "cheatsheet.schema.json",
        "version": SCHEMA_VERSION,
        "site_url": site_url,
        "counts": {**counts(entries), "entries": len(entries)},
        "topics": [{"id": topic, "title": title} for topic, title in TOPICS.items()],
        "pages": [{"page": page, "url": url, "title": titles.get(page, "")} for page, url in urls.items()],
        "entries": [entry.to_json(urls) for entry in entries],
    }
