"""Best-practice lint: one small rule per unit, all listed in :data:`RULES`.

Rule IDs are hadolint's ``DLxxxx`` codes where one matches, BuildKit build-check names otherwise, and
``DSxxx`` for dockersim's own; ``check`` names the BuildKit build check a rule corresponds to (those
are the warnings ``docker build`` prints). Each finding links (``docs``) to the section of the study
notes that explains the advice. ``# hadolint ignore=DL3008`` above an instruction and the
``# check=skip=Name`` parser directive are honoured.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dockersim.build import checks
from dockersim.build import instructions as ins
from dockersim.build.context import BuildContext
from dockersim.build.parser import DockerfileError
from dockersim.build.runsim import split_commands
from dockersim.build.shell import referenced

ERROR, WARNING, INFO, STYLE = "error", "warning", "info", "style"

FROM_DOC = "intermediate.md#from-set-base-image"
RUN_DOC = "intermediate.md#run-execute-commands-during-build"
CMD_DOC = "intermediate.md#cmd-default-command-to-execute"
WORKDIR_DOC = "intermediate.md#workdir-set-working-directory"
LAYERS_DOC = "intermediate.md#1-layer-optimization"
CACHE_DOC = "intermediate.md#2-build-cache-optimization"
SIZE_DOC = "intermediate.md#3-reducing-image-size"
EXPOSE_DOC = "intermediate.md#expose-document-port-usage"
STRUCTURE_DOC = "intermediate.md#key-dockerfile-instructions"
MULTISTAGE_DOC = "advanced.md#multi-stage-builds"
NONROOT_DOC = "advanced.md#non-root-users-best-practices"
ARGENV_DOC = "advanced.md#build-arguments-arg-vs-environment-variables-env"
CHECKLIST_DOC = "summary.md#best-practices-checklist"


@dataclass
class Finding:
    """One lint result: rule ID, severity, line, message, the BuildKit check name and a docs link target."""

    rule: str
    severity: str
    line: int
    message: str
    docs: str
    check: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``ctx.data``."""
        return dict(vars(self))


@dataclass
class Rule:
    """A lint rule: ID, BuildKit check name, severity, docs target, summary and the function that finds it."""

    id: str
    check: str
    severity: str
    docs: str
    summary: str
    func: Callable[[LintInput], Iterator[tuple[int, str]]]


@dataclass
class LintInput:
    """What rules look at: the parsed Dockerfile and the build context (if any)."""

    dockerfile: ins.Dockerfile
    context: BuildContext | None = None
    stage_names: set[str] = field(default_factory=set)
    bases: dict[int, checks.BaseInfo] | None = None
    _checks: checks.CheckResult | None = None
    _runs: list[tuple[ins.CommandInstr, list[str]]] | None = None

    def checks(self) -> checks.CheckResult:
        """BuildKit's build checks over every stage (``docker build --check``), computed once."""
        if self._checks is None:
            bases = self.bases if self.bases is not None else checks.catalogue_bases(self.dockerfile)
            self._checks = checks.run_checks("", context=self.context, bases=bases, dockerfile=self.dockerfile)
        return self._checks

    def instructions(self) -> Iterator[tuple[ins.Stage, ins.Instruction]]:
        """Every instruction with its stage (ONBUILD triggers are not unwrapped)."""
        for stage in self.dockerfile.stages:
            for instr in stage.instructions:
                yield stage, instr

    def runs(self) -> list[tuple[ins.CommandInstr, list[str]]]:
        """Every RUN with its commands split on ``&&``, ``;``, ``|`` and newlines (split once, shared by rules)."""
        if self._runs is None:
            self._runs = []
            for _, instr in self.instructions():
                if isinstance(instr, ins.CommandInstr) and instr.keyword == ins.RUN:
                    script = instr.heredocs[0].content if instr.heredocs else " ".join(instr.args)
                    self._runs.append((instr, split_commands(script)))
        return self._runs


RULES: list[Rule] = []


def rule(rule_id: str, check: str, severity: str, docs: str, summary: str) -> Callable[..., Any]:
    """Register a rule function in :data:`RULES`."""

    def register(func: Callable[[LintInput], Iterator[tuple[int, str]]]) -> Callable[..., Any]:
        RULES.append(Rule(rule_id, check, severity, docs, summary, func))
        return func

    return register


