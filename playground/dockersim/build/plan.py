"""Stage 3 of the frontend: typed instructions → a build plan (BuildKit's ``dockerfile2llb`` dispatch).

Resolves global ARGs for ``FROM``, the target and the stages it needs, ARG/ENV scope per stage,
variable substitution in exactly the instructions that allow it, and turns each stage into steps
(FROM image, RUN, COPY/ADD, WORKDIR, ONBUILD triggers) with the pure inputs of their cache keys,
plus the history and configuration of the image the stage produces. No engine access here: the
builder passes in the base images it resolved.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dockersim.build import instructions as ins
from dockersim.build.parser import DockerfileError, Heredoc, go_quote, node_from_line
from dockersim.build.shell import Lexer, LexError, display
from dockersim.context import SimulatorError
from dockersim.engine.model import ImageConfig, ImageRecord
from dockersim.engine.reference import parse_client_reference

DEFAULT_SHELL = ["/bin/sh", "-c"]
PLATFORM_ARGS = {
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": "",
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": "",
}
PROXY_ARGS = {
    n for base in ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY") for n in (base, base.lower())
}


def normalize_image(ref: str) -> tuple[str, str]:
    """(familiar, canonical) for an image reference, e.g. (``node:18``, ``docker.io/library/node:18``).

    The grammar is distribution/reference's (:func:`dockersim.engine.reference.parse_client_reference`); the
    familiar form keeps the name as written.
    """
    try:
        parsed = parse_client_reference(ref)
    except SimulatorError as exc:
        raise DockerfileError(exc.message, parse=False) from None
    tag = parsed.tag or ("" if parsed.digest else "latest")
    suffix = (f":{tag}" if tag else "") + (f"@{parsed.digest}" if parsed.digest else "")
    name = ref.split("@", 1)[0]
    if parsed.tag:
        name = name[: -(len(parsed.tag) + 1)]
    return name + suffix, f"{parsed.domain}/{parsed.path}{suffix}"


def distro_of(familiar: str) -> str:
    """The package world of an image: alpine, ubuntu, debian (the default) or scratch."""
    low = familiar.lower()
    if low == "scratch":
        return "scratch"
    if "alpine" in low:
        return "alpine"
    if low.startswith("ubuntu") or "jammy" in low or "noble" in low:
        return "ubuntu"
    return "debian"


@dataclass
class Step:
    """One build step (a BuildKit vertex that makes a layer) with the pure inputs of its cache key."""

    stage: int
    number: int
    kind: str
    line: int
    text: str
    inputs: dict[str, Any]
    created_by: str
    instr: ins.Instruction | None = None
    script: str = ""
    run_env: dict[str, str] = field(default_factory=dict)
    workdir: str = "/"
    sources: list[str] = field(default_factory=list)
    dest: str = ""
    from_stage: int | None = None
    from_image: str = ""
    heredocs: list[Heredoc] = field(default_factory=list)
    end_line: int = 0


@dataclass
class History:
    """One line of the image history: what made it and whether it is metadata only."""

    created_by: str
    empty: bool
    step: Step | None = None


@dataclass
class StagePlan:
    """A stage resolved: its base, steps, history and final configuration."""

    index: int
    name: str
    display: str
    base_kind: str
    base_ref: str = ""
    base_canonical: str = ""
    parent: int | None = None
    steps: list[Step] = field(default_factory=list)
    history: list[History] = field(default_factory=list)
    config: ImageConfig = field(default_factory=ImageConfig)
    distro: str = "debian"
    base_image: ImageRecord | None = None


@dataclass
class BuildPlan:
    """The stages to build (in order), the target and what the build args did."""

    dockerfile: ins.Dockerfile
    target: int
    order: list[int]
    stages: dict[int, StagePlan] = field(default_factory=dict)
    global_values: dict[str, str] = field(default_factory=dict)
    consumed_args: set[str] = field(default_factory=set)

    @property
    def multi_stage(self) -> bool:
        """Whether the file has more than one stage (step names then carry the stage name)."""
        return len(self.dockerfile.stages) > 1


def _lex(word: str, env: dict[str, str], line: int, escape: str) -> str:
    try:
        return Lexer(env, escape).word(word)
    except LexError as exc:
        raise DockerfileError(f"failed to process {go_quote(word)}: {exc}", line, parse=False) from None


def global_arg_values(dockerfile: ins.Dockerfile, build_args: dict[str, str]) -> dict[str, str]:
    """Values of the ARGs declared before the first FROM (defaults overridden by ``--build-arg``)."""
    values: dict[str, str] = dict(PLATFORM_ARGS)
    for instr in dockerfile.global_args:
        for name, default in instr.pairs:
            if name in build_args:
                values[name] = build_args[name]
            elif default is not None:
                values[name] = _lex(default, values, instr.line, dockerfile.parsed.escape)
    return values


_PLATFORM_PART = re.compile(r"[A-Za-z0-9_.-]+")


def check_platform(dockerfile: ins.Dockerfile, stage: ins.Stage, globals_: dict[str, str]) -> None:
    """``FROM --platform=…`` as BuildKit validates it: expanded with the global ARGs, never empty, and each
    ``os/arch/variant`` part a valid component (containerd ``platforms.Parse``), with BuildKit's hint."""
    platform = stage.from_instr.flag("platform")
    if not platform:
        return
    line, escape = stage.from_instr.line, dockerfile.parsed.escape
    lexer = Lexer(globals_, escape)
    try:
        value = lexer.word(platform)
    except LexError as exc:
        raise DockerfileError(f"failed to process arguments for platform : {exc}", line, parse=False) from None
    keys = [n for g in dockerfile.global_args for n, _ in g.pairs] + list(PLATFORM_ARGS)
    hint = next((h for h in (ins.suggest(n, keys) for n in dict.fromkeys(lexer.unset)) if h), "")
    if not value:
        raise DockerfileError(
            ins.with_hint(f"empty platform value from expression {platform}", hint), line, parse=False
        )
    parts = value.lower().split("/")
    bad = next((p for p in parts if not _PLATFORM_PART.fullmatch(p)), None)
    if bad is not None or len(parts) > 3:
        inner = (
            f"{go_quote(bad)} is an invalid component of {go_quote(value)}: platform specifier component must match "
            f'"^[A-Za-z0-9_.-]+$": invalid argument'
            if bad is not None
            else f"{go_quote(value)}: cannot parse platform specifier: invalid argument"
        )
        raise DockerfileError(f"failed to parse platform {platform}: " + ins.with_hint(inner, hint), line, parse=False)


