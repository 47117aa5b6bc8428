"""BuildKit's build checks (``frontend/dockerfile/linter``): every rule, its message, line and when it runs.

Checks run in BuildKit's three phases. *Parse* checks see every instruction up to the first one that
fails to parse (so warnings before a parse error are kept): NoEmptyContinuation,
ConsistentInstructionCasing, StageNameCasing, FromAsCasing, MaintainerDeprecated and the experimental
InvalidDefinitionDescription. *Convert* checks see every stage: UndefinedArgInFrom,
InvalidDefaultArgInFrom, DuplicateStageName, ReservedStageName, RedundantTargetPlatform and
FromPlatformFlagConstDisallowed. *Dispatch* checks walk the stages a build reaches (every stage for
``docker build --check``) with the variables, shell and working directory each instruction sees,
inherited from a parent stage or the base image: UndefinedVar, JSONArgsRecommended,
WorkdirRelativePath, LegacyKeyValueFormat, SecretsUsedInArgOrEnv, MultipleInstructionsDisallowed,
CopyIgnoredFile, ExposeProtoCasing and ExposeInvalidFormat. Messages name an instruction as it is
written (``Multiple cmd instructions…`` for a lower-case ``cmd``), as BuildKit's ``Command.Name()``.

Which checks run is set by ``# check=skip=…;error=…;experimental=…`` (the parser directive, replaced
as a whole by the ``BUILDKIT_DOCKERFILE_CHECK`` build argument) and by a ``# check=skip=…`` comment
right above one instruction (for that instruction only; ``// …`` after it is a remark).
"""

from __future__ import annotations

import contextlib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dockersim.build import instructions as ins
from dockersim.build.ignore import PatternMatcher, clean
from dockersim.build.parser import DockerfileError, Node, ParseResult, parse
from dockersim.build.shell import Lexer, LexError

DOCS = "https://docs.docker.com/go/dockerfile/rule/"
CHECK_ARG = "BUILDKIT_DOCKERFILE_CHECK"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#: BuildKit's automatic platform ARGs: declared for FROM without an ARG line.
PLATFORM_ARGS = (
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
)
#: Build arguments that never become variables, so UndefinedVar never reports them.
NON_ENV_ARGS = frozenset({"BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"})
_SECRET = re.compile(
    r"(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)", re.I
)
_NOT_SECRET = re.compile(r"(?:_|^)(?:public|file|version)(?:_|$)", re.I)


@dataclass(frozen=True)
class RuleInfo:
    """A rule as ``ruleset.go`` declares it."""

    name: str
    description: str
    experimental: bool = False

    @property
    def url(self) -> str:
        """The rule's documentation page."""
        return DOCS + re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", self.name).lower() + "/"


RULES: dict[str, RuleInfo] = {
    r.name: r
    for r in (
        RuleInfo("StageNameCasing", "Stage names should be lowercase"),
        RuleInfo("FromAsCasing", "The 'as' keyword should match the case of the 'from' keyword"),
        RuleInfo("NoEmptyContinuation", "Empty continuation lines will become errors in a future release"),
        RuleInfo(
            "ConsistentInstructionCasing",
            "All commands within the Dockerfile should use the same casing (either upper or lower)",
        ),
        RuleInfo("DuplicateStageName", "Stage names should be unique"),
        RuleInfo("ReservedStageName", "Reserved words should not be used as stage names"),
        RuleInfo(
            "JSONArgsRecommended",
            "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
        ),
        RuleInfo(
            "MaintainerDeprecated",
            "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
        ),
        RuleInfo("UndefinedArgInFrom", "FROM command must use declared ARGs"),
        RuleInfo(
            "WorkdirRelativePath",
            "Relative workdir without an absolute workdir declared within the build can have unexpected "
            "results if the base image changes",
        ),
        RuleInfo("UndefinedVar", "Variables should be defined before their use"),
        RuleInfo(
            "MultipleInstructionsDisallowed",
            "Multiple instructions of the same type should not be used in the same stage",
        ),
        RuleInfo("LegacyKeyValueFormat", "Legacy key/value format with whitespace separator should not be used"),
        RuleInfo("InvalidBaseImagePlatform", "Base image platform does not match expected target platform"),
        RuleInfo(
            "RedundantTargetPlatform",
            "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
        ),
        RuleInfo("SecretsUsedInArgOrEnv", "Sensitive data should not be used in the ARG or ENV commands"),
        RuleInfo(
            "InvalidDefaultArgInFrom", "Default value for global ARG results in an empty or invalid base image name"
        ),
        RuleInfo("FromPlatformFlagConstDisallowed", "FROM --platform flag should not use a constant value"),
        RuleInfo("CopyIgnoredFile", "Attempting to Copy file that is excluded by .dockerignore"),
        RuleInfo(
            "InvalidDefinitionDescription",
            "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. "
            "If this is not intended to be a description comment, add an empty line or comment between the "
            "instruction and the comment.",
            experimental=True,
        ),
        RuleInfo("ExposeProtoCasing", "Protocol in EXPOSE instruction should be lowercase"),
        RuleInfo(
            "ExposeInvalidFormat",
            "IP address and host-port mapping should not be used in EXPOSE instruction. "
            "This will become an error in a future release",
        ),
    )
}


