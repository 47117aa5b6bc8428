"""The ``docker-notes/playground`` MkDocs plugin: thin hooks around :mod:`.wheel`, :mod:`.runtime`, :mod:`.tryit`.

``on_files`` adds the generated Playground page, the front end (``playground/web``), the ``dockersim``
wheel (built once per source hash), the Pyodide runtime and a Pyodide snapshot (:mod:`.snapshot`);
``on_post_page`` marks the blocks a reader can try.
"""

from __future__ import annotations

import json
import logging
import posixpath
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from docker_notes.lessons import directives
from docker_notes.lessons.annotate import annotate, annotate_slots
from docker_notes.lessons.model import PageModel, read_page
from docker_notes.lessons.plan import LessonPlan, plan_page
from docker_notes.lessons.record import record_lessons
from docker_notes.lessons.slots import SlotPlanner
from docker_notes.playground import tryit
from docker_notes.playground.bundle import bundle
from docker_notes.playground.config import PlaygroundConfig
from docker_notes.playground.early import WorkerFiles, early_script, inject_early_script
from docker_notes.playground.linked import LinkedFile
from docker_notes.playground.material import defer_material_bundle
from docker_notes.playground.minify import minify
from docker_notes.playground.page import config_module, playground_markdown
from docker_notes.playground.preload import module_closure
from docker_notes.playground.runtime import runtime_files
from docker_notes.playground.runtime_min import NAME as RUNTIME_MIN
from docker_notes.playground.runtime_min import minified_runtime
from docker_notes.playground.snapshot import GZIP_NAME as SNAPSHOT_GZIP_NAME
from docker_notes.playground.snapshot import NAME as SNAPSHOT_NAME
from docker_notes.playground.snapshot import REST_NAME as SNAPSHOT_REST_NAME
from docker_notes.playground.snapshot import build_snapshot
from docker_notes.playground.wheel import build_wheel, version_of

if TYPE_CHECKING:  # only `mkdocs serve` needs the live-reload server (and its http, ssl, watchdog imports)
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.docker_notes.playground")

WEB_SUFFIXES = {".js", ".mjs", ".css", ".json", ".svg", ".zip"}  # .zip: the empty standard library (worker.js)
ENTRY = "playground.js"
START = "start.js"  # the Playground page's early start of the worker (page.py)
# The Playground page's module entries: start.js, what the loader imports there (load.js, the page); every
# module they import is preloaded beside start.js (preload.py follows the imports).
PAGE_ENTRIES = (START, "load.js", "playground-page.js")
PAGE_STYLE = "playground.css"
WORKER = "worker.js"  # the simulator's module worker, created by the Playground page's <head> (early.py)
WORKBENCH = "workbench"
PANEL = "tryit-panel.js"  # what a Try it press imports, with the simulator's client and the terminal
LESSONS = "lessons"  # under assets_dir: one JSON file per try-able block (files, set-up, recorded answers)
# On every page: the loader (ENTRY) and the Try it buttons' styles; the rest loads when a page needs it.
STYLE = "tryit.css"


def panel_modules_meta(page_html: str, modules: list[str]) -> str:
    """A ``<meta name="dnp-panel-modules">`` in the page's head: the modules a Try it press imports (names
    relative to the front end's folder), which tryit.js preloads at once instead of one import level at a
    time (each level is a round trip on a slow link)."""
    tag = f'<meta name="dnp-panel-modules" content="{escape(" ".join(modules))}">'
    return page_html.replace("</head>", f"{tag}\n</head>", 1)


def web_files(web: Path) -> list[Path]:
    """The front-end files published as they are (ES modules, styles); the workbench is bundled instead."""
    if not (web / ENTRY).is_file():
        raise PluginError(f"playground: {web / ENTRY} is missing")
    skip = {"node_modules", "test", "tests", WORKBENCH}
    return sorted(
        path
        for path in web.rglob("*")
        if path.is_file()
        and path.suffix in WEB_SUFFIXES
        and not any(part in skip or part.startswith(".") for part in path.relative_to(web).parts)
    )


