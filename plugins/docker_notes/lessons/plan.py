"""Each try-able block → the scratch lesson that keeps it true: its files, its set-up, its lines.

A block runs in a playground of its own, made from what its section really did before it:

- a Dockerfile block is written as ``Dockerfile`` beside its build context (``docs/contexts/<name>/``) and
  built with the tag its section runs (``docker build -t my-app .``);
- a Compose block is written as ``docker-compose.yml`` beside its context and started;
- a command block works in the folder of the Dockerfile or Compose file it follows (when it builds or
  composes), and every object its lines expect (a container, a network, a volume, an image the notes built)
  is made first by the section's own earlier line or Dockerfile; only when the notes never make it does a
  stand-in appear, and the panel says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docker_notes.lessons.model import NoteBlock, PageModel
from docker_notes.lessons.objects import expects, images_run, makes, removes_stopped, stand_in

COMPOSE_FILE = "docker-compose.yml"
DEFAULT_TAG = "my-app"
_BUILD_OR_COMPOSE = re.compile(r"(^|[;&|]\s*)docker(-compose\s|\s+compose\s|\s+build\s)")


@dataclass
class Step:
    """One set-up line, where it comes from, and whether it stands in for something the notes never show."""

    line: str
    origin: str = ""
    stand_in: bool = False

    def to_json(self) -> dict[str, Any]:
        """As the page's lesson file carries it."""
        return {"line": self.line, "origin": self.origin, "stand_in": self.stand_in}


@dataclass
class LessonPlan:
    """What one Try it block runs and tells."""

    block: NoteBlock
    files: dict[str, str] = field(default_factory=dict)
    file_origins: dict[str, str] = field(default_factory=dict)
    setup: list[Step] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    file: str | None = None
    """The file the block itself is written to (Dockerfile, docker-compose.yml), if any."""
    name: str = ""
    """The lesson's own key when it is not the block's (one line of a block, tried from the cheat sheet)."""

    @property
    def key(self) -> str:
        """The lesson's key: its own name, else the block's."""
        return self.name or self.block.key

    def lesson_json(self) -> dict[str, Any]:
        """The simulator's :class:`dockersim.lessons.Lesson` as JSON."""
        return {"key": self.key, "files": dict(self.files), "setup": [s.line for s in self.setup], "lines": self.lines}

    def to_json(self) -> dict[str, Any]:
        """Everything the Try it panel shows and runs (before the recording is added)."""
        directives = self.block.directives
        return {
            "key": self.key,
            "kind": self.block.kind,
            "file": self.file,
            "lesson": self.lesson_json(),
            "file_origins": dict(self.file_origins),
            "setup": [step.to_json() for step in self.setup],
            "expect": directives.all("expect"),
            "fails": directives.all("fails"),
            "note": directives.get("note"),
        }


# --- images -----------------------------------------------------------------------------------------------------


def _normal(image: str) -> str:
    """``my-app`` and ``my-app:latest`` are one image."""
    name = image.rsplit("/", 1)[-1]
    return image if ":" in name or "@" in name else f"{image}:latest"


def _repository(image: str) -> str:
    """``my-app:1.0`` → ``my-app``: the notes' app, whatever tag a line asks for."""
    name = image.split("@", 1)[0]
    head, _, tail = name.rpartition(":")
    return head if head and "/" not in tail else name


def published(image: str) -> bool:
    """Whether ``image`` is a repository docker would pull (the simulator's catalogue knows it)."""
    from dockersim.engine.catalogue import known_repository
    from dockersim.engine.reference import InvalidReferenceError, parse_reference

    try:
        return known_repository(parse_reference(image))
    except (InvalidReferenceError, ValueError):
        return False


# --- planning ----------------------------------------------------------------------------------------------------


def _context_files(docs_dir: Path, name: str) -> dict[str, str]:
    """The files of ``docs/contexts/<name>/`` by relative path ('' → none)."""
    if not name:
        return {}
    folder = docs_dir / "contexts" / name
    if not folder.is_dir():
        raise ValueError(f"try: context {name!r}: no folder {folder}")
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _file_of(block: NoteBlock) -> str:
    """The file a Dockerfile or Compose block is written to."""
    if block.directives.get("file"):
        return block.directives.get("file")
    return "Dockerfile" if block.kind == "dockerfile" else COMPOSE_FILE


def _section_blocks(page: PageModel, block: NoteBlock) -> list[NoteBlock]:
    """The try-able blocks before ``block`` in its section, in order."""
    return [b for b in page.blocks[: block.index] if b.tryable and b.section == block.section]


def _following_commands(page: PageModel, block: NoteBlock) -> Iterable[NoteBlock]:
    """Command blocks after ``block`` in its section, up to the next Dockerfile."""
    for other in page.blocks[block.index + 1 :]:
        if other.section != block.section or other.kind == "dockerfile":
            return
        if other.kind == "command":
            yield other


def dockerfile_tag(page: PageModel, block: NoteBlock) -> str:
    """The tag a Dockerfile block builds: its ``tag`` directive, else the image its section goes on to run."""
    if block.directives.get("tag"):
        return block.directives.get("tag")
    for other in _following_commands(page, block):
        for line in other.lines:
            made = [name for kind, name in makes(line) if kind == "image"]
            for image in [*made, *images_run(line)]:
                if not published(image) and "$" not in image:
                    return image
    return DEFAULT_TAG


