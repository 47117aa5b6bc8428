"""Turn entries into the cheat-sheet HTML (through a Jinja template) and into the JSON export."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment
from mkdocs.utils import get_relative_url

from docker_notes.cheatsheet.commands import TOPICS
from docker_notes.cheatsheet.extract import KIND_TITLES, KINDS, Entry, counts, group_by_topic

SCHEMA_VERSION = 1
"""Version of the ``cheatsheet.json`` format; bump it when a field changes meaning or goes away."""

SCRIPTS = ("minisearch.js", "cheatsheet.js")
"""The page's classic scripts, in load order (``cheatsheet.js`` needs ``window.MiniSearch``)."""


def search_documents(entries: list[Entry], titles: dict[str, str]) -> list[dict[str, Any]]:
    """What the browser indexes with MiniSearch: text, flags, description and section titles per entry."""
    documents = []
    for entry in entries:
        command = entry.meta.get("command", {})
        dockerfile = entry.meta.get("dockerfile", {})
        compose = entry.meta.get("compose", {})
        explained = (command.get("explain") or {}).get("flags", [])
        terms = [
            *command.get("flags", []),
            *(flag["long"] for flag in explained if flag.get("long")),
            *(flag["meaning"] for flag in explained if flag.get("meaning")),
            *dockerfile.get("instructions", []),
            *dockerfile.get("base_images", []),
            *compose.get("services", []),
            *compose.get("images", []),
        ]
        documents.append(
            {
                "id": entry.id,
                "kind": entry.kind,
                "topic": entry.topic,
                "text": entry.text,
                "canonical": command.get("canonical", ""),
                "flags": " ".join(terms),
                "description": entry.description,
                "sections": " ".join(
                    dict.fromkeys(f"{titles.get(p.page, '')} {p.heading}".strip() for p in entry.places)
                ),
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
        topic_counts={topic: sum(e.topic == topic for e in entries) for topic in TOPICS},
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