def _words(command: str) -> list[str]:
    return command.split()


def _apt_installs(commands: list[str]) -> Iterator[list[str]]:
    for command in commands:
        words = _words(command)
        if words[:1] == ["apt-get"] and "install" in words:
            yield words


# --- FROM ---------------------------------------------------------------------------------------------------


def _image_part(lint: LintInput, stage: ins.Stage) -> str | None:
    image = stage.from_instr.image
    if "$" in image or image.lower() == "scratch" or image.lower() in lint.stage_names:
        return None
    return image


@rule("DL3006", "", WARNING, FROM_DOC, "FROM image without a tag")
def untagged_image(lint: LintInput) -> Iterator[tuple[int, str]]:
    """``FROM ubuntu``: the tag defaults to latest and changes under you."""
    for stage in lint.dockerfile.stages:
        image = _image_part(lint, stage)
        if image and "@" not in image and ":" not in image.rsplit("/", 1)[-1]:
            yield stage.from_instr.line, "Always tag the version of an image explicitly"


@rule("DL3007", "", WARNING, FROM_DOC, "FROM image:latest")
def latest_tag(lint: LintInput) -> Iterator[tuple[int, str]]:
    """``FROM alpine:latest`` is as unpinned as no tag at all."""
    for stage in lint.dockerfile.stages:
        image = _image_part(lint, stage)
        if image and "@" not in image and image.endswith(":latest"):
            yield (
                stage.from_instr.line,
                "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a "
                "release tag",
            )


@rule("DL3024", "DuplicateStageName", ERROR, MULTISTAGE_DOC, "two stages with the same name")
def duplicate_stage(lint: LintInput) -> Iterator[tuple[int, str]]:
    """``COPY --from=x`` would be ambiguous."""
    seen: set[str] = set()
    for stage in lint.dockerfile.stages:
        name = stage.name.lower()
        if name and name in seen:
            yield stage.from_instr.line, f'Duplicate stage name "{name}", stage names should be unique'
        seen.add(name)


# --- USER ---------------------------------------------------------------------------------------------------


def _final(lint: LintInput) -> ins.Stage:
    return lint.dockerfile.stages[-1]


@rule("DL3002", "", WARNING, NONROOT_DOC, "last USER is root")
def last_user_root(lint: LintInput) -> Iterator[tuple[int, str]]:
    """A container should not run as root."""
    users = [i for i in _final(lint).instructions if isinstance(i, ins.StringInstr) and i.keyword == ins.USER]
    if users and re.fullmatch(r"(root|0)(:.*)?", users[-1].value.strip()):
        yield users[-1].line, "Last USER should not be root"