@dataclass
class CheckWarning:
    """One build-check warning: rule, message (BuildKit's "detail"), line (0 when none)."""

    rule: str
    message: str
    line: int

    @property
    def short(self) -> str:
        """``Rule: message (line N)`` as buildx prints it."""
        return f"{self.rule}: {self.message}" + (f" (line {self.line})" if self.line > 0 else "")

    @property
    def description(self) -> str:
        """The rule's description."""
        return RULES[self.rule].description

    @property
    def url(self) -> str:
        """The rule's documentation URL."""
        return RULES[self.rule].url

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``ctx.data``."""
        return {"rule": self.rule, "message": self.message, "line": self.line, "url": self.url}


@dataclass
class CheckConfig:
    """BuildKit's ``linter.Config``: what ``check=`` asked for."""

    skip_all: bool = False
    skip: frozenset[str] = frozenset()
    experimental_all: bool = False
    experimental: frozenset[str] = frozenset()
    error: bool = False

    @classmethod
    def parse(cls, text: str) -> CheckConfig:
        """``linter.ParseLintOptions``; ``ValueError`` with BuildKit's words for a bad option."""
        text = text.strip()
        if not text:
            return cls()
        out = cls()
        for part in text.split(";", 2):
            key, sep, value = part.partition("=")
            if not sep:
                raise ValueError(f"invalid check option {_go_q(part)}")
            key, value = key.strip(), value.strip()
            if key == "skip":
                if value == "all":
                    out.skip_all = True
                else:
                    out.skip = frozenset(v.strip() for v in value.split(","))
            elif key == "experimental":
                if value == "all":
                    out.experimental_all = True
                else:
                    out.experimental = frozenset(v.strip() for v in value.split(","))
            elif key == "error":
                parsed = _parse_bool(value)
                if parsed is None:
                    raise ValueError(
                        f"failed to parse check option {_go_q(part)}: "
                        f"strconv.ParseBool: parsing {_go_q(value)}: invalid syntax"
                    )
                out.error = parsed
            else:
                raise ValueError(f"invalid check option {_go_q(key)}")
        return out

    def enabled(self, rule: str) -> bool:
        """``Linter.Run``'s gate: experimental rules only when asked for, others unless skipped."""
        if RULES[rule].experimental:
            return self.experimental_all or rule in self.experimental
        return not (self.skip_all or rule in self.skip)


def _go_q(text: str) -> str:
    from dockersim.build.parser import go_quote

    return go_quote(text)


def _parse_bool(text: str) -> bool | None:
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


def config_for(directives: Mapping[str, str], build_args: Mapping[str, str]) -> CheckConfig:
    """The file's ``# check=`` directive, or the ``BUILDKIT_DOCKERFILE_CHECK`` build argument instead."""
    text = build_args[CHECK_ARG] if CHECK_ARG in build_args else directives.get("check", "")
    try:
        return CheckConfig.parse(text)
    except ValueError:
        return CheckConfig()


@dataclass
class CheckResult:
    """Warnings in BuildKit's order of reports, the config used and the parse error (if any)."""

    warnings: list[CheckWarning] = field(default_factory=list)
    config: CheckConfig = field(default_factory=CheckConfig)
    error: DockerfileError | None = None

    @property
    def violation(self) -> str:
        """``lint violation found for rules: …`` when ``error=true`` and something was reported, else ``""``."""
        if not self.config.error or not self.warnings:
            return ""
        names = sorted({w.rule for w in self.warnings})
        return "lint violation found for rules: " + ", ".join(names)