def stage_index(dockerfile: ins.Dockerfile, name: str) -> int | None:
    """The stage a name (case-insensitive) or a number refers to."""
    for stage in dockerfile.stages:
        if stage.name and stage.name.lower() == name.lower():
            return stage.index
    if name.isdigit() and int(name) < len(dockerfile.stages):
        return int(name)
    return None


def resolve_target(dockerfile: ins.Dockerfile, target: str) -> int:
    """The target stage (``--target`` or the last one)."""
    if not target:
        return len(dockerfile.stages) - 1
    for stage in dockerfile.stages:
        if stage.name and stage.name.lower() == target.lower():
            return stage.index
    raise DockerfileError(f'target stage "{target}" could not be found', parse=False)


def _base_of(dockerfile: ins.Dockerfile, stage: ins.Stage, globals_: dict[str, str]) -> tuple[str, str]:
    """(kind, value): ("stage", index) / ("scratch", "") / ("image", expanded reference)."""
    image = _lex(stage.from_instr.image, globals_, stage.from_instr.line, dockerfile.parsed.escape)
    if not image:
        raise DockerfileError(
            f"base name ({stage.from_instr.image}) should not be blank", stage.from_instr.line, parse=False
        )
    for earlier in dockerfile.stages[: stage.index]:
        if earlier.name and earlier.name.lower() == image.lower():
            return "stage", str(earlier.index)
    if image.lower() == "scratch":
        return "scratch", ""
    return "image", image