@rule("DS001", "", INFO, NONROOT_DOC, "no USER in the final stage")
def no_user(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Without USER the container runs as root (uid 0)."""
    stage = _final(lint)
    if not any(i.keyword == ins.USER for i in stage.instructions) and stage.from_instr.image.lower() != "scratch":
        yield stage.from_instr.line, "No USER instruction: the container will run as root (uid 0)"


# --- RUN ----------------------------------------------------------------------------------------------------


@rule("DL3009", "", INFO, LAYERS_DOC, "apt lists not deleted in the same RUN")
def apt_lists(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Lists deleted in a later RUN still cost space in the earlier layer."""
    for instr, commands in lint.runs():
        text = " ".join(commands)
        if re.search(r"\bapt(-get)? update\b", text) and "/var/lib/apt/lists" not in text:
            yield instr.line, "Delete the apt lists (/var/lib/apt/lists) after installing something"


@rule("DL3014", "", WARNING, RUN_DOC, "apt-get install without -y")
def apt_yes(lint: LintInput) -> Iterator[tuple[int, str]]:
    """The build has no one to answer apt-get's prompt: it aborts."""
    for instr, commands in lint.runs():
        for words in _apt_installs(commands):
            if not {"-y", "--yes", "--assume-yes", "-qy", "-yq"} & set(words):
                yield instr.line, "Use the `-y` switch to avoid manual input `apt-get -y install <package>`"


@rule("DL3015", "", INFO, SIZE_DOC, "apt-get install without --no-install-recommends")
def apt_recommends(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Recommended packages make the image bigger for nothing."""
    for instr, commands in lint.runs():
        for words in _apt_installs(commands):
            if "--no-install-recommends" not in words:
                yield instr.line, "Avoid additional packages by specifying `--no-install-recommends`"


@rule("DL3027", "", WARNING, RUN_DOC, "apt instead of apt-get")
def apt_not_apt_get(lint: LintInput) -> Iterator[tuple[int, str]]:
    """``apt`` is an interactive front end; scripts use apt-get."""
    for instr, commands in lint.runs():
        if any(_words(c)[:1] == ["apt"] for c in commands):
            yield (instr.line, "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead")


@rule("DL3019", "", INFO, SIZE_DOC, "apk add without --no-cache")
def apk_cache(lint: LintInput) -> Iterator[tuple[int, str]]:
    """``--no-cache`` keeps the package index out of the layer."""
    for instr, commands in lint.runs():
        for command in commands:
            words = _words(command)
            if words[:1] == ["apk"] and "add" in words and "--no-cache" not in words:
                yield (
                    instr.line,
                    "Use the `--no-cache` switch to avoid the need to use `--update` and remove "
                    "`/var/cache/apk/*` when done installing packages",
                )


@rule("DL3042", "", WARNING, SIZE_DOC, "pip install without --no-cache-dir")
def pip_cache(lint: LintInput) -> Iterator[tuple[int, str]]:
    """pip's download cache is dead weight in an image."""
    for instr, commands in lint.runs():
        for command in commands:
            words = _words(command)
            is_pip = words[:1] in (["pip"], ["pip3"]) or words[1:3] == ["-m", "pip"]
            if is_pip and "install" in words and "--no-cache-dir" not in words:
                yield instr.line, "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`"


@rule("DL3003", "", WARNING, WORKDIR_DOC, "cd inside RUN")
def cd_in_run(lint: LintInput) -> Iterator[tuple[int, str]]:
    """WORKDIR survives to later instructions; ``cd`` does not."""
    for instr, commands in lint.runs():
        if any(_words(c)[:1] == ["cd"] for c in commands):
            yield instr.line, "Use WORKDIR to switch to a directory"


@rule("DL3004", "", ERROR, NONROOT_DOC, "sudo inside RUN")
def sudo(lint: LintInput) -> Iterator[tuple[int, str]]:
    """RUN already runs as the current USER; sudo is unpredictable."""
    for instr, commands in lint.runs():
        if any(_words(c)[:1] == ["sudo"] for c in commands):
            yield (
                instr.line,
                "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root",
            )


@rule("DL3059", "", INFO, LAYERS_DOC, "consecutive RUN instructions")
def consecutive_runs(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Each RUN is a layer; combine related commands."""
    for stage in lint.dockerfile.stages:
        previous: ins.Instruction | None = None
        for instr in stage.instructions:
            is_run = instr.keyword == ins.RUN
            if is_run and previous is not None and previous.keyword == ins.RUN and previous.flags == instr.flags:
                both = [split_commands(" ".join(getattr(i, "args", []))) for i in (previous, instr)]
                if all(len(c) <= 2 for c in both):
                    yield instr.line, "Multiple consecutive `RUN` instructions. Consider consolidation."
            previous = instr


# --- COPY / ADD ---------------------------------------------------------------------------------------------

_ARCHIVE = re.compile(r"\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz|gz|bz2|xz|zip)$")


@rule("DL3020", "", ERROR, STRUCTURE_DOC, "ADD for local files")
def add_for_files(lint: LintInput) -> Iterator[tuple[int, str]]:
    """COPY says what it does; ADD also fetches URLs and unpacks archives."""
    for _, instr in lint.instructions():
        if isinstance(instr, ins.CopyInstr) and instr.keyword == ins.ADD:
            local = [s for s in instr.sources if not re.match(r"(https?|git)://|git@", s) and not s.startswith("<<")]
            if any(not _ARCHIVE.search(s) for s in local):
                yield instr.line, "Use COPY instead of ADD for files and folders"


@rule("DL3022", "", WARNING, MULTISTAGE_DOC, "COPY --from an undefined stage")
def copy_from_alias(lint: LintInput) -> Iterator[tuple[int, str]]:
    """``--from`` should name an earlier stage (an image reference needs a tag or a /)."""
    for stage in lint.dockerfile.stages:
        earlier = {s.name.lower() for s in lint.dockerfile.stages[: stage.index] if s.name}
        for instr in stage.instructions:
            source = instr.flags.get("from") if isinstance(instr, ins.CopyInstr) else None
            if (
                isinstance(source, str)
                and not source.isdigit()
                and source.lower() not in earlier
                and ":" not in source
                and "/" not in source
            ):
                yield instr.line, "`COPY --from` should reference a previously defined `FROM` alias"


@rule("DS002", "", INFO, CACHE_DOC, "no .dockerignore in the context")
def missing_dockerignore(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Without .dockerignore, node_modules, .git and secrets go into the context and bust ``COPY . .``."""
    if lint.context is not None and not lint.context.has_dockerignore:
        copies = [i for _, i in lint.instructions() if isinstance(i, ins.CopyInstr) and "from" not in i.flags]
        if copies:
            yield copies[0].line, "No .dockerignore file: everything in the context is sent and `COPY . .` copies it"


@rule("DS003", "", WARNING, STRUCTURE_DOC, "# after an instruction is not a comment")
def inline_comment(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Only a ``#`` at the start of a line starts a comment; elsewhere it is an argument."""
    for _, instr in lint.instructions():
        if instr.keyword in (ins.RUN, ins.CMD, ins.ENTRYPOINT, ins.SHELL, ins.HEALTHCHECK, ins.ONBUILD):
            original = instr.original
            if (
                instr.keyword in (ins.CMD, ins.ENTRYPOINT)
                and re.search(r"\]\s+#", original)
                and not getattr(instr, "json", True)
            ):
                yield instr.line, f"`#` is not a comment here: the {instr.keyword.upper()} text became shell form"
            continue
        words = instr.original.split()[1:]
        if any(w.startswith("#") for w in words):
            yield (
                instr.line,
                f"`#` starts a comment only at the beginning of a line: here it is passed to "
                f"{instr.keyword.upper()} as an argument",
            )


# --- CMD / ENTRYPOINT ---------------------------------------------------------------------------------------


@rule("DL3025", "JSONArgsRecommended", WARNING, CMD_DOC, "CMD/ENTRYPOINT in shell form")
def json_args(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Shell form runs under /bin/sh -c, which does not pass signals to the app."""
    for _, instr in lint.instructions():
        if isinstance(instr, ins.CommandInstr) and instr.keyword in (ins.CMD, ins.ENTRYPOINT) and not instr.json:
            yield (
                instr.line,
                f"JSON arguments recommended for {instr.keyword.upper()} to prevent unintended "
                "behavior related to OS signals",
            )


def _multiple(lint: LintInput, keyword: str) -> Iterator[int]:
    for stage in lint.dockerfile.stages:
        found = [i for i in stage.instructions if i.keyword == keyword]
        for instr in found[1:]:
            yield instr.line


def _only_last_takes_effect(lint: LintInput, keyword: str) -> Iterator[tuple[int, str]]:
    """Every repeat of ``keyword`` in a stage, with hadolint's message for CMD/ENTRYPOINT."""
    name = f"`{keyword.upper()}`"
    message = (
        f"Multiple {name} instructions found. If you list more than one {name} then only the last {name} "
        "will take effect"
    )
    for line in _multiple(lint, keyword):
        yield line, message


@rule("DL4003", "MultipleInstructionsDisallowed", WARNING, CMD_DOC, "more than one CMD in a stage")
def multiple_cmd(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Only the last CMD takes effect."""
    yield from _only_last_takes_effect(lint, ins.CMD)


@rule("DL4004", "MultipleInstructionsDisallowed", ERROR, CMD_DOC, "more than one ENTRYPOINT in a stage")
def multiple_entrypoint(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Only the last ENTRYPOINT takes effect."""
    yield from _only_last_takes_effect(lint, ins.ENTRYPOINT)


@rule("DL3012", "MultipleInstructionsDisallowed", ERROR, CHECKLIST_DOC, "more than one HEALTHCHECK in a stage")
def multiple_healthcheck(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Only the last HEALTHCHECK takes effect."""
    for line in _multiple(lint, ins.HEALTHCHECK):
        yield line, "Multiple `HEALTHCHECK` instructions"


# --- WORKDIR, ENV, ARG, EXPOSE, MAINTAINER ------------------------------------------------------------------


@rule("DL3000", "WorkdirRelativePath", ERROR, WORKDIR_DOC, "relative WORKDIR")
def absolute_workdir(lint: LintInput) -> Iterator[tuple[int, str]]:
    """A relative WORKDIR depends on whatever the base image set."""
    for stage in lint.dockerfile.stages:
        seen_absolute = False
        for instr in stage.instructions:
            if isinstance(instr, ins.StringInstr) and instr.keyword == ins.WORKDIR:
                value = instr.value.strip().strip("\"'")
                if value.startswith(("/", "$")) or re.match(r"[A-Za-z]:", value):
                    seen_absolute = True
                elif not seen_absolute:
                    yield instr.line, "Use absolute WORKDIR"


@rule("DL4000", "MaintainerDeprecated", ERROR, STRUCTURE_DOC, "MAINTAINER")
def maintainer(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Use ``LABEL maintainer=…``."""
    for _, instr in lint.instructions():
        if instr.keyword == ins.MAINTAINER:
            yield instr.line, "MAINTAINER is deprecated"


@rule("DL3029", "FromPlatformFlagConstDisallowed", WARNING, FROM_DOC, "FROM --platform with a constant")
def from_platform(lint: LintInput) -> Iterator[tuple[int, str]]:
    """A hard-coded platform breaks builds for other architectures."""
    for stage in lint.dockerfile.stages:
        platform = stage.from_instr.flag("platform")
        if platform and "BUILDPLATFORM" not in platform and "TARGETPLATFORM" not in platform:
            yield stage.from_instr.line, f'FROM --platform flag should not use constant value "{platform}"'


@rule("DL4006", "", WARNING, RUN_DOC, "RUN with a pipe and no pipefail")
def pipefail(lint: LintInput) -> Iterator[tuple[int, str]]:
    """``a | b`` succeeds when ``a`` fails unless the shell has ``-o pipefail``."""
    for stage in lint.dockerfile.stages:
        has_pipefail = False
        for instr in stage.instructions:
            if isinstance(instr, ins.CommandInstr) and instr.keyword == ins.SHELL:
                has_pipefail = "pipefail" in " ".join(instr.args)
            elif isinstance(instr, ins.CommandInstr) and instr.keyword == ins.RUN and not instr.json:
                text = instr.args[0] if instr.args else ""
                if re.search(r"[^|]\|[^|]", text.replace("||", "")) and not has_pipefail and "pipefail" not in text:
                    yield (
                        instr.line,
                        "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are "
                        "using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider "
                        "explicitly setting your SHELL to /bin/ash, or disable this check",
                    )


@rule("DL4001", "", WARNING, RUN_DOC, "both wget and curl")
def wget_and_curl(lint: LintInput) -> Iterator[tuple[int, str]]:
    """One download tool is enough."""
    used: dict[str, int] = {}
    for instr, commands in lint.runs():
        for command in commands:
            word = _words(command)[:1]
            if word and word[0] in ("wget", "curl"):
                used.setdefault(word[0], instr.line)
    if len(used) == 2:
        yield max(used.values()), "Either use Wget or Curl but not both"


@rule("DL3045", "", WARNING, WORKDIR_DOC, "COPY to a relative destination without WORKDIR")
def copy_relative_without_workdir(lint: LintInput) -> Iterator[tuple[int, str]]:
    """A relative destination depends on the base image's working directory."""
    for stage in lint.dockerfile.stages:
        if stage.from_instr.image.lower() in lint.stage_names:
            continue
        has_workdir = False
        for instr in stage.instructions:
            if instr.keyword == ins.WORKDIR:
                has_workdir = True
            elif isinstance(instr, ins.CopyInstr) and instr.keyword == ins.COPY and not has_workdir:
                dest = instr.dest.strip("\"'")
                if not dest.startswith(("/", "$")) and not re.match(r"[A-Za-z]:", dest):
                    yield instr.line, "`COPY` to a relative destination without `WORKDIR` set."


@rule("DL3044", "", ERROR, ARGENV_DOC, "ENV refers to a variable it defines")
def env_self_reference(lint: LintInput) -> Iterator[tuple[int, str]]:
    """Within one ENV the old value is used, which is rarely what was meant."""
    for _, instr in lint.instructions():
        if isinstance(instr, ins.KeyValueInstr) and instr.keyword == ins.ENV and not instr.legacy:
            defined: set[str] = set()
            for name, value in instr.pairs:
                if defined & set(referenced(value or "")):
                    yield (
                        instr.line,
                        "Do not refer to an environment variable within the same `ENV` statement where it is defined.",
                    )
                    break
                defined.add(name)


# --- running the rules ----------------------------------------------------------------------------------


#: BuildKit checks without a hadolint rule of their own, reported under their check name.
_CHECK_DOCS = {
    "FromAsCasing": FROM_DOC,
    "StageNameCasing": MULTISTAGE_DOC,
    "ReservedStageName": MULTISTAGE_DOC,
    "UndefinedArgInFrom": ARGENV_DOC,
    "InvalidDefaultArgInFrom": ARGENV_DOC,
    "RedundantTargetPlatform": FROM_DOC,
    "UndefinedVar": ARGENV_DOC,
    "SecretsUsedInArgOrEnv": ARGENV_DOC,
    "LegacyKeyValueFormat": ARGENV_DOC,
    "InvalidDefinitionDescription": ARGENV_DOC,
    "CopyIgnoredFile": CACHE_DOC,
    "ExposeInvalidFormat": EXPOSE_DOC,
    "ExposeProtoCasing": EXPOSE_DOC,
    "ConsistentInstructionCasing": STRUCTURE_DOC,
    "NoEmptyContinuation": RUN_DOC,
}


def _delegate(name: str) -> Callable[[LintInput], Iterator[tuple[int, str]]]:
    def func(lint: LintInput) -> Iterator[tuple[int, str]]:
        for warning in lint.checks().warnings:
            if warning.rule == name:
                yield warning.line, warning.message

    func.__doc__ = checks.RULES[name].description
    return func


for _name, _docs in _CHECK_DOCS.items():
    RULES.append(Rule(_name, _name, WARNING, _docs, checks.RULES[_name].description, _delegate(_name)))


# --- running the rules ----------------------------------------------------------------------------------


def _ignored(dockerfile: ins.Dockerfile) -> tuple[dict[int, set[str]], set[str]]:
    per_line: dict[int, set[str]] = {}
    global_ignores: set[str] = set()
    for node in dockerfile.parsed.nodes:
        for comment in node.comments:
            match = re.match(r"hadolint\s+(global\s+)?ignore=([\w,\s]+)", comment)
            if match:
                codes = {c.strip() for c in match.group(2).split(",") if c.strip()}
                if match.group(1):
                    global_ignores |= codes
                else:
                    per_line.setdefault(node.start_line, set()).update(codes)
    return per_line, global_ignores


def check(
    dockerfile: ins.Dockerfile, context: BuildContext | None = None, bases: dict[int, checks.BaseInfo] | None = None
) -> list[Finding]:
    """Run every rule; findings sorted by line, then rule ID.

    ``bases`` (stage index → what its base image sets) lets the BuildKit checks know the base images'
    variables, shell and working directory; without it they come from the registry catalogue.
    """
    lint = LintInput(dockerfile, context, {s.name.lower() for s in dockerfile.stages if s.name}, bases)
    per_line, global_ignores = _ignored(dockerfile)
    findings: list[Finding] = []
    for item in RULES:
        if item.id in global_ignores:
            continue
        for line, message in item.func(lint):
            if item.id in per_line.get(line, set()):
                continue
            findings.append(Finding(item.id, item.severity, line, message, item.docs, item.check))
    return sorted(findings, key=lambda f: (f.line, f.rule))


def lint_text(text: str, context: BuildContext | None = None) -> list[Finding]:
    """Parse and lint; a parse error becomes a single ``error`` finding (rule ``DockerfileParseError``)."""
    try:
        dockerfile = ins.parse_dockerfile(text)
    except DockerfileError as exc:
        return [Finding("DockerfileParseError", ERROR, exc.line, exc.message, STRUCTURE_DOC)]
    return check(dockerfile, context)