@dataclass
class BaseInfo:
    """What a base image gives a stage: its environment, shell and working directory."""

    env: dict[str, str] = field(default_factory=lambda: {"PATH": DEFAULT_PATH})
    shell: list[str] | None = None
    workdir: str = ""


class _Linter:
    """Collects warnings, honouring the config and per-instruction ``# check=skip=`` comments."""

    def __init__(self, config: CheckConfig, parsed: ParseResult) -> None:
        self.config = config
        self.warnings: list[CheckWarning] = []
        self.local: list[tuple[int, int, CheckConfig]] = []
        directive = "check=" + parsed.directives["check"] if "check" in parsed.directives else None
        for number, node in enumerate(parsed.nodes):
            for comment in node.comments:
                if number == 0 and comment == directive:
                    continue
                if comment.startswith("check="):
                    text = comment[len("check=") :].split("//", 1)[0]
                    try:
                        local = CheckConfig.parse(text)
                    except ValueError:
                        continue
                    self.local.append((node.start_line, node.end_line, local))

    def run(self, rule: str, line: int, message: str) -> None:
        if not self.config.enabled(rule):
            return
        for start, end, local in self.local:
            if start <= line <= end and (local.skip_all or rule in local.skip) and not RULES[rule].experimental:
                return
        self.warnings.append(CheckWarning(rule, message, line))


def _suggest(value: str, options: Iterable[str]) -> str:
    return ins.suggest(value, list(options))


def _self_consistent(word: str) -> bool:
    return word in (word.lower(), word.upper())


# --- parse phase ----------------------------------------------------------------------------------------


def _keyword_as_written(node: Node) -> str:
    parts = node.original.strip().split(None, 1)
    return parts[0] if parts else node.keyword


def _casing(nodes: list[Node], lint: _Linter) -> None:
    words = [(n, _keyword_as_written(n)) for n in nodes]
    lower = sum(1 for _, w in words if _self_consistent(w) and w == w.lower())
    upper = sum(1 for _, w in words if _self_consistent(w) and w != w.lower())
    majority_lower = lower > upper
    for node, word in words:
        casing = ""
        if majority_lower and word != word.lower():
            casing = "lowercase"
        elif not majority_lower and word != word.upper():
            casing = "uppercase"
        if casing:
            lint.run(
                "ConsistentInstructionCasing",
                node.start_line,
                f"Command '{word}' should match the case of the command majority ({casing})",
            )


def _description(instruction: str, keys: list[str], comments: list[str], line: int, lint: _Linter) -> None:
    if not comments or not keys:
        return
    first = comments[-1].split(" ")[0]
    if first in keys:
        return
    example = keys[0] if len(keys) == 1 else "<arg_key>"
    lint.run(
        "InvalidDefinitionDescription",
        line,
        f"Comment for {instruction} should follow the format: `# {example} <description>`",
    )


def _parse_checks(node: Node, lint: _Linter) -> None:
    """The checks ``ParseInstructionWithLinter`` makes before (FROM, MAINTAINER) or after typing a node."""
    if node.keyword == ins.FROM:
        args = node.args
        if len(args) == 3 and args[2] != args[2].lower():
            lint.run("StageNameCasing", node.start_line, f"Stage name '{args[2]}' should be lowercase")
        command = _keyword_as_written(node)
        if len(args) >= 3 and _self_consistent(command):
            expected = args[1].lower() if command == command.lower() else args[1].upper()
            if args[1] != expected:
                lint.run("FromAsCasing", node.start_line, f"'{args[1]}' and '{command}' keywords' casing do not match")
    elif node.keyword == ins.MAINTAINER:
        lint.run(
            "MaintainerDeprecated", node.start_line, "Maintainer instruction is deprecated in favor of using label"
        )