def dependencies(dockerfile: ins.Dockerfile, stage: ins.Stage, globals_: dict[str, str]) -> list[int]:
    """Earlier stages this stage needs (its base and every ``COPY --from`` / ``RUN --mount from=``)."""
    deps: list[int] = []
    kind, value = _base_of(dockerfile, stage, globals_)
    if kind == "stage":
        deps.append(int(value))
    for instr in stage.instructions:
        if isinstance(instr, ins.CopyInstr) and instr.flag("from"):
            found = stage_index(dockerfile, instr.flag("from"))
            if found is not None:
                if found >= stage.index:
                    raise DockerfileError(
                        f'cannot copy from stage "{instr.flag("from")}", it needs to be defined before current '
                        f'stage "{stage.display_name}"',
                        instr.line,
                        parse=False,
                    )
                deps.append(found)
        mounts = instr.flags.get("mount")
        for mount in mounts if isinstance(mounts, list) else []:
            for part in mount.split(","):
                key, _, value = part.partition("=")
                if key in ("from", "source") and key == "from":
                    found = stage_index(dockerfile, value)
                    if found is not None and found < stage.index:
                        deps.append(found)
    return deps


def needed_stages(dockerfile: ins.Dockerfile, target: int, globals_: dict[str, str]) -> list[int]:
    """The stages the target depends on, in file order (BuildKit skips every other stage)."""
    needed: set[int] = set()
    todo = [target]
    while todo:
        index = todo.pop()
        if index in needed:
            continue
        needed.add(index)
        todo.extend(dependencies(dockerfile, dockerfile.stages[index], globals_))
    return sorted(needed)


def _env_list_to_dict(env: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in env:
        key, _, value = item.partition("=")
        out[key] = value
    return out


def _go_list(values: list[str]) -> str:
    return "[" + " ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "]"


def _duration(seconds: float) -> str:
    if not seconds:
        return "0s"
    minutes, secs = divmod(seconds, 60)
    if minutes:
        return f"{int(minutes)}m{secs:g}s"
    return f"{secs:g}s" if secs >= 1 else f"{secs * 1000:g}ms"