class Planner:
    """Plans every try-able block of one page (``docs_dir`` holds ``contexts/``)."""

    def __init__(self, page: PageModel, docs_dir: Path) -> None:
        self.page = page
        self.docs_dir = docs_dir

    def plan_all(self) -> list[LessonPlan]:
        """A plan per try-able block, in page order."""
        return [self.plan(block) for block in self.page.tryable()]

    def _own_files(self, block: NoteBlock) -> dict[str, str]:
        files = _context_files(self.docs_dir, block.directives.get("context"))
        if block.kind in {"dockerfile", "compose"}:
            files[_file_of(block)] = block.text if block.text.endswith("\n") else block.text + "\n"
        return files

    def _source_block(self, block: NoteBlock) -> NoteBlock | None:
        """The Dockerfile or Compose block a command block works beside."""
        named = block.directives.get("files-from")
        if named:
            found = self.page.by_key(named)
            if found is None:
                raise ValueError(f"try: files-from={named!r}: no block with that id on {self.page.page}")
            return found
        if not any(_BUILD_OR_COMPOSE.search(line) for line in block.lines):
            return None
        candidates = [b for b in self.page.blocks[: block.index] if b.kind in {"dockerfile", "compose"}]
        in_section = [b for b in candidates if b.section == block.section]
        pool = in_section or candidates
        return pool[-1] if pool else None

    def plan_line(self, block: NoteBlock, line: str, name: str) -> LessonPlan:
        """The lesson of one line of a command block, tried alone (the cheat sheet): the block's folder and
        the set-up that line needs, from the block's section."""
        return self.plan(replace(block, lines=[line]), name)

    def plan(self, block: NoteBlock, name: str = "") -> LessonPlan:
        """The lesson of one try-able block."""
        plan = LessonPlan(block, name=name)
        if block.kind == "command":
            source = self._source_block(block)
            if source is not None:
                plan.files.update(self._own_files(source))
                plan.file_origins.update(dict.fromkeys(plan.files, source.key))
            own = _context_files(self.docs_dir, block.directives.get("context"))
            plan.files.update(own)
            plan.file_origins.update(dict.fromkeys(own, block.key))
            plan.lines = list(block.lines)
        else:
            plan.files.update(self._own_files(block))
            plan.file_origins.update(dict.fromkeys(plan.files, block.key))
            plan.file = _file_of(block)
            if block.kind == "dockerfile":
                plan.lines = [f"docker build -t {dockerfile_tag(self.page, block)} ."]
            else:
                plan.lines = ["docker compose up -d", "docker compose ps"]
        plan.lines += block.directives.all("then")
        self._set_up(plan, block.directives.all("setup"))
        return plan

    # --- set-up ---------------------------------------------------------------------------------------------

    def _set_up(self, plan: LessonPlan, written: list[str]) -> None:
        """Add the steps that make what the block's lines (and its written set-up lines) expect.

        The set-up lines the Markdown writes run in order, after what they themselves need.
        """
        made: set[tuple[str, str]] = set()
        for index, line in enumerate([*written, *plan.lines]):
            for need in _needs_of(line):
                if need not in made:
                    self._make(plan, need, made, depth=0)
                    if need[0] == "container" and removes_stopped(line, need[1]):
                        plan.setup.append(Step(f"docker stop {need[1]}", "", stand_in=False))
            made |= _made_by(line)
            if index < len(written):
                plan.setup.append(Step(line, plan.block.key))

    def _earlier_lines(self, block: NoteBlock) -> list[tuple[NoteBlock, str]]:
        """Lines of earlier command blocks: the section's first (latest first), then the page's."""
        before = [b for b in self.page.blocks[: block.index] if b.kind == "command"]
        section = [b for b in before if b.section == block.section]
        others = [b for b in before if b.section != block.section]
        ordered: list[tuple[NoteBlock, str]] = []
        for group in (section, others):
            for other in reversed(group):
                ordered += [(other, line) for line in reversed(other.lines)]
        return ordered

    def _make(self, plan: LessonPlan, need: tuple[str, str], made: set[tuple[str, str]], depth: int) -> None:
        kind, name = need
        if kind == "image":
            self._make_image(plan, name, made)
            return
        if depth < 3:
            for other, line in self._earlier_lines(plan.block):
                if need in _made_by(line) and not _BUILD_OR_COMPOSE.search(line):
                    for sub in _needs_of(line):
                        if sub not in made and sub != need:
                            self._make(plan, sub, made, depth + 1)
                    plan.setup.append(Step(line, other.key))
                    made |= _made_by(line)
                    return
        plan.setup.append(Step(stand_in(kind, name), "", stand_in=True))
        made.add(need)

    def _make_image(self, plan: LessonPlan, image: str, made: set[tuple[str, str]]) -> None:
        """Build the notes' Dockerfile that makes ``image``, or stand nginx in for it (said so)."""
        block = plan.block
        for other in reversed(self.page.blocks[: block.index]):
            if other.kind == "dockerfile" and _repository(dockerfile_tag(self.page, other)) == _repository(image):
                files = self._own_files(other)
                if all(plan.files.get(path, text) == text for path, text in files.items()):
                    plan.files.update(files)
                    plan.file_origins.update(dict.fromkeys(files, other.key))
                    plan.setup.append(Step(f"docker build -q -t {image} .", other.key))
                    made.add(("image", _normal(image)))
                    return
        plan.setup.append(Step(stand_in("image", image), "", stand_in=True))
        made.add(("image", _normal(image)))


def _needs_of(line: str) -> list[tuple[str, str]]:
    """Objects a line expects: containers, networks, volumes, and images no registry has."""
    images = [image for image in images_run(line) if not published(image) and "$" not in image]
    return [*expects(line), *(("image", _normal(image)) for image in images)]


def _made_by(line: str) -> set[tuple[str, str]]:
    """Objects a line makes (images by their full name)."""
    return {(kind, _normal(name) if kind == "image" else name) for kind, name in makes(line)}


def plan_page(page: PageModel, docs_dir: Path) -> list[LessonPlan]:
    """Plans of every try-able block of ``page``."""
    return Planner(page, docs_dir).plan_all()