class PlaygroundPlugin(BasePlugin[PlaygroundConfig]):
    """Publishes the playground and adds "Try it" to the notes."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.marked = 0
        self.lessons = {}
        self.early_script = ""  # the Playground page's <head> script that creates the worker (early.py)
        self.lessons: dict[str, tuple[PageModel, list[LessonPlan]]] = {}  # page → its blocks and their lessons
        self.panel_modules: list[str] = []  # the Try it panel's module closure (relative to assets_dir)

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Reset per-build counters and add the Try it buttons' stylesheet and the loader module to every page."""
        if not self.config.enabled:
            return config
        self.marked = 0
        self.lessons = {}
        base = self.config.assets_dir.strip("/")
        config.extra_css.append(f"{base}/{STYLE}")
        script = ExtraScriptValue(f"{base}/{ENTRY}")
        script.type = "module"
        config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the page, the front end (the workbench bundled), ``config.js``, the wheel and the Pyodide files."""
        if not self.config.enabled:
            return files
        root = self._root(config)
        base = self.config.assets_dir.strip("/")
        web = root / self.config.web
        start = self._from_page(config, f"{base}/{START}")
        # What the early start imports (client.js and its imports), then the rest of the page's modules.
        early = [name for name in module_closure(web, [START]) if name != START]
        later = [name for name in module_closure(web, PAGE_ENTRIES) if name != START and name not in early]
        # What a Try it press imports (tryit-panel.js and all it imports): tryit.js preloads it in one go.
        self.panel_modules = module_closure(web, [PANEL])
        style = (self._from_page(config, f"{base}/{PAGE_STYLE}"),)
        page = playground_markdown(
            self.config.title,
            start,
            tuple(self._from_page(config, f"{base}/{name}") for name in early),
            style,
            tuple(self._from_page(config, f"{base}/{name}") for name in later),
        )
        files.append(File.generated(config, self.config.page, content=page))
        published = web_files(web)
        minified: dict[str, Path] = {}
        if self.config.minify:
            names = [path.relative_to(web).as_posix() for path in published]
            cache = root / self.config.cache_dir
            modules = root / self.config.node_modules
            minified = minify(web, names, worker=WORKER, root=root, node_modules=modules, cache_dir=cache)
        for path in published:
            name = path.relative_to(web).as_posix()
            if name in minified:
                files.append(LinkedFile.generated(config, f"{base}/{name}", abs_src_path=str(minified[name])))
            else:
                files.append(File.generated(config, f"{base}/{name}", abs_src_path=str(path)))
        for name, path in minified.items():
            if name.endswith(".map"):
                files.append(LinkedFile.generated(config, f"{base}/{name}", abs_src_path=str(path)))
        # A press asks for the panel's modules largest first: the first of an HTTP/1.1 host's two waves of six
        # carries the big ones, the second (a round trip later) only small ones.
        published_size = {name: path.stat().st_size for name, path in minified.items()}
        self.panel_modules.sort(
            key=lambda name: published_size.get(name) or ((web / name).stat().st_size if (web / name).is_file() else 0),
            reverse=True,
        )
        package = root / self.config.package
        try:
            wheel = build_wheel(package, root / self.config.cache_dir / "wheels")
        except (OSError, ValueError) as exc:
            raise PluginError(f"playground: cannot build the dockersim wheel: {exc}") from exc
        wheel_uri = f"{base}/wheels/{wheel.digest[:16]}/{wheel.filename}"
        files.append(LinkedFile.generated(config, wheel_uri, abs_src_path=str(wheel.path)))
        snapshot_uri = ""
        downloads = [wheel.path]
        if self.config.snapshot:
            cache = root / self.config.cache_dir
            made = build_snapshot(root / self.config.node_modules, wheel.path, wheel.digest, cache)
            if made is not None:
                snapshot_uri = f"{base}/snapshots/{made[1][:16]}/{SNAPSHOT_NAME}"
                files.append(LinkedFile.generated(config, snapshot_uri, abs_src_path=str(made[0])))
                packed = made[0].with_name(SNAPSHOT_GZIP_NAME)
                files.append(LinkedFile.generated(config, f"{snapshot_uri}.gz", abs_src_path=str(packed)))
                rest = made[0].with_name(SNAPSHOT_REST_NAME)
                rest_uri = posixpath.join(posixpath.dirname(snapshot_uri), SNAPSHOT_REST_NAME)
                files.append(LinkedFile.generated(config, rest_uri, abs_src_path=str(rest)))
                downloads += [packed, rest]
        pyodide_dir = self.config.pyodide_dir.strip("/")
        for item in runtime_files(root / self.config.node_modules, pyodide_dir):
            files.append(LinkedFile.generated(config, item.dest_uri, abs_src_path=str(item.source)))
            downloads.append(item.source)
        # What the snapshot start imports instead of Pyodide's own pyodide.asm.mjs (runtime_min.py).
        modules = root / self.config.node_modules
        small = minified_runtime(
            modules / "pyodide" / "pyodide.asm.mjs", node_modules=modules, cache_dir=root / self.config.cache_dir
        )
        files.append(LinkedFile.generated(config, f"{pyodide_dir}/{RUNTIME_MIN}", abs_src_path=str(small)))
        downloads.append(small)
        workbench = web / WORKBENCH / "index.js"
        if workbench.is_file():
            cache = root / self.config.cache_dir
            built = bundle(workbench, root=root, node_modules=root / self.config.node_modules, cache_dir=cache)
            for path in built:
                dest = f"{base}/{WORKBENCH}/{path.name}"
                files.append(LinkedFile.generated(config, dest, abs_src_path=str(path)))
        worker = WorkerFiles(
            worker=WORKER,
            pyodide=posixpath.relpath(pyodide_dir, base) + "/",
            wheel=posixpath.relpath(wheel_uri, base),
            snapshot=posixpath.relpath(snapshot_uri, base) if snapshot_uri else "",
        )
        self.early_script = early_script(worker, self._from_page(config, base))
        module = config_module(
            worker=worker.worker,
            wheel=worker.wheel,
            pyodide=worker.pyodide,
            root=posixpath.relpath(".", base) + "/",
            page=self._page_url(config),
            workbench=workbench.is_file(),
            version=version_of(package),
            snapshot=worker.snapshot,
            download_bytes=sum(Path(path).stat().st_size for path in downloads),
        )
        files.append(File.generated(config, f"{base}/config.js", content=module))
        return files

    def _page_url(self, config: MkDocsConfig) -> str:
        """The Playground page's URL relative to the site root (``playground/``)."""
        page = File(self.config.page, "", "", config.use_directory_urls)
        return page.url

    def _from_page(self, config: MkDocsConfig, uri: str) -> str:
        """``uri`` (relative to the site root) as a URL relative to the Playground page."""
        page = self._page_url(config)
        folder = page if page.endswith("/") else posixpath.dirname(page)
        return posixpath.relpath(uri, folder or ".")

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Read the page's blocks once (the one model of the notes' blocks), plan each try-able block's
        lesson, and drop the ``<!-- try: … -->`` comments from what is rendered."""
        if not self.config.enabled or not self.config.try_it or page.file.src_uri == self.config.page:
            return markdown
        try:
            model = read_page(page.file.src_uri, markdown)
            plans = plan_page(model, Path(config.docs_dir))
        except ValueError as error:
            raise PluginError(f"playground: {page.file.src_uri}: {error}") from error
        self.lessons[page.file.src_uri] = (model, plans)
        return directives.strip(markdown)

    def _write_lessons(self, plans: list[LessonPlan], config: MkDocsConfig) -> None:
        """Record each plan's lesson under CPython (cached) and write its JSON file into the site."""
        recordings = record_lessons(
            [plan.lesson_json() for plan in plans], self._root(config) / self.config.cache_dir / "lessons"
        )
        folder = Path(config.site_dir) / self.config.assets_dir / LESSONS
        folder.mkdir(parents=True, exist_ok=True)
        for plan, recording in zip(plans, recordings, strict=True):
            data = {**plan.to_json(), "recorded": recording}
            (folder / f"{plan.key}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Start the worker from the Playground page's ``<head>`` and run Material's bundle after it; on the
        other pages mark the try-able code blocks (or, on the cheat sheet, fill its ``cheatsheet-try`` slots)."""
        if not self.config.enabled:
            return output
        if page.file.src_uri == self.config.page:
            return inject_early_script(defer_material_bundle(output), self.early_script)
        if not self.config.try_it:
            return output
        folder = posixpath.join(self.config.assets_dir, LESSONS)
        base = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url)

        def lesson_url(key: str) -> str:
            return posixpath.relpath(f"{folder}/{key}.json", base or ".")

        if tryit.has_slots(output):
            slots = SlotPlanner(self.lessons, Path(config.docs_dir))
            output, plans = annotate_slots(output, slots.plan, lesson_url)
            count = len(plans)
            self._write_lessons([plan for plan in plans if plan.name], config)  # the blocks' own are written
        elif page.file.src_uri in self.lessons:
            model, plans = self.lessons[page.file.src_uri]
            try:
                output, count = annotate(output, plans, len(model.blocks), lesson_url)
            except ValueError as error:
                raise PluginError(f"playground: {page.file.src_uri}: {error}") from error
            self._write_lessons(plans, config)
        else:
            count = 0
        self.marked += count
        if count and self.panel_modules:
            output = panel_modules_meta(output, self.panel_modules)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Say how many blocks got a "Try it" button."""
        if self.config.enabled:
            log.info("playground: %d blocks can be tried", self.marked)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        """Rebuild when the simulator or the front end changes."""
        if self.config.enabled:
            root = self._root(config)
            server.watch(str(root / self.config.package))
            server.watch(str(root / self.config.web))
        return server