class _Dispatcher:
    """Walks one stage's instructions, tracking the build state BuildKit's dispatch tracks."""

    def __init__(self, plan: BuildPlan, stage: ins.Stage, sp: StagePlan, build_args: dict[str, str]) -> None:
        self.plan = plan
        self.stage = stage
        self.sp = sp
        self.build_args = build_args
        self.escape = plan.dockerfile.parsed.escape
        self.env = _env_list_to_dict(sp.config.env)
        self.args: dict[str, str] = {}
        self.cmd_set = False

    # -- helpers -------------------------------------------------------------------------------------------

    @property
    def scope(self) -> dict[str, str]:
        return {**self.args, **self.env}

    def expand(self, word: str, instr: ins.Instruction) -> str:
        return _lex(word, self.scope, instr.line, self.escape)

    def history(self, created_by: str, *, empty: bool = True, step: Step | None = None) -> None:
        self.sp.history.append(History(created_by, empty, step))

    def add_step(
        self, kind: str, instr: ins.Instruction | None, text: str, inputs: dict[str, Any], created_by: str, **extra: Any
    ) -> Step:
        step = Step(
            self.sp.index,
            len(self.sp.steps) + 1,
            kind,
            instr.line if instr else self.stage.from_instr.line,
            text,
            inputs,
            created_by,
            instr,
            end_line=instr.node.end_line if instr else 0,
            **extra,
        )
        self.sp.steps.append(step)
        self.history(created_by, empty=False, step=step)
        return step

    def shown(self, instr: ins.Instruction, prefix: str = "") -> str:
        """The step name: keyword upper-cased, known variables substituted (``processCmdEnv``)."""
        original = instr.original.strip()
        keyword, _, rest = original.partition(" ")
        if not rest:
            keyword, _, rest = original.partition("\t")
        text = keyword.upper() + (" " + display(rest.strip(), self.scope, self.escape) if rest.strip() else "")
        if isinstance(instr, ins.CommandInstr | ins.CopyInstr) and instr.heredocs:
            first, _, more = instr.heredocs[0].content.partition("\n")
            text += f" ({first}{'...' if more.strip() else ''})"
        return prefix + text

    def sync_env(self) -> None:
        self.sp.config.env = [f"{k}={v}" for k, v in self.env.items()]

    # -- instructions --------------------------------------------------------------------------------------

    def dispatch(self, instr: ins.Instruction, prefix: str = "") -> None:
        handler = getattr(self, f"do_{instr.keyword}")
        handler(instr, prefix)

    def do_arg(self, instr: ins.KeyValueInstr, prefix: str) -> None:
        shown: list[str] = []
        for name, default in instr.pairs:
            value: str | None = None
            if default is not None:
                value = self.expand(default, instr)
            if name in self.build_args:
                value = self.build_args[name]
                self.plan.consumed_args.add(name)
            elif default is None:
                declared_globally = any(name == n for g in self.plan.dockerfile.global_args for n, _ in g.pairs)
                if declared_globally or name in PLATFORM_ARGS:
                    value = self.plan.global_values.get(name)
            if value is not None:
                self.args[name] = value
                shown.append(f"{name}={value}")
            else:
                self.args.pop(name, None)
                shown.append(name)
        self.history(prefix + "ARG " + " ".join(shown))

    def do_env(self, instr: ins.KeyValueInstr, prefix: str) -> None:
        scope = self.scope
        updates = [(name, _lex(value or "", scope, instr.line, self.escape)) for name, value in instr.pairs]
        for name, value in updates:
            self.env.pop(name, None)
            self.env[name] = value
        self.sync_env()
        self.history(prefix + "ENV " + " ".join(f"{k}={v}" for k, v in updates))

    def do_label(self, instr: ins.KeyValueInstr, prefix: str) -> None:
        pairs = [(self.expand(k, instr), self.expand(v or "", instr)) for k, v in instr.pairs]
        self.sp.config.labels.update(dict(pairs))
        self.history(prefix + "LABEL " + " ".join(f"{k}={v}" for k, v in pairs))

    def do_maintainer(self, instr: ins.StringInstr, prefix: str) -> None:
        self.history(prefix + "MAINTAINER " + instr.value)

    def do_expose(self, instr: ins.ListInstr, prefix: str) -> None:
        ports: list[str] = []
        for word in instr.values:
            for port in self.expand(word, instr).split():
                number, _, proto = port.partition("/")
                ports.append(f"{number}/{(proto or 'tcp').lower()}")
        for port in ports:
            if port not in self.sp.config.exposed_ports:
                self.sp.config.exposed_ports.append(port)
        self.history(prefix + "EXPOSE map[" + " ".join(f"{p}:{{}}" for p in ports) + "]")

    def do_volume(self, instr: ins.ListInstr, prefix: str) -> None:
        paths = [self.expand(v, instr) for v in instr.values]
        for path in paths:
            if path not in self.sp.config.volumes:
                self.sp.config.volumes.append(path)
        self.history(prefix + "VOLUME [" + " ".join(paths) + "]")

    def do_user(self, instr: ins.StringInstr, prefix: str) -> None:
        self.sp.config.user = self.expand(instr.value, instr)
        self.history(prefix + "USER " + self.sp.config.user)

    def do_stopsignal(self, instr: ins.StringInstr, prefix: str) -> None:
        self.sp.config.stop_signal = self.expand(instr.value, instr)
        self.history(prefix + "STOPSIGNAL " + self.sp.config.stop_signal)

    def do_shell(self, instr: ins.CommandInstr, prefix: str) -> None:
        self.sp.config.shell = list(instr.args)
        self.history(prefix + "SHELL [" + " ".join(instr.args) + "]")

    def _argv(self, instr: ins.CommandInstr) -> list[str]:
        if instr.json:
            return list(instr.args)
        return [*(self.sp.config.shell or DEFAULT_SHELL), instr.args[0] if instr.args else ""]

    def do_cmd(self, instr: ins.CommandInstr, prefix: str) -> None:
        self.sp.config.cmd = self._argv(instr)
        self.cmd_set = True
        self.history(prefix + "CMD " + _go_list(self.sp.config.cmd))

    def do_entrypoint(self, instr: ins.CommandInstr, prefix: str) -> None:
        self.sp.config.entrypoint = self._argv(instr)
        if not self.cmd_set:
            self.sp.config.cmd = None
        self.history(prefix + "ENTRYPOINT " + _go_list(self.sp.config.entrypoint))

    def do_healthcheck(self, instr: ins.HealthcheckInstr, prefix: str) -> None:
        if instr.test == ["NONE"]:
            self.sp.config.healthcheck = {"Test": ["NONE"]}
        else:
            self.sp.config.healthcheck = {
                "Test": instr.test,
                "Interval": instr.interval,
                "Timeout": instr.timeout,
                "StartPeriod": instr.start_period,
                "StartInterval": instr.start_interval,
                "Retries": instr.retries,
            }
        times = " ".join(
            f'"{_duration(t)}"' for t in (instr.interval, instr.timeout, instr.start_period, instr.start_interval)
        )
        self.history(prefix + f"HEALTHCHECK &{{{_go_list(instr.test)} {times} '\\x{instr.retries:02x}'}}")

    def do_onbuild(self, instr: ins.OnbuildInstr, prefix: str) -> None:
        keyword, _, rest = instr.expression.strip().partition(" ")
        expression = f"{keyword.upper()} {rest}".strip()
        self.sp.config.onbuild.append(expression)
        self.history(prefix + "ONBUILD " + expression)

    def do_workdir(self, instr: ins.StringInstr, prefix: str) -> None:
        path = self.expand(instr.value, instr)
        path = posixpath.normpath(posixpath.join(self.sp.config.workdir or "/", path))
        if path.startswith("//"):
            path = "/" + path.lstrip("/")
        self.sp.config.workdir = path
        self.add_step(
            "workdir",
            instr,
            self.shown(instr, prefix),
            {"kind": "workdir", "path": path},
            prefix + f"WORKDIR {path}",
            workdir=path,
        )

    def do_run(self, instr: ins.CommandInstr, prefix: str) -> None:
        argv = self._argv(instr)
        body = instr.heredocs[0].content if instr.heredocs else ""
        in_scope = {k: v for k, v in self.args.items() if k not in self.env and (k not in PROXY_ARGS)}
        run_env = {**self.args, **self.env}
        script_text = body if body and not instr.json else (" ".join(argv[2:]) if not instr.json else " ".join(argv))
        try:
            script = Lexer(run_env, "\\", raw_quotes=True).word(script_text) if not instr.json else script_text
        except LexError:
            script = script_text
        flags = dict(instr.flags)
        inputs = {
            "kind": "run",
            "argv": argv,
            "heredoc": body,
            "env": sorted(f"{k}={v}" for k, v in self.env.items()),
            "args": dict(sorted(in_scope.items())),
            "user": self.sp.config.user,
            "workdir": self.sp.config.workdir or "/",
            "flags": flags,
        }
        arg_prefix = ""
        if in_scope:
            arg_prefix = f"|{len(in_scope)} " + " ".join(f"{k}={v}" for k, v in in_scope.items()) + " "
        shown_cmd = " ".join(argv) if not instr.json else _go_list(argv)
        self.add_step(
            "run",
            instr,
            self.shown(instr, prefix),
            inputs,
            prefix + f"RUN {arg_prefix}{shown_cmd} # buildkit",
            script=script,
            run_env=run_env,
            workdir=self.sp.config.workdir or "/",
        )

    def do_copy(self, instr: ins.CopyInstr, prefix: str) -> None:
        self._copy(instr, prefix)

    def do_add(self, instr: ins.CopyInstr, prefix: str) -> None:
        self._copy(instr, prefix)

    def _copy(self, instr: ins.CopyInstr, prefix: str) -> None:
        sources = [
            "<<" + s.lstrip("<").lstrip("-").strip("'\"")
            if s.startswith("<<") and instr.heredocs
            else self.expand(s, instr)
            for s in instr.sources
        ]
        dest = self.expand(instr.dest, instr)
        workdir = self.sp.config.workdir or "/"
        absolute = posixpath.normpath(posixpath.join(workdir, dest)) if dest else workdir
        if dest.endswith("/") or dest in (".", "./"):
            absolute = absolute.rstrip("/") + "/"
        flags = {k: (self.expand(v, instr) if isinstance(v, str) else v) for k, v in instr.flags.items()}
        from_stage: int | None = None
        from_image = ""
        source_name = str(flags.get("from", ""))
        if source_name:
            from_stage = stage_index(self.plan.dockerfile, source_name)
            if from_stage is None:
                from_image = source_name
        inputs = {"kind": instr.keyword, "dest": absolute, "flags": flags, "sources": sources}
        shown_flags = " ".join(
            f"--{k}={v}" if not isinstance(v, bool) else f"--{k}" for k, v in flags.items() if k != "from"
        )
        created = " ".join([*([shown_flags] if shown_flags else []), *sources, dest])
        self.add_step(
            instr.keyword,
            instr,
            self.shown(instr, prefix),
            inputs,
            prefix + f"{instr.keyword.upper()} {created} # buildkit",
            sources=sources,
            dest=absolute,
            from_stage=from_stage,
            from_image=from_image,
            heredocs=instr.heredocs,
            workdir=workdir,
        )


