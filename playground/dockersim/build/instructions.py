"""Stage 2 of the frontend: nodes → typed instructions grouped in stages (BuildKit's ``instructions``).

Keywords are constants here and nowhere else. Each instruction declares its flags before parsing
(:data:`FLAGS`) so an unknown or malformed flag fails with the same words everywhere. Variables are
not expanded here; :mod:`dockersim.build.plan` does that with the scope each instruction allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dockersim.build.parser import DockerfileError, Heredoc, Node, ParseResult, Warning, heredoc_word, parse
from dockersim.cli.gotext import GoError
from dockersim.cli.gotext import parse_duration as go_parse_duration

ADD = "add"
ARG = "arg"
CMD = "cmd"
COPY = "copy"
ENTRYPOINT = "entrypoint"
ENV = "env"
EXPOSE = "expose"
FROM = "from"
HEALTHCHECK = "healthcheck"
LABEL = "label"
MAINTAINER = "maintainer"
ONBUILD = "onbuild"
RUN = "run"
SHELL = "shell"
STOPSIGNAL = "stopsignal"
USER = "user"
VOLUME = "volume"
WORKDIR = "workdir"

KEYWORDS = (
    ADD,
    ARG,
    CMD,
    COPY,
    ENTRYPOINT,
    ENV,
    EXPOSE,
    FROM,
    HEALTHCHECK,
    LABEL,
    MAINTAINER,
    ONBUILD,
    RUN,
    SHELL,
    STOPSIGNAL,
    USER,
    VOLUME,
    WORKDIR,
)

#: Instructions whose arguments the builder expands (``$VAR``) when it dispatches them.
EXPANDS = (ADD, ARG, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR)
#: Instructions that make a build step (a vertex and a layer); everything else is config only.
STEP_KEYWORDS = (FROM, RUN, COPY, ADD, WORKDIR)

BOOL, STRING = "bool", "string"
#: The flags each instruction accepts (BuildKit BFlags declared before parsing).
FLAGS: dict[str, dict[str, str]] = {
    FROM: {"platform": STRING},
    RUN: {"mount": STRING, "network": STRING, "security": STRING},
    COPY: {"from": STRING, "chown": STRING, "chmod": STRING, "link": BOOL, "parents": BOOL, "exclude": STRING},
    ADD: {
        "chown": STRING,
        "chmod": STRING,
        "link": BOOL,
        "keep-git-dir": BOOL,
        "checksum": STRING,
        "exclude": STRING,
        "unpack": BOOL,
    },
    HEALTHCHECK: {
        "interval": STRING,
        "timeout": STRING,
        "start-period": STRING,
        "start-interval": STRING,
        "retries": STRING,
    },
}
REPEATABLE = {"mount", "exclude"}

_STAGE_NAME = re.compile(r"[a-z][a-z0-9\-_.]*")


@dataclass
class Instruction:
    """What every instruction has: keyword, parsed flags, the node it came from."""

    keyword: str
    node: Node
    flags: dict[str, str | bool | list[str]] = field(default_factory=dict)

    @property
    def line(self) -> int:
        """First source line."""
        return self.node.start_line

    @property
    def original(self) -> str:
        """The instruction as written (continuations joined)."""
        return self.node.original

    def flag(self, name: str, default: str = "") -> str:
        """A string flag's value."""
        value = self.flags.get(name, default)
        return value if isinstance(value, str) else default


@dataclass
class FromInstr(Instruction):
    """``FROM image [AS name]``."""

    image: str = ""
    name: str = ""
    as_word: str = ""


@dataclass
class CommandInstr(Instruction):
    """RUN, CMD, ENTRYPOINT and SHELL: an argv (exec form) or one shell string."""

    args: list[str] = field(default_factory=list)
    json: bool = False
    heredocs: list[Heredoc] = field(default_factory=list)


@dataclass
class CopyInstr(Instruction):
    """COPY and ADD: sources, destination and heredoc files."""

    sources: list[str] = field(default_factory=list)
    dest: str = ""
    heredocs: list[Heredoc] = field(default_factory=list)


@dataclass
class KeyValueInstr(Instruction):
    """ENV, LABEL and ARG: ``name=value`` pairs (value ``None`` for ``ARG name``)."""

    pairs: list[tuple[str, str | None]] = field(default_factory=list)
    legacy: bool = False


