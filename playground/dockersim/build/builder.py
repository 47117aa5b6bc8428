"""Runs a build plan against the engine: cache lookups, simulated steps, progress vertices, the final image.

``build(engine, context, dockerfile_text, options)`` never raises for a bad Dockerfile or a failing
step: it returns a :class:`BuildResult` whose ``error`` holds BuildKit's wording (the handler prints
it). Base images come from ``engine.pull_image``; the result is registered with ``engine.add_image``.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from typing import Any

from dockersim.build.cache import LayerCache, chain, digest
from dockersim.build.context import BuildContext, FileEntry
from dockersim.build.emitted import compiled_texts
from dockersim.build.instructions import Dockerfile, parse_dockerfile
from dockersim.build.parser import DockerfileError
from dockersim.build.plan import BuildPlan, Step, normalize_image, plan_build
from dockersim.build.progress import Progress, Vertex, human_bytes
from dockersim.build.runsim import WELL_KNOWN_FILES, RunState, jitter, simulate
from dockersim.build.stagefs import StageFiles, norm
from dockersim.context import SimulatorError, Stream
from dockersim.engine.model import ImageConfig, ImageRecord, LayerRecord


@dataclass
class BuildOptions:
    """What ``docker build`` was asked to do (already validated by the handler)."""

    tags: list[str] = field(default_factory=list)
    dockerfile_name: str = "Dockerfile"
    build_args: dict[str, str] = field(default_factory=dict)
    target: str = ""
    no_cache: bool = False
    identity: str = "."
    labels: dict[str, str] = field(default_factory=dict)
    pull: bool = False


@dataclass
class StepReport:
    """One executed or cached step, as the playground shows it."""

    stage: str
    index: int
    total: int
    kind: str
    instruction: str
    line: int
    cached: bool
    reason: str
    duration: float
    size: int
    key: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return dict(vars(self))


@dataclass
class BuildResult:
    """Everything a build produced: the image (on success), steps with reasons, progress, error, lint."""

    ok: bool = False
    image: ImageRecord | None = None
    steps: list[StepReport] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)
    error: str = ""
    #: The simulator's own line about the error (``dockersim: …``), printed after buildx's.
    error_note: str = ""
    error_line: int = 0
    error_end_line: int = 0
    error_step: str = ""
    error_logs: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)
    context_size: int = 0
    build_number: int = 0
    target: str = ""
    skipped_stages: list[str] = field(default_factory=list)
    dockerfile_lines: list[str] = field(default_factory=list)
    multi_stage: bool = False

    def to_data(self) -> dict[str, Any]:
        """The structured result the playground reads from ``ctx.data["build"]``."""
        return {
            "ok": self.ok,
            "image_id": self.image.id if self.image else None,
            "size": self.image.size if self.image else 0,
            "layers": len([layer for layer in self.image.layers if not layer.empty_layer]) if self.image else 0,
            "tags": list(self.image.repo_tags) if self.image else [],
            "target": self.target,
            "build_number": self.build_number,
            "context_size": self.context_size,
            "skipped_stages": self.skipped_stages,
            "steps": [s.to_dict() for s in self.steps],
            "lint": [f.to_dict() for f in self.findings],
            "checks": [w.to_dict() for w in self.warnings],
            "error": self.error or None,
            "error_line": self.error_line or None,
        }


@dataclass
class _StageRun:
    """Per-stage execution state: last key, files the simulation knows about, writes and layers."""

    last_key: str
    files: dict[str, int] = field(default_factory=dict)
    writes: list[tuple[str, str]] = field(default_factory=list)
    layers: list[LayerRecord] = field(default_factory=list)
    history_done: int = 0
    known: StageFiles = field(default_factory=StageFiles)


def _overlaps(a: str, b: str) -> bool:
    a, b = a.rstrip("/") or "/", b.rstrip("/") or "/"
    return a == b or a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/") or "/" in (a, b)


def _content_digest(run: _StageRun, path: str) -> str:
    last_all = max((i for i, (prefix, _) in enumerate(run.writes) if prefix == "*"), default=0)
    keys = [
        key
        for i, (prefix, key) in enumerate(run.writes)
        if i >= last_all and (prefix == "*" or _overlaps(prefix, path))
    ]
    return digest([path, keys])


def _size_under(files: dict[str, int], path: str) -> int | None:
    path = path.rstrip("/") or "/"
    prefix = path + "/" if path != "/" else "/"
    hits = [size for name, size in files.items() if name == path or name.startswith(prefix)]
    if hits:
        return sum(hits)
    for name, size in files.items():
        if path.startswith(name.rstrip("/") + "/"):
            return max(1, size // 4)
    return None


def _cache_mounts(step: Step) -> list[str]:
    """Targets of ``RUN --mount=type=cache,target=…`` (their contents never reach the layer)."""
    mounts = step.inputs.get("flags", {}).get("mount", [])
    targets = []
    for mount in mounts if isinstance(mounts, list) else []:
        fields = dict(part.partition("=")[::2] for part in mount.split(","))
        if fields.get("type") == "cache":
            targets.append(fields.get("target") or fields.get("dst") or fields.get("destination") or "")
    return [t for t in targets if t]


class _Builder:
    """One build in progress."""

    def __init__(self, engine: Any, context: BuildContext, options: BuildOptions) -> None:
        self.engine = engine
        self.context = context
        self.options = options
        self.result = BuildResult(context_size=context.size)
        self.progress = self.result.progress
        self.cache = LayerCache(engine.build_cache)
        self.fresh: set[str] = set()
        self.pulled: dict[str, ImageRecord] = {}
        self.resolved: dict[str, ImageRecord] = {}
        self.runs: dict[int, _StageRun] = {}
        #: Per stage: text of the files its COPY/ADD steps placed from the context (absolute path -> content).
        self.texts: dict[int, dict[str, str]] = {}
        #: Per stage: paths its steps placed whose text it does not keep (RUN outputs such as node_modules).
        self.paths: dict[int, set[str]] = {}
        self.plan: BuildPlan | None = None
        self.now = float(engine.clock.now())

    # -- images -----------------------------------------------------------------------------------------

    def resolve_image(self, familiar: str) -> ImageRecord:
        """The base image, resolved once per reference per build (one ``load metadata`` vertex each)."""
        if familiar in self.resolved:
            return self.resolved[familiar]
        _, canonical = normalize_image(familiar)
        vertex = self.progress.start(f"[internal] load metadata for {canonical}")
        present = None if self.options.pull else self.engine.get_image(familiar)
        try:
            image = present or self.engine.pull_image(familiar, Stream())
        except SimulatorError as exc:
            vertex.error = exc.message
            failed = DockerfileError(
                f"{familiar}: failed to resolve source metadata for {canonical}: {exc.message}", parse=False
            )
            failed.note = exc.note
            raise failed from None
        if present is None:
            self.pulled[familiar] = image
        vertex.duration = round(jitter(familiar, 0.4, 1.6), 1)
        self.resolved[familiar] = image
        return image

    # -- steps ------------------------------------------------------------------------------------------

    def step_name(self, step: Step, total: int) -> str:
        assert self.plan is not None
        stage = self.plan.stages[step.stage]
        prefix = f"{stage.display} " if self.plan.multi_stage else ""
        return f"[{prefix}{step.number:>{len(str(total))}}/{total}] {step.text}"

    def _keep_text(self, stage: int, step: Step, target: str, text: str) -> None:
        texts = self.texts.setdefault(stage, {})
        path = posixpath.normpath(posixpath.join(step.workdir or "/", target))
        kept = sum(len(value) for value in texts.values())
        if (len(texts) < MAX_IMAGE_TEXTS or path in texts) and kept + len(text) <= MAX_IMAGE_TEXT_CHARS:
            texts[path] = text

    def _keep_outputs(self, step: Step, produces: dict[str, int]) -> None:
        """Note what a step placed: the paths (bounded), the text a ``COPY --from`` carries from its stage, and
        the JavaScript ``tsc`` emits from TypeScript sources the stage holds (:mod:`dockersim.build.emitted`)."""
        paths = self.paths.setdefault(step.stage, set())
        placed = [posixpath.normpath(posixpath.join(step.workdir or "/", path)) for path in produces]
        if step.kind in ("copy", "add") and step.from_stage is None and not step.from_image:
            return  # the context's files: their text is kept by copy_selection
        for path in placed:
            if len(paths) < MAX_IMAGE_TEXTS:
                paths.add(path)
        texts = self.texts.setdefault(step.stage, {})
        if step.kind in ("copy", "add") and step.from_stage is not None:
            source_texts = self.texts.get(step.from_stage, {})
            source_paths = self.paths.get(step.from_stage, set())
            for source in step.sources:
                base = posixpath.normpath(posixpath.join("/", source))
                dest = posixpath.normpath(posixpath.join(step.workdir or "/", step.dest))
                if step.dest.endswith("/") and base != "/":
                    dest = posixpath.join(dest, posixpath.basename(base))
                for path, text in source_texts.items():
                    if path == base or path.startswith(base.rstrip("/") + "/"):
                        self._keep_text(step.stage, step, dest + path[len(base) :], text)
                for path in source_paths:
                    if (path == base or path.startswith(base.rstrip("/") + "/")) and len(paths) < MAX_IMAGE_TEXTS:
                        paths.add(dest + path[len(base) :])
        elif step.kind == "run":
            for path, text in compiled_texts(texts, placed).items():
                self._keep_text(step.stage, step, path, text)

    def copy_selection(self, step: Step) -> tuple[dict[str, list[Any]], int, dict[str, int]]:
        """(files summary by context path, bytes, files placed: absolute path → size) of a context COPY."""
        summary: dict[str, list[Any]] = {}
        placed: dict[str, int] = {}
        size = 0
        multiple = len(step.sources) > 1 or step.dest.endswith("/")
        for source in step.sources:
            heredoc = next((h for h in step.heredocs if source in (f"<<{h.name}", f"<<-{h.name}")), None)
            if heredoc is not None:
                data = heredoc.content.encode("utf-8", "replace")
                summary[f"<<{heredoc.name}"] = [digest(heredoc.content), 0o644]
                size += len(data)
                target = posixpath.join(step.dest, heredoc.name) if step.dest.endswith("/") else step.dest
                placed[target] = len(data)
                self._keep_text(step.stage, step, target, heredoc.content)
                continue
            if source.startswith(("http://", "https://", "git@")):
                summary[source] = [digest(source), 0o600]
                size += 5_000_000
                placed[posixpath.join(step.dest, posixpath.basename(source))] = 5_000_000
                continue
            picked = self.context.select(source)
            if picked is None or (self.context.is_excluded(source) and not picked):
                clean = "/" + source.strip("/").removeprefix("./")
                seed = "".join(sorted(e.digest for e in self.context.files.values()))
                ref = hashlib.sha256(seed.encode()).hexdigest()[:25]
                raise DockerfileError(
                    f"failed to compute cache key: failed to calculate checksum of ref {ref}::{ref[::-1]}: "
                    f'"{clean}": not found',
                    step.line,
                    parse=False,
                )
            is_dir = not any(e.path == source.strip("/").removeprefix("./") for e in picked.values())
            for rel, entry in sorted(picked.items()):
                summary[entry.path] = [entry.digest, entry.mode & 0o7777]
                size += entry.size
                inside = rel if (is_dir or multiple) else ""
                target = posixpath.join(step.dest, inside) if inside else step.dest
                if target.endswith("/"):
                    target = posixpath.join(target, posixpath.basename(entry.path))
                placed[target] = entry.size
                if entry.content is not None:
                    self._keep_text(step.stage, step, target, entry.text())
        return summary, size, placed

    def run_step(self, step: Step, total: int, vertex: Vertex) -> bool:
        assert self.plan is not None
        run = self.runs[step.stage]
        stage = self.plan.stages[step.stage]
        inputs = dict(step.inputs)
        summary: dict[str, Any] = dict(inputs)
        size = 0
        placed: dict[str, int] = {}
        parent = run.last_key
        if step.kind == "from":
            summary = {"kind": "from", "ref": stage.base_ref, "image": inputs["image"]}
            parent = ""
        elif step.kind in ("copy", "add") and step.from_stage is not None:
            source_run = self.runs[step.from_stage]
            for source in step.sources:
                if not source_run.known.has(source):
                    ref = hashlib.sha256(source_run.last_key.encode()).hexdigest()[:25]
                    raise DockerfileError(
                        f"failed to compute cache key: failed to calculate checksum of ref {ref}::{ref[::-1]}: "
                        f'"{norm(source)}": not found',
                        step.line,
                        parse=False,
                    )
            contents = [_content_digest(source_run, s) for s in step.sources]
            inputs["stage_content"] = summary["stage_content"] = digest(contents)
            summary["from_name"] = self.plan.stages[step.from_stage].display
            for source in step.sources:
                found = _size_under(source_run.files, source)
                amount = found if found is not None else WELL_KNOWN_FILES.get(source, int(jitter(source, 2e5, 2e6)))
                size += amount
                placed[
                    posixpath.join(step.dest, posixpath.basename(source)) if step.dest.endswith("/") else step.dest
                ] = amount
        elif step.kind in ("copy", "add") and step.from_image:
            image = self.engine.get_image(step.from_image) or self.engine.pull_image(step.from_image, Stream())
            inputs["stage_content"] = summary["stage_content"] = digest([image.id, step.sources])
            for source in step.sources:
                amount = WELL_KNOWN_FILES.get(source, int(jitter(source, 2e5, 2e6)))
                size += amount
                placed[step.dest] = amount
        elif step.kind in ("copy", "add"):
            files, size, placed = self.copy_selection(step)
            inputs["files_digest"] = summary["files_digest"] = digest(sorted(files.items()))
            summary["files"] = files
        own = digest(inputs)
        key = chain(parent, own)
        slot = f"{self.options.identity}|{stage.display}|{step.number}"
        entry = None if self.options.no_cache else self.cache.get(key)
        if entry is not None:
            cached, reason = True, self.cache.why_hit(entry)
            size = int(entry.get("size", 0))
            duration = 0.0
            produces = dict(entry.get("produces", {}))
            created = float(entry.get("created", self.now))
        else:
            cached = False
            reason = self.cache.why_miss(
                summary, parent, slot, no_cache=self.options.no_cache, parent_rebuilt=parent in self.fresh
            )
            produces = placed
            lines: list[tuple[float, str]] = []
            duration = round(0.1 + size / 80e6, 1) if step.kind != "workdir" else 0.0
            if step.kind == "run":
                run.known.from_script(step.script, step.workdir)
                state = RunState(
                    step.run_env,
                    step.workdir,
                    stage.distro,
                    self.context,
                    dict(run.files),
                    cache_mounts=_cache_mounts(step),
                    release=_release(stage.base_image),
                )
                outcome = simulate(step.script, state)
                size, duration, lines, produces = outcome.size, outcome.duration, outcome.lines, outcome.produces
                vertex.logs = lines
                if outcome.exit_code:
                    argv = " ".join(step.inputs.get("argv", []))
                    message = f'process "{argv}" did not complete successfully: exit code: {outcome.exit_code}'
                    vertex.error, vertex.duration = message, duration
                    self.result.error_logs = [f"{t:.3f} {text}" for t, text in lines]
                    raise DockerfileError(message, step.line, parse=False)
            elif step.kind == "from":
                duration = self.pull_statuses(stage.base_ref, vertex)
            created = self.now
            if key not in self.cache.entries:
                self.fresh.add(key)
            self.cache.put(
                key,
                {
                    "parent": parent,
                    "text": step.text,
                    "line": step.line,
                    "summary": summary,
                    "size": size,
                    "duration": duration,
                    "lines": [list(x) for x in lines],
                    "produces": produces,
                    "build": self.result.build_number,
                    "created": created,
                },
            )
        self.cache.set_slot(slot, key)
        vertex.cached = cached and step.kind != "from"
        vertex.duration = duration
        if cached and step.kind == "from":
            vertex.duration = 0.0
        run.last_key = key
        run.writes.append(("*" if step.kind in ("run", "from") else step.dest, key))
        run.files.update(produces)
        for path in produces:
            run.known.add(path)
        self._keep_outputs(step, produces)
        if step.kind == "workdir":
            run.known.add(str(step.inputs.get("path", step.workdir)))
        elif step.kind == "run" and cached:
            run.known.from_script(step.script, step.workdir)
        history = stage.history
        while step.kind != "from" and run.history_done < len(history) and history[run.history_done].step is not step:
            run.layers.append(LayerRecord(history[run.history_done].created_by, 0, self.now, True))
            run.history_done += 1
        if step.kind != "from":
            run.layers.append(LayerRecord(history[run.history_done].created_by, size, created, False, digest=key))
            run.history_done += 1
        self.result.steps.append(
            StepReport(
                stage.display,
                step.number,
                total,
                step.kind,
                step.text,
                step.line,
                cached,
                reason,
                duration,
                size,
                key,
            )
        )
        return cached

    def pull_statuses(self, ref: str, vertex: Vertex) -> float:
        image = self.pulled.get(ref)
        if image is None:
            return 0.0
        _, canonical = normalize_image(ref)
        vertex.statuses.append(f"resolve {canonical}@{vertex.name.rsplit('@', 1)[-1]} 0.0s done")
        total = 0.0
        for layer in image.layers:
            if layer.empty_layer or layer.size <= 0:
                continue
            seconds = round(0.1 + layer.size / 40e6, 1)
            total += seconds
            shown = human_bytes(layer.size)
            name = layer.digest if layer.digest.startswith("sha256:") else "sha256:" + digest(layer.created_by)[7:]
            vertex.statuses.append(f"{name} {shown} / {shown} {seconds:.1f}s done")
        for layer in image.layers:
            if not layer.empty_layer and layer.size > 0:
                name = layer.digest if layer.digest.startswith("sha256:") else "sha256:" + digest(layer.created_by)[7:]
                vertex.statuses.append(f"extracting {name} {round(0.1 + layer.size / 90e6, 1):.1f}s done")
        return round(total, 1)

    # -- the build --------------------------------------------------------------------------------------

    def start_stage(self, index: int) -> None:
        assert self.plan is not None
        stage = self.plan.stages[index]
        if stage.parent is not None:
            parent = self.runs[stage.parent]
            self.runs[index] = _StageRun(
                parent.last_key,
                dict(parent.files),
                list(parent.writes),
                list(parent.layers),
                parent.history_done,
                parent.known.copy(),
            )
        elif stage.base_image is not None:
            base_layers = [LayerRecord(**vars(layer)) for layer in stage.base_image.layers]
            self.runs[index] = _StageRun("", {}, [], base_layers, len(base_layers))
            config = stage.base_image.config
            self.runs[index].known.from_image(config.env, config.workdir)
        else:
            self.runs[index] = _StageRun(digest("scratch"), {}, [], [], 0)

    def finish_stage_layers(self, index: int) -> list[LayerRecord]:
        assert self.plan is not None
        run, history = self.runs[index], self.plan.stages[index].history
        while run.history_done < len(history):
            run.layers.append(LayerRecord(history[run.history_done].created_by, 0, self.now, True))
            run.history_done += 1
        return run.layers

    def execute(self, text: str) -> BuildResult:
        from dockersim.build import checks, lint

        result = self.result
        result.dockerfile_lines = text.split("\n")
        if result.dockerfile_lines and result.dockerfile_lines[-1] == "":
            result.dockerfile_lines.pop()
        definition = self.progress.start(f"[internal] load build definition from {self.options.dockerfile_name}")
        definition.statuses.append(f"transferring dockerfile: {human_bytes(len(text.encode('utf-8', 'replace')))} done")
        args = self.options.build_args
        try:
            dockerfile = parse_dockerfile(text)
        except DockerfileError as exc:
            result.warnings = checks.run_checks(text, context=self.context, build_args=args).warnings
            result.error, result.error_line = exc.message, exc.line
            return result
        if "syntax" in dockerfile.parsed.directives:
            syntax = dockerfile.parsed.directives["syntax"]
            resolved = syntax if "/" in syntax.split(":")[0] else f"docker/{syntax}"
            vertex = self.progress.start(f"resolve image config for docker-image://docker.io/{resolved}")
            vertex.duration = 0.8
        result.build_number = self.cache.begin_build()
        try:
            try:
                self.plan = plan_build(
                    dockerfile, build_args=args, target=self.options.target, resolve_image=self.resolve_image
                )
            except DockerfileError:
                result.warnings = checks.run_checks(text, context=self.context, build_args=args, reachable=[]).warnings
                raise
            bases = {
                i: checks.base_info(sp.base_image.config)
                for i, sp in self.plan.stages.items()
                if sp.base_image is not None
            }
            report = checks.run_checks(
                text,
                context=self.context,
                build_args=args,
                reachable=self.plan.order,
                bases=bases,
                dockerfile=dockerfile,
            )
            result.warnings = report.warnings
            result.findings = lint.check(dockerfile, self.context, bases)
            if report.violation:
                raise DockerfileError(report.violation, report.warnings[0].line, parse=False)
            self.run_plan(dockerfile)
        except DockerfileError as exc:
            result.error, result.error_line, result.error_note = exc.message, exc.line, exc.note
            return result
        return result

    def run_plan(self, dockerfile: Dockerfile) -> None:
        assert self.plan is not None
        plan, result = self.plan, self.result
        ignore = self.progress.start("[internal] load .dockerignore")
        ignore.statuses.append(f"transferring context: {human_bytes(self.context.dockerignore_size or 2)} done")
        result.target = plan.stages[plan.target].display
        result.multi_stage = plan.multi_stage
        result.skipped_stages = [s.display_name for s in dockerfile.stages if s.index not in plan.order]
        totals = {i: len(plan.stages[i].steps) for i in plan.order}
        vertices: dict[int, Vertex] = {}
        for index in plan.order:
            for step in plan.stages[index].steps:
                if step.kind == "from":
                    vertices[id(step)] = self.progress.start(self.step_name(step, totals[index]))
        uses_context = any(
            s.kind in ("copy", "add")
            and s.from_stage is None
            and not s.from_image
            and any(not src.startswith("<<") for src in s.sources)
            for i in plan.order
            for s in plan.stages[i].steps
        )
        if uses_context:
            vertex = self.progress.start("[internal] load build context")
            vertex.statuses.append(f"transferring context: {human_bytes(self.context.size)} done")
        for index in plan.order:
            self.start_stage(index)
            for step in plan.stages[index].steps:
                vertex = vertices.get(id(step)) or self.progress.start(self.step_name(step, totals[index]))
                try:
                    self.run_step(step, totals[index], vertex)
                except DockerfileError as exc:
                    if not vertex.error:
                        vertex.error = exc.message
                    result.error_step = self.step_name(step, totals[index])
                    result.error_end_line = step.end_line
                    raise
        self.export(plan)

    def export(self, plan: BuildPlan) -> None:
        stage = plan.stages[plan.target]
        layers = self.finish_stage_layers(plan.target)
        config = stage.config
        config_data = ImageConfig(**dict(vars(config)))
        config_data.onbuild = list(config.onbuild)
        config_data.labels = {**config.labels, **self.options.labels}
        shape = [[layer.created_by, layer.size, layer.empty_layer, layer.digest] for layer in layers]
        image_id = digest([vars(config_data), shape])
        tick = getattr(self.engine, "tick", None)
        if callable(tick):  # the simulated build took time: let the engine's clock show it
            tick(self.progress.total_time)
            self.now = float(self.engine.clock.now())
        tags = [normalize_image(tag)[0] for tag in self.options.tags]
        image = ImageRecord(
            id=image_id,
            repo_tags=tags,
            layers=layers,
            config=config_data,
            created=self.now,
            parent_ref=stage.base_ref,
            built_locally=True,
            files={
                **(stage.base_image.files if stage.base_image is not None else {}),
                **self.texts.get(plan.target, {}),
            },
            paths=sorted({*(stage.base_image.paths if stage.base_image else ()), *self.paths.get(plan.target, ())}),
        )
        vertex = self.progress.start("exporting to image")
        ran = any(not s.cached for s in self.result.steps)
        vertex.statuses.append("exporting layers")
        vertex.statuses.append("exporting layers 0.1s done" if ran else "exporting layers done")
        vertex.statuses.append(f"writing image {image_id} done")
        for tag in tags:
            vertex.statuses.append(f"naming to {normalize_image(tag)[1]} done")
        vertex.duration = 0.2 if ran else 0.0
        self.result.image = self.engine.add_image(image)
        self.result.ok = True


def build(engine: Any, context: BuildContext, dockerfile_text: str, options: BuildOptions | None = None) -> BuildResult:
    """Build ``dockerfile_text`` with ``context``; see :class:`BuildResult` (never raises for build errors)."""
    return _Builder(engine, context, options or BuildOptions()).execute(dockerfile_text)


__all__ = ["BuildContext", "BuildOptions", "BuildResult", "FileEntry", "StepReport", "build"]


#: Most files whose text one image keeps for its containers to read.
MAX_IMAGE_TEXTS = 500
#: Most characters of file text one image keeps (the engine's state is saved in the browser).
MAX_IMAGE_TEXT_CHARS = 1_000_000


def _release(image: ImageRecord | None) -> str:
    """The base image's release (its ``org.opencontainers.image.version`` label) for apt's suite."""
    return image.config.labels.get("org.opencontainers.image.version", "") if image is not None else ""
