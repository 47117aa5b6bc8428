"""The ``docker-notes/cheatsheet`` MkDocs plugin: thin hooks around :mod:`.extract`, :mod:`.render`, :mod:`.annotate`.

Collect in ``on_page_markdown`` (ids checked against the rendered toc in ``on_page_content``), render the
generated page at ``on_env`` once every page is known, write ``cheatsheet.json`` in ``on_post_build``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markdown.extensions.toc import slugify as default_slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from docker_notes.buildcache import JsonCache, jinja_bytecode
from docker_notes.cheatsheet.annotate import annotate, explain_cache
from docker_notes.cheatsheet.config import CheatsheetConfig
from docker_notes.cheatsheet.extract import Entry, Item, counts, extract_page, group_by_topic, merge
from docker_notes.cheatsheet.highlight import highlight_all, highlight_key
from docker_notes.cheatsheet.render import export, render_page
from docker_notes.cheatsheet.scan import Heading
from docker_notes.cheatsheet.searchskip import hollow
from docker_notes.cheatsheet.titles import set_titles

log = logging.getLogger("mkdocs.plugins.docker_notes.cheatsheet")

PACKAGE = Path(__file__).parent
PLACEHOLDER = "<!-- docker-notes/cheatsheet -->"
ASSETS = ("cheatsheet-search.js", "cheatsheet.js", "cheatsheet.css")


@dataclass
class PageData:
    """What one page contributed: its items and headings (anchors as the toc rendered them)."""

    items: list[Item]
    headings: list[Heading]
    url: str
    title: str = ""


@dataclass
class BuildState:
    """Everything collected during one build; replaced at each ``on_config`` (``mkdocs serve`` rebuilds)."""

    pages: dict[str, PageData] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


class CheatsheetPlugin(BasePlugin[CheatsheetConfig]):
    """Builds the cheat-sheet page, its search and ``cheatsheet.json`` from the commands in the notes."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.state = BuildState()
        self.full_content: str | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Reset per-build state (the page itself names its CSS and scripts: only the cheat sheet loads them)."""
        if not self.config.enabled:
            return config
        self.state = BuildState()
        if "toc" not in config.markdown_extensions:
            raise PluginError("cheatsheet: the 'toc' Markdown extension is needed for deep links to sections")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated page (a placeholder until ``on_env``), the assets, MiniSearch and the schema."""
        if not self.config.enabled:
            return files
        if files.get_file_from_path(self.config.page) is not None:
            raise PluginError(f"cheatsheet: {self.config.page} is generated; remove the hand-written copy from docs/")
        markdown = f"# {self.config.title}\n\n{PLACEHOLDER}\n"
        files.append(File.generated(config, self.config.page, content=markdown))
        base = self.config.assets_dir.strip("/")
        for name in ASSETS:
            files.append(File.generated(config, f"{base}/{name}", abs_src_path=str(PACKAGE / "assets" / name)))
        minisearch = Path(config.config_file_path).parent / self.config.node_modules / self.config.minisearch
        if not minisearch.is_file():
            raise PluginError(f"cheatsheet: {minisearch} is missing; run 'npm ci'")
        files.append(File.generated(config, f"{base}/minisearch.js", abs_src_path=str(minisearch)))
        schema = PACKAGE / "cheatsheet.schema.json"
        files.append(File.generated(config, self.config.schema, abs_src_path=str(schema)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Remember the order of the pages in the navigation (the cheat sheet follows it)."""
        if self.config.enabled:
            self.state.order = [page.file.src_uri for page in nav.pages]
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Collect the commands and files of a page; an unreadable block is a warning (an error under strict)."""
        if not self.config.enabled or page.file.src_uri == self.config.page:
            return markdown
        toc = config.mdx_configs.get("toc", {})
        items, scan = extract_page(
            markdown,
            page.file.src_uri,
            slugify=toc.get("slugify", default_slugify),
            separator=toc.get("separator", "-"),
        )
        for line, message in scan.problems:
            log.warning("cheat sheet: %s:%d: %s; the block is not read", page.file.src_uri, line, message)
        self.state.pages[page.file.src_uri] = PageData(items, scan.headings, page.url, page.title or "")
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Take each section's anchor from the toc the page was rendered with (attr lists, duplicates…)."""
        data = self.state.pages.get(page.file.src_uri) if self.config.enabled else None
        if data is None:
            return html
        data.title = page.title or data.title
        rendered = list(_flatten(page.toc))
        depth = int(config.mdx_configs.get("toc", {}).get("toc_depth", 6) or 6)
        ours = [heading for heading in data.headings if heading.level <= depth]
        if len(rendered) == len(ours):
            ids = {id(heading): link for heading, link in zip(ours, rendered, strict=True)}
        else:
            # Headings the scan cannot see (in admonitions, raw HTML): pair by title, in document order.
            log.debug("cheat sheet: %s: toc has %d headings, the scan %d", page.file.src_uri, len(rendered), len(ours))
            ids, start = {}, 0
            for heading in ours:
                match = next((i for i in range(start, len(rendered)) if rendered[i].title == heading.title), None)
                if match is not None:
                    ids[id(heading)], start = rendered[match], match + 1
        for item in data.items:
            index = item.place.heading_index
            if index is None:
                continue
            link = ids.get(id(data.headings[index]))
            if link is not None:
                item.place.anchor, item.place.heading = link.id, link.title
        return html

    @event_priority(100)  # before Material's search parses the page
    def _spare_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """Hand the search the cheat sheet without the content it drops (see :mod:`.searchskip`)."""
        if self.config.enabled and page.file.src_uri == self.config.page and page.content:
            self.full_content, page.content = page.content, hollow(page.content)
        return context

    @event_priority(-100)  # after every other on_page_context: the page is rendered whole
    def _restore_page(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """Put the full cheat sheet back before the page is rendered."""
        if self.full_content is not None and page.file.src_uri == self.config.page:
            page.content, self.full_content = self.full_content, None
        return context

    on_page_context = CombinedEvent(_spare_search, _restore_page)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Merge what every page contributed and render the cheat-sheet page through the Jinja template."""
        if not self.config.enabled:
            return env
        state = self.state
        ordered = [uri for uri in state.order if uri in state.pages]
        ordered += sorted(uri for uri in state.pages if uri not in ordered)
        state.entries = merge([item for uri in ordered for item in state.pages[uri].items])
        set_titles(state.entries)
        cache_dir = Path(config.config_file_path).parent / self.config.cache_dir
        explained = explain_cache(cache_dir / "explain.json")
        for rejection in annotate(state.entries, cache=explained):
            log.warning(
                "cheat sheet: %s:%d: the docker CLI would reject '%s': %s",
                rejection.page,
                rejection.line,
                rejection.text,
                rejection.message,
            )
        file = files.get_file_from_path(self.config.page)
        page = file.page if file else None
        if page is None or page.content is None:
            raise PluginError(f"cheatsheet: the page {self.config.page} was not built; is it in 'nav'?")
        env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(PACKAGE / "templates"))])  # type: ignore[list-item]
        extensions, options = config.markdown_extensions, config.mdx_configs
        key = highlight_key(extensions, options)
        highlighted = JsonCache(cache_dir / "highlight.json", key) if key else None
        code = highlight_all(state.entries, extensions, options, cache=highlighted)
        for cache in (explained, highlighted):
            if cache is not None:
                cache.save()
        with jinja_bytecode(env, cache_dir / "jinja"):
            html = render_page(
                env,
                self.config.template,
                state.entries,
                page_url=page.url,
                urls=self._urls(),
                titles=self._titles(),
                code=code,
                export_url=self.config.export,
                schema_url=self.config.schema,
                assets_dir=self.config.assets_dir.strip("/"),
            )
        page.content = page.content.replace(f"<p>{PLACEHOLDER}</p>", html).replace(PLACEHOLDER, html)
        page.toc = _page_toc(page, state.entries)
        found = counts(state.entries)
        log.info(
            "cheat sheet: %d commands, %d Dockerfiles, %d Compose files, %d .dockerignore from %d pages",
            found["command"],
            found["dockerfile"],
            found["compose"],
            found["dockerignore"],
            len({place.page for entry in state.entries for place in entry.places}),
        )
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write ``cheatsheet.json`` at the site root."""
        if not self.config.enabled:
            return
        document = export(self.state.entries, urls=self._urls(), titles=self._titles(), site_url=config.site_url or "")
        target = Path(config.site_dir) / self.config.export
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def _urls(self) -> dict[str, str]:
        """Page source path → URL, in navigation order."""
        order = self.state.order + sorted(set(self.state.pages) - set(self.state.order))
        return {uri: self.state.pages[uri].url for uri in order if uri in self.state.pages}

    def _titles(self) -> dict[str, str]:
        """Page source path → page title."""
        return {uri: data.title for uri, data in self.state.pages.items()}


def _flatten(toc: Any) -> Any:
    """The toc's links in document order."""
    for link in toc:
        yield link
        yield from _flatten(link.children)


def _page_toc(page: Page, entries: list[Entry]) -> TableOfContents:
    """The cheat sheet's toc: its title, then one link per topic section."""
    title = next(iter(page.toc), None)
    root = AnchorLink(title.title, title.id, 1) if title else None
    links = [AnchorLink(name, topic, 2) for topic, name, _ in group_by_topic(entries)]
    links.append(AnchorLink("Export: cheatsheet.json", "export", 2))
    if root is None:
        return TableOfContents(links)
    root.children = links
    return TableOfContents([root])