def plan_build(
    dockerfile: ins.Dockerfile,
    *,
    build_args: dict[str, str],
    target: str,
    resolve_image: Callable[[str], ImageRecord],
) -> BuildPlan:
    """Resolve the Dockerfile into the steps of the stages the target needs.

    ``resolve_image(reference)`` returns the base image (the builder pulls it through the engine);
    errors from it propagate.
    """
    globals_ = global_arg_values(dockerfile, build_args)
    target_index = resolve_target(dockerfile, target)
    for stage in dockerfile.stages:  # BuildKit checks every stage's references, needed or not
        dependencies(dockerfile, stage, globals_)
        check_platform(dockerfile, stage, globals_)
    order = needed_stages(dockerfile, target_index, globals_)
    plan = BuildPlan(dockerfile, target_index, order, global_values=globals_)
    plan.consumed_args |= {n for g in dockerfile.global_args for n, _ in g.pairs if n in build_args}
    for index in order:
        stage = dockerfile.stages[index]
        kind, value = _base_of(dockerfile, stage, globals_)
        sp = StagePlan(index, stage.name, stage.display_name, kind)
        onbuild: list[str] = []
        if kind == "stage":
            parent = plan.stages[int(value)]
            sp.parent = parent.index
            sp.config = ImageConfig(
                **{
                    k: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
                    for k, v in vars(parent.config).items()
                }
            )
            sp.config.onbuild = []
            sp.history = list(parent.history)
            sp.distro = parent.distro
            sp.base_ref = parent.display
        elif kind == "image":
            try:
                familiar, canonical = normalize_image(value)
            except DockerfileError as exc:
                raise DockerfileError(
                    f'failed to parse stage name "{value}": {exc.detail}', stage.from_instr.line, parse=False
                ) from None
            image = resolve_image(familiar)
            sp.base_image, sp.base_ref, sp.base_canonical = image, familiar, canonical
            sp.distro = distro_of(familiar)
            cfg = image.config
            sp.config = ImageConfig(
                env=list(cfg.env),
                cmd=list(cfg.cmd) if cfg.cmd else cfg.cmd,
                entrypoint=list(cfg.entrypoint) if cfg.entrypoint else cfg.entrypoint,
                workdir=cfg.workdir,
                user=cfg.user,
                exposed_ports=list(cfg.exposed_ports),
                volumes=list(cfg.volumes),
                labels=dict(cfg.labels),
                healthcheck=cfg.healthcheck,
                stop_signal=cfg.stop_signal,
                shell=list(cfg.shell) if cfg.shell else None,
            )
            onbuild = list(cfg.onbuild)
            sp.history = [History(layer.created_by, layer.empty_layer) for layer in image.layers]
            digest = _digest_of(image)
            step = Step(
                index,
                1,
                "from",
                stage.from_instr.line,
                f"FROM {canonical}@{digest}",
                {"kind": "from", "image": image.id},
                "",
                end_line=stage.from_instr.node.end_line,
            )
            sp.steps.append(step)
        else:
            sp.distro = "scratch"
            sp.base_ref = "scratch"
        plan.stages[index] = sp
        dispatcher = _Dispatcher(plan, stage, sp, build_args)
        for trigger in onbuild:
            node = node_from_line(trigger, dockerfile.parsed.escape, stage.from_instr.line, stage.from_instr.line)
            dispatcher.dispatch(ins.instruction_from_node(node), prefix="ONBUILD ")
        for instr in stage.instructions:
            dispatcher.dispatch(instr)
    return plan


def _digest_of(image: ImageRecord) -> str:
    for digest in image.repo_digests:
        if "@" in digest:
            return digest.split("@", 1)[1]
    return image.id