def _parse_phase(
    parsed: ParseResult, lint: _Linter, typed: ins.Dockerfile | None = None
) -> tuple[ins.Dockerfile | None, DockerfileError | None]:
    for warning in parsed.warnings:
        lint.run(warning.rule, warning.line, warning.message)
    _casing(parsed.nodes, lint)
    global_args: list[ins.KeyValueInstr] = []
    stages: list[ins.Stage] = []
    known = {id(i.node): i for i in typed.global_args} if typed else {}
    if typed:
        for stage in typed.stages:
            known[id(stage.from_instr.node)] = stage.from_instr
            known.update((id(i.node), i) for i in stage.instructions)
    for node in parsed.nodes:
        _parse_checks(node, lint)
        try:
            instr = known.get(id(node)) or ins.instruction_from_node(node)
        except DockerfileError as exc:
            return None, exc
        if isinstance(instr, ins.FromInstr):
            if instr.name:
                _description("FROM", [instr.name.lower()], node.comments, node.start_line, lint)
            stages.append(ins.Stage(len(stages), instr))
        elif isinstance(instr, ins.KeyValueInstr) and instr.keyword == ins.ARG:
            _description("ARG", [n for n, _ in instr.pairs], node.comments, node.start_line, lint)
            if stages:
                stages[-1].instructions.append(instr)
            else:
                global_args.append(instr)
        elif not stages:
            return None, DockerfileError("no build stage in current context", node.start_line)
        else:
            stages[-1].instructions.append(instr)
    if not stages:
        return None, DockerfileError("dockerfile contains no stages to build", parse=False)
    return ins.Dockerfile(global_args, stages, parsed), None


# --- convert phase --------------------------------------------------------------------------------------


def _lex(word: str, env: Mapping[str, str]) -> tuple[str, list[str], bool]:
    """(expanded, unmatched names in order, ok)."""
    lexer = Lexer(env)
    try:
        out = lexer.word(word)
    except LexError:
        return word, list(dict.fromkeys(lexer.unset)), False
    return out, list(dict.fromkeys(lexer.unset)), True


def _global_env(dockerfile: ins.Dockerfile, build_args: Mapping[str, str], *, defaults_only: bool) -> dict[str, str]:
    """Meta ARG values as FROM sees them (expanded in order), plus the automatic platform ARGs."""
    from dockersim.build.plan import PLATFORM_ARGS as PLATFORM_VALUES

    env: dict[str, str] = dict(PLATFORM_VALUES)
    for instr in dockerfile.global_args:
        for name, value in instr.pairs:
            if not defaults_only and name in build_args:
                env[name] = build_args[name]
            elif value is not None:
                env[name] = _lex(value, env)[0]
            elif not defaults_only:
                env[name] = env.get(name, "")
    return env


def _valid_reference(text: str) -> bool:
    from dockersim.build.plan import normalize_image

    try:
        normalize_image(text)
    except DockerfileError:
        return False
    return True


def _convert_phase(dockerfile: ins.Dockerfile, build_args: Mapping[str, str], lint: _Linter) -> None:
    env = _global_env(dockerfile, build_args, defaults_only=False)
    declared = [n for a in dockerfile.global_args for n, _ in a.pairs] + list(PLATFORM_ARGS)
    seen: set[str] = set()
    for stage in dockerfile.stages:
        instr, line = stage.from_instr, stage.from_instr.line
        _, unmatched, _ = _lex(instr.image, env)
        platform = instr.flag("platform")
        platform_unmatched: list[str] = []
        platform_matched = False
        if platform:
            lexer = Lexer(env)
            with contextlib.suppress(LexError):
                lexer.word(platform)
            platform_unmatched = list(dict.fromkeys(lexer.unset))
            platform_matched = bool(set(lexer.used) - set(lexer.unset))
        for name in sorted(set(unmatched + platform_unmatched)):
            if name not in NON_ENV_ARGS:
                hint = _suggest(name, declared)
                lint.run(
                    "UndefinedArgInFrom",
                    line,
                    f"FROM argument '{name}' is not declared" + (f" (did you mean {hint}?)" if hint else ""),
                )
        name = stage.name.lower()
        if name:
            if name in seen:
                lint.run("DuplicateStageName", line, f'Duplicate stage name "{name}", stage names should be unique')
            seen.add(name)
            if name in ("scratch", "context"):
                lint.run(
                    "ReservedStageName", line, f'Stage name should not use the same name as reserved stage "{name}"'
                )
        if platform in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            lint.run(
                "RedundantTargetPlatform",
                line,
                f"Setting platform to predefined {platform} in FROM is redundant as this is the default behavior",
            )
        elif platform and not platform_matched and not platform_unmatched:
            os_name, _, rest = platform.partition("/")
            arch = rest.split("/", 1)[0]
            if not (os_name and os_name in name) and not (arch and arch in name):
                lint.run(
                    "FromPlatformFlagConstDisallowed",
                    line,
                    f"FROM --platform flag should not use constant value {_go_q(platform)}",
                )
    defaults = _global_env(dockerfile, {}, defaults_only=True)
    for stage in dockerfile.stages:
        result, _, ok = _lex(stage.from_instr.image, defaults)
        if ok and not _valid_reference(result):
            lint.run(
                "InvalidDefaultArgInFrom",
                stage.from_instr.line,
                f"Default value for ARG {stage.from_instr.image} results in empty or invalid base image name",
            )