@dataclass
class ListInstr(Instruction):
    """EXPOSE and VOLUME: a list of words."""

    values: list[str] = field(default_factory=list)


@dataclass
class StringInstr(Instruction):
    """USER, WORKDIR, STOPSIGNAL and MAINTAINER: one argument."""

    value: str = ""


@dataclass
class HealthcheckInstr(Instruction):
    """``HEALTHCHECK NONE`` or ``HEALTHCHECK [options] CMD …`` (test is docker's ``["CMD-SHELL", …]`` form)."""

    test: list[str] = field(default_factory=list)
    interval: float = 0.0
    timeout: float = 0.0
    start_period: float = 0.0
    start_interval: float = 0.0
    retries: int = 0


@dataclass
class OnbuildInstr(Instruction):
    """``ONBUILD <instruction>``: a trigger stored in the image config."""

    expression: str = ""
    trigger: Instruction | None = None


@dataclass
class Stage:
    """One ``FROM`` and the instructions after it."""

    index: int
    from_instr: FromInstr
    instructions: list[Instruction] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The stage name as written (``""`` when unnamed)."""
        return self.from_instr.name

    @property
    def display_name(self) -> str:
        """The name BuildKit prints: the stage name, or ``stage-N``."""
        return self.from_instr.name.lower() if self.from_instr.name else f"stage-{self.index}"


@dataclass
class Dockerfile:
    """A parsed Dockerfile: global ARGs, stages, directives, parser warnings and the source lines."""

    global_args: list[KeyValueInstr]
    stages: list[Stage]
    parsed: ParseResult

    @property
    def warnings(self) -> list[Warning]:
        """Parser-level warnings (NoEmptyContinuation)."""
        return self.parsed.warnings


def parse_duration(text: str) -> float:
    """A Go duration (``30s``, ``1m30s``, ``500ms``) in seconds (Go's ``time.ParseDuration``, BuildKit's words)."""
    if text == "":
        return 0.0
    try:
        return go_parse_duration(text)
    except GoError as exc:
        raise DockerfileError(str(exc)) from None


def suggest(value: str, options: tuple[str, ...] | list[str], *, case_sensitive: bool = True) -> str:
    """BuildKit's ``suggest.WrapError``: the first option within edit distance 2 of ``value``.

    An exact match means the error is about something else (no hint); case-insensitive hints take the
    case of what was written when it is all lower or all upper case.
    """
    low = value if case_sensitive else value.lower()
    if len(low) > 64:
        return ""
    best, best_dist = "", 3
    for option in options:
        opt = option if case_sensitive else option.lower()
        if low == opt:
            return ""
        dist = _levenshtein(low, opt)
        if dist < best_dist:
            best, best_dist = opt, dist
    if best and not case_sensitive:
        if value == value.lower():
            return best.lower()
        if value == value.upper():
            return best.upper()
    return best


def with_hint(message: str, hint: str) -> str:
    """``message (did you mean hint?)`` when there is a hint."""
    return f"{message} (did you mean {hint}?)" if hint else message


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def parse_flags(keyword: str, raw: list[str]) -> dict[str, str | bool | list[str]]:
    """BuildKit ``BFlags.Parse`` against the flags ``keyword`` declares."""
    declared = FLAGS.get(keyword, {})
    values: dict[str, str | bool | list[str]] = {}
    for arg in raw:
        if not arg.startswith("--"):
            raise DockerfileError(f"arg should start with -- : {arg}")
        if arg == "--":
            raise DockerfileError("invalid flag: --")
        name, has_value, value = arg[2:].partition("=")
        kind = declared.get(name)
        if kind is None:
            flag = arg.partition("=")[0]
            raise DockerfileError(with_hint(f"unknown flag: {flag}", suggest(flag, [f"--{d}" for d in declared])))
        if name in values and name not in REPEATABLE:
            raise DockerfileError(f"Duplicate flag specified: {name}")
        if kind == BOOL:
            if not has_value:
                values[name] = True
            elif value.lower() in ("true", "false"):
                values[name] = value.lower() == "true"
            else:
                raise DockerfileError(f"expecting boolean value for flag {name}, not: {value}")
        elif not has_value:
            raise DockerfileError(f"missing a value on flag: {name}")
        elif name in REPEATABLE:
            existing = values.get(name, [])
            values[name] = [*(existing if isinstance(existing, list) else []), value]
        else:
            values[name] = value
    return values


def _at_least_one(keyword: str) -> DockerfileError:
    return DockerfileError(f"{keyword.upper()} requires at least one argument")


def _exactly_one(keyword: str) -> DockerfileError:
    return DockerfileError(f"{keyword.upper()} requires exactly one argument")


def _chomp(heredocs: list[Heredoc]) -> list[Heredoc]:
    out = []
    for doc in heredocs:
        content = doc.content
        if doc.chomp:
            content = "".join(line.lstrip("\t") for line in content.splitlines(keepends=True))
        out.append(Heredoc(doc.name, content, doc.expand, doc.chomp, doc.fd))
    return out


def _healthcheck(node: Node, flags: dict[str, str | bool | list[str]]) -> HealthcheckInstr:
    if not node.args:
        raise _at_least_one(HEALTHCHECK)
    typ = node.args[0].upper()
    instr = HealthcheckInstr(HEALTHCHECK, node, flags)
    if typ == "NONE":
        if len(node.args) > 1:
            raise DockerfileError("HEALTHCHECK NONE takes no arguments")
        if flags:
            raise DockerfileError("options cannot be specified with HEALTHCHECK NONE")
        instr.test = ["NONE"]
        return instr
    if typ != "CMD":
        raise DockerfileError(f'Unknown type "{typ}" in HEALTHCHECK (try CMD)')
    cmd = node.args[1:]
    if not cmd or (len(cmd) == 1 and not cmd[0].strip()):
        raise DockerfileError("Missing command after HEALTHCHECK CMD")
    instr.test = ["CMD", *cmd] if node.json else ["CMD-SHELL", cmd[0]]
    for attr, name in (
        ("interval", "interval"),
        ("timeout", "timeout"),
        ("start_period", "start-period"),
        ("start_interval", "start-interval"),
    ):
        raw = flags.get(name)
        if isinstance(raw, str):
            seconds = parse_duration(raw)
            if 0 < seconds < 0.001 or seconds < 0:
                raise DockerfileError(f"Interval {name!r} cannot be less than 1ms")
            setattr(instr, attr, seconds)
    retries = flags.get("retries")
    if isinstance(retries, str):
        try:
            instr.retries = int(retries)
        except ValueError:
            raise DockerfileError(f'strconv.ParseInt: parsing "{retries}": invalid syntax') from None
        if instr.retries < 0:
            raise DockerfileError("--retries cannot be negative")
    return instr


def instruction_from_node(node: Node, *, in_onbuild: bool = False) -> Instruction:
    """Type one node; raises :class:`DockerfileError` (with the node's line) as BuildKit words it."""
    try:
        return _typed(node, in_onbuild=in_onbuild)
    except DockerfileError as exc:
        if exc.line:
            raise
        raise DockerfileError(exc.detail, node.start_line) from None


def _typed(node: Node, *, in_onbuild: bool) -> Instruction:
    kw = node.keyword
    if kw not in KEYWORDS:
        word = node.original.strip().split(None, 1)[0] if node.original.strip() else kw
        raise DockerfileError(with_hint(f"unknown instruction: {word}", suggest(word, KEYWORDS, case_sensitive=False)))
    flags = parse_flags(kw, node.flags)
    if kw == FROM:
        args = node.args
        if len(args) not in (1, 3) or (len(args) == 3 and args[1].lower() != "as"):
            raise DockerfileError("FROM requires either one or three arguments")
        name = args[2] if len(args) == 3 else ""
        if name and not _STAGE_NAME.fullmatch(name.lower()):
            raise DockerfileError(
                f'invalid name for build stage: "{name}", name can\'t start with a number or contain symbols'
            )
        return FromInstr(kw, node, flags, image=args[0], name=name, as_word=args[1] if len(args) == 3 else "")
    if kw in (RUN, CMD, ENTRYPOINT, SHELL):
        if kw == SHELL:
            if not node.args:
                raise _at_least_one(kw)
            if not node.json:
                raise DockerfileError("SHELL requires the arguments to be in JSON form")
        if kw == RUN and not node.args:
            raise _at_least_one(kw)
        return CommandInstr(kw, node, flags, args=list(node.args), json=node.json, heredocs=_chomp(node.heredocs))
    if kw in (COPY, ADD):
        if len(node.args) < 2:
            if not node.args:
                raise DockerfileError(f"{kw.upper()} requires at least two arguments")
            raise DockerfileError(
                f"{kw.upper()} requires at least two arguments, but only one was provided. "
                "Destination could not be determined"
            )
        if kw == ADD and "from" in flags:
            raise DockerfileError("unknown flag: --from")
        if heredoc_word(node.args[-1]) is not None:
            raise DockerfileError(f"{kw.upper()} cannot accept a heredoc as a destination")
        return CopyInstr(kw, node, flags, sources=node.args[:-1], dest=node.args[-1], heredocs=_chomp(node.heredocs))
    if kw in (ENV, LABEL, ARG):
        if not node.pairs:
            raise _at_least_one(kw)
        for name, _value in node.pairs:
            if not name:
                raise DockerfileError(f"{kw.upper()} names can not be blank")
        return KeyValueInstr(kw, node, flags, pairs=list(node.pairs), legacy=node.legacy_kv)
    if kw in (EXPOSE, VOLUME):
        if not node.args:
            raise _at_least_one(kw)
        if kw == VOLUME and any(not v.strip() for v in node.args):
            raise DockerfileError("VOLUME specified can not be an empty string")
        return ListInstr(kw, node, flags, values=list(node.args))
    if kw in (USER, WORKDIR, STOPSIGNAL, MAINTAINER):
        if len(node.args) != 1:
            raise _exactly_one(kw)
        return StringInstr(kw, node, flags, value=node.args[0])
    if kw == HEALTHCHECK:
        return _healthcheck(node, flags)
    # ONBUILD
    if node.child is None:
        raise _at_least_one(kw)
    child_kw = node.child.keyword
    if child_kw == ONBUILD:
        raise DockerfileError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
    if child_kw in (FROM, MAINTAINER):
        raise DockerfileError(f"{child_kw.upper()} isn't allowed as an ONBUILD trigger")
    trigger = instruction_from_node(node.child, in_onbuild=True)
    expression = node.original.strip().split(None, 1)[1] if len(node.original.strip().split(None, 1)) > 1 else ""
    return OnbuildInstr(kw, node, flags, expression=expression, trigger=trigger)


def parse_dockerfile(text: str) -> Dockerfile:
    """Parse and type a whole Dockerfile; raises :class:`DockerfileError` with BuildKit's wording."""
    if not text.strip(" \t\r\n\ufeff"):
        raise DockerfileError("the Dockerfile cannot be empty", parse=False)
    parsed = parse(text)
    if not parsed.nodes:
        raise DockerfileError("file with no instructions", parse=False)
    global_args: list[KeyValueInstr] = []
    stages: list[Stage] = []
    for node in parsed.nodes:
        instr = instruction_from_node(node)
        if isinstance(instr, FromInstr):
            stages.append(Stage(len(stages), instr))
        elif not stages:
            if isinstance(instr, KeyValueInstr) and instr.keyword == ARG:
                global_args.append(instr)
            else:
                raise DockerfileError("no build stage in current context", node.start_line)
        else:
            stages[-1].instructions.append(instr)
    if not stages:
        raise DockerfileError("dockerfile contains no stages to build", parse=False)
    return Dockerfile(global_args, stages, parsed)


def dump(dockerfile: Dockerfile) -> dict[str, object]:
    """A plain, stable dump of nodes and stages for golden tests."""
    return {
        "directives": dockerfile.parsed.directives,
        "escape": dockerfile.parsed.escape,
        "warnings": [[w.rule, w.message, w.line] for w in dockerfile.warnings],
        "global_args": [[list(p) for p in a.pairs] for a in dockerfile.global_args],
        "stages": [
            {
                "index": s.index,
                "name": s.name,
                "base": s.from_instr.image,
                "flags": s.from_instr.flags,
                "instructions": [
                    i.node.to_dict() | ({"flags_parsed": i.flags} if i.flags else {}) for i in s.instructions
                ],
            }
            for s in stages_of(dockerfile)
        ],
    }


def stages_of(dockerfile: Dockerfile) -> list[Stage]:
    """The stages in file order."""
    return dockerfile.stages