# --- dispatch phase -------------------------------------------------------------------------------------


@dataclass
class _Scope:
    """What an instruction sees while a stage is dispatched."""

    env: dict[str, str]
    args: list[str] = field(default_factory=list)
    shell: list[str] | None = None
    workdir: str = ""
    workdir_set: bool = False

    def copy(self) -> _Scope:
        shell = list(self.shell) if self.shell else self.shell
        return _Scope(dict(self.env), list(self.args), shell, self.workdir, self.workdir_set)


class _Dispatcher:
    def __init__(self, dockerfile: ins.Dockerfile, lint: _Linter, context: object, build_args: Mapping[str, str]):
        self.dockerfile = dockerfile
        self.lint = lint
        self.context = context
        self.build_args = build_args
        self.globals = _global_env(dockerfile, build_args, defaults_only=False)

    def expand(self, instr: ins.Instruction, word: str, scope: _Scope) -> str:
        if not any(ch in word for ch in "$'\"\\"):
            return word
        out, unmatched, _ = _lex(word, scope.env)
        for name in unmatched:
            if name in scope.args or name in NON_ENV_ARGS:
                continue
            hint = _suggest(name, list(scope.env))
            self.lint.run(
                "UndefinedVar",
                instr.line,
                f"Usage of undefined variable '${name}'" + (f" (did you mean ${hint}?)" if hint else ""),
            )
        return out

    def stage(self, stage: ins.Stage, scope: _Scope) -> _Scope:
        used: dict[str, ins.Instruction] = {}
        for instr in stage.instructions:
            if instr.keyword in (ins.CMD, ins.ENTRYPOINT, ins.HEALTHCHECK):
                self.used_once(instr, used)
            self.instruction(instr, scope)
        return scope

    def used_once(self, instr: ins.Instruction, used: dict[str, ins.Instruction]) -> None:
        """``validateUsedOnce``: a repeat reports the earlier instruction, the one that will be ignored."""
        earlier = used.get(instr.keyword)
        if earlier is not None:
            self.lint.run(
                "MultipleInstructionsDisallowed",
                earlier.line,
                f"Multiple {_keyword_as_written(instr.node)} instructions should not be used in the same stage "
                "because only the last one will be used",
            )
        used[instr.keyword] = instr

    def instruction(self, instr: ins.Instruction, scope: _Scope) -> None:
        kw = instr.keyword
        if isinstance(instr, ins.KeyValueInstr) and kw in (ins.ENV, ins.LABEL):
            # Every word is expanded with the variables from before the instruction (``ENV A=1 B=$A``
            # does not see this A), then the pairs apply.
            expanded = [(self.expand(instr, n, scope), self.expand(instr, v or "", scope)) for n, v in instr.pairs]
            for (name, _), (key, val) in zip(instr.pairs, expanded, strict=True):
                if instr.legacy:
                    word = _keyword_as_written(instr.node)
                    self.lint.run(
                        "LegacyKeyValueFormat",
                        instr.line,
                        f'"{word} key=value" should be used instead of legacy "{word} key value" format',
                    )
                if kw == ins.ENV:
                    self.secret("ENV", name, instr.line)
                    scope.env[key] = val
        elif isinstance(instr, ins.KeyValueInstr) and kw == ins.ARG:
            defaults = [None if v is None else self.expand(instr, v, scope) for _, v in instr.pairs]
            for (name, _), default in zip(instr.pairs, defaults, strict=True):
                self.secret("ARG", name, instr.line)
                resolved = default
                if name in self.build_args:
                    resolved = self.build_args[name]
                elif resolved is None and any(name == n for a in self.dockerfile.global_args for n, _ in a.pairs):
                    resolved = self.globals.get(name)
                if name not in scope.args:
                    scope.args.append(name)
                if resolved is not None:
                    scope.env[name] = resolved
        elif isinstance(instr, ins.CopyInstr):
            sources = [self.expand(instr, s, scope) if not s.startswith("<<") else s for s in instr.sources]
            self.expand(instr, instr.dest, scope)
            for flag in ("chown", "chmod"):
                if instr.flag(flag):
                    self.expand(instr, instr.flag(flag), scope)
            if "from" not in instr.flags:
                for source in sources:
                    self.ignored(instr, source)
        elif isinstance(instr, ins.StringInstr) and kw in (ins.WORKDIR, ins.USER, ins.STOPSIGNAL):
            value = self.expand(instr, instr.value, scope)
            if kw == ins.WORKDIR:
                # Only a WORKDIR of this build counts (a base image's may change): the first one warns when
                # relative; any one, relative or not, settles it for the rest of the stage and its children.
                if not value.startswith("/") and not scope.workdir_set:
                    self.lint.run(
                        "WorkdirRelativePath",
                        instr.line,
                        f"Relative workdir {_go_q(value)} can have unexpected results if the base image changes",
                    )
                scope.workdir = posixpath.join("/", scope.workdir, value) if not value.startswith("/") else value
                scope.workdir_set = True
        elif isinstance(instr, ins.ListInstr):
            for value in instr.values:
                expanded = self.expand(instr, value, scope)
                if kw == ins.EXPOSE:
                    self.expose(instr, expanded)
        elif isinstance(instr, ins.CommandInstr) and kw in (ins.CMD, ins.ENTRYPOINT):
            if not instr.json and not scope.shell:
                self.lint.run(
                    "JSONArgsRecommended",
                    instr.line,
                    f"JSON arguments recommended for {_keyword_as_written(instr.node)} to prevent unintended behavior "
                    "related to OS signals",
                )
        elif isinstance(instr, ins.CommandInstr) and kw == ins.SHELL:
            scope.shell = list(instr.args)

    def secret(self, word: str, name: str, line: int) -> None:
        if _SECRET.search(name) and not _NOT_SECRET.search(name):
            self.lint.run(
                "SecretsUsedInArgOrEnv",
                line,
                f"Do not use ARG or ENV instructions for sensitive data ({word} {_go_q(name)})",
            )

    def expose(self, instr: ins.Instruction, port: str) -> None:
        for word in port.split():
            if ":" in word:
                self.lint.run(
                    "ExposeInvalidFormat",
                    instr.line,
                    f"EXPOSE instruction should not define an IP address or host-port mapping, found '{word}'",
                )
            proto = word.rpartition("/")[2] if "/" in word else ""
            if proto and proto != proto.lower():
                self.lint.run(
                    "ExposeProtoCasing",
                    instr.line,
                    f"Defined protocol '{word}' in EXPOSE instruction should be lowercase",
                )

    def ignored(self, instr: ins.CopyInstr, source: str) -> None:
        patterns = getattr(self.context, "patterns", None)
        if not patterns:
            return
        shown = clean(source)
        path = shown.lstrip("/")
        path = "" if path in (".", "") else path
        if copy_excluded(patterns, path):
            verb = "Add" if instr.keyword == ins.ADD else "Copy"
            self.lint.run(
                "CopyIgnoredFile",
                instr.line,
                f"Attempting to {verb} file {_go_q(shown)} that is excluded by .dockerignore",
            )


def copy_excluded(patterns: list[str], path: str) -> bool:
    """Whether ``.dockerignore`` removes ``path`` (``""`` is the context root) with nothing below it re-included."""
    matcher = PatternMatcher(patterns)
    if not matcher.patterns:
        return False
    last = -1
    parts = path.split("/") if path else []
    candidates = [path] + ["/".join(parts[:i]) for i in range(1, len(parts))]
    for index, pattern in enumerate(matcher.patterns):
        if any(pattern.match(c) for c in candidates):
            last = index if not pattern.exclusion else -1
    if last < 0:
        return False
    wildcard = any(ch in path for ch in "*?[")
    for pattern in matcher.patterns[last + 1 :]:
        if not pattern.exclusion:
            continue
        text = pattern.text.replace("\\", "")
        if not path or text == path or text.startswith(path + "/"):
            return False
        if wildcard and _glob_covers(path, text):
            return False
    return True


def _glob_covers(glob: str, path: str) -> bool:
    from dockersim.build.ignore import _tokens, match_tokens

    parts = path.split("/")
    return any(match_tokens(_tokens(glob), "/".join(parts[:i])) for i in range(1, len(parts) + 1))


# --- entry points ---------------------------------------------------------------------------------------


def _stage_parent(dockerfile: ins.Dockerfile, stage: ins.Stage, env: Mapping[str, str]) -> int | None:
    image = _lex(stage.from_instr.image, env)[0].lower()
    for earlier in dockerfile.stages[: stage.index]:
        if earlier.name and earlier.name.lower() == image:
            return earlier.index
    return None


def base_info(config: object) -> BaseInfo:
    """A :class:`BaseInfo` from an image config (``env`` list, ``shell``, ``workdir``); PATH defaults as BuildKit's."""
    env = dict(item.partition("=")[::2] for item in getattr(config, "env", []) or [])
    env.setdefault("PATH", DEFAULT_PATH)
    return BaseInfo(env, list(getattr(config, "shell", None) or []) or None, getattr(config, "workdir", "") or "")


def catalogue_bases(dockerfile: ins.Dockerfile, build_args: Mapping[str, str] | None = None) -> dict[int, BaseInfo]:
    """Base images from the simulator's registry catalogue, for checks run without a build (lint)."""
    from dockersim.engine.catalogue import build_record, find_variant
    from dockersim.engine.reference import parse_reference

    env = _global_env(dockerfile, dict(build_args or {}), defaults_only=False)
    out: dict[int, BaseInfo] = {}
    for stage in dockerfile.stages:
        image = _lex(stage.from_instr.image, env)[0]
        try:
            found = find_variant(parse_reference(image))
        except Exception:
            continue
        if found is not None:
            key, variant = found
            out[stage.index] = base_info(build_record(key, variant, variant["tags"][0]).config)
    return out


def run_checks(
    text: str,
    *,
    context: object | None = None,
    build_args: Mapping[str, str] | None = None,
    reachable: Iterable[int] | None = None,
    bases: Mapping[int, BaseInfo] | None = None,
    parsed: ParseResult | None = None,
    dockerfile: ins.Dockerfile | None = None,
) -> CheckResult:
    """Every build check over ``text`` as a build (``reachable`` = the stages it runs) or ``--check`` (all).

    ``bases`` gives what each stage's base image sets (a build knows them); without it they come from
    the registry catalogue.

    ``parsed`` (or a typed ``dockerfile``) saves parsing ``text`` again when the caller already did.
    """
    if dockerfile is not None:
        parsed = dockerfile.parsed
    args = dict(build_args or {})
    if parsed is None:
        try:
            parsed = parse(text)
        except DockerfileError as exc:
            return CheckResult(error=exc)
    config = config_for(parsed.directives, args)
    lint = _Linter(config, parsed)
    result = CheckResult(lint.warnings, config)
    dockerfile, error = _parse_phase(parsed, lint, dockerfile)
    if dockerfile is None:
        result.error = error
        return result
    _convert_phase(dockerfile, args, lint)
    if bases is None:
        bases = catalogue_bases(dockerfile, args)
    dispatcher = _Dispatcher(dockerfile, lint, context, args)
    wanted = set(range(len(dockerfile.stages))) if reachable is None else set(reachable)
    scopes: dict[int, _Scope] = {}
    for stage in dockerfile.stages:
        parent = _stage_parent(dockerfile, stage, dispatcher.globals)
        if parent is not None and parent in scopes:
            scope = scopes[parent].copy()
        else:
            base = (bases or {}).get(stage.index) or BaseInfo()
            scope = _Scope(dict(base.env), [], list(base.shell) if base.shell else None, base.workdir)
        quiet = stage.index not in wanted
        if quiet:
            saved, lint.warnings = lint.warnings, []
        scopes[stage.index] = dispatcher.stage(stage, scope)
        if quiet:
            lint.warnings = saved
    result.warnings = lint.warnings
    return result


def sorted_warnings(warnings: list[CheckWarning]) -> list[CheckWarning]:
    """By line, then message (the order BuildKit's tests compare in)."""
    return sorted(warnings, key=lambda w: (w.line, w.message))
