"""The ``docker build`` handler: read the context and Dockerfile, build, print BuildKit's output.

Progress goes to stderr (as ``docker build`` prints it); ``-q``/``--progress=quiet`` prints only the
image ID on stdout. ``--explain-cache`` (dockersim's own hidden flag) adds one ``dockersim cache:`` line
per step. Structured results land in ``ctx.data["build"]`` whatever the flags.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockersim.build.builder import BuildOptions, BuildResult, build
from dockersim.build.context import BuildContext, from_directory
from dockersim.build.parser import MAX_DOCKERFILE_BYTES, DockerfileError
from dockersim.build.plan import normalize_image
from dockersim.build.progress import human_bytes
from dockersim.cli import links
from dockersim.cli.spec import FlagSpec, Options
from dockersim.cli.unit import Arg, command
from dockersim.context import CommandContext, NotModelledError, Stream
from dockersim.hostfile import read_text

PROGRESS_MODES = ("auto", "plain", "tty", "quiet", "rawjson")


def parse_build_args(values: list[str], env: Mapping[str, str]) -> dict[str, str]:
    """``--build-arg K=V`` (or ``K``, which takes the value from the environment when it is set)."""
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if sep:
            out[name] = value
        elif name in env:
            out[name] = env[name]
    return out


def excerpt(lines: list[str], first: int, last: int, name: str = "Dockerfile") -> list[str]:
    """buildx's source excerpt: ``Dockerfile:N`` and the lines around the failing ones marked ``>>>``."""
    last = max(last, first)
    start, end = max(1, first - 2), min(len(lines), last + 2)
    body = []
    for number in range(start, end + 1):
        mark = ">>> " if first <= number <= last else "    "
        body.append(f"{number:>4} | {mark}{lines[number - 1]}".rstrip())
    return [f"{name}:{first}" if first == last else f"{name}:{first}-{last}", "-" * 20, *body, "-" * 20]


def print_failure(result: BuildResult, err: Stream, dockerfile_name: str) -> None:
    """The failure epilogue buildx prints after the progress."""
    if result.error_step:
        err.line("------")
        err.line(f" > {result.error_step}:")
        for line in result.error_logs[-10:]:
            err.line(line)
        err.line("------")
    if result.error_line and result.dockerfile_lines:
        end = result.error_end_line or result.error_line
        for line in excerpt(result.dockerfile_lines, result.error_line, end, dockerfile_name):
            err.line(line)
    message = result.error
    if not message.startswith("failed to solve") and not message.startswith("lint violation"):
        message = f"failed to solve: {message}"
    prefix = "ERROR: " if message.startswith("lint violation") else "ERROR: failed to build: "
    err.line(prefix + message)
    if result.error_note:
        err.line(result.error_note)


def print_warnings(result: BuildResult, err: Stream, *, blank_line: bool = False) -> None:
    """buildx's build-check summary after the progress display (before the error of a failed build).

    buildx starts it with a newline: after the TTY frame that is a blank line; the plain display
    already ends with one.
    """
    if not result.warnings:
        return
    if blank_line:
        err.write("\n")
    count = len(result.warnings)
    err.line(f" {count} warning{'s' if count != 1 else ''} found (use docker --debug to expand):")
    for warning in result.warnings:
        err.line(f" - {warning.short}")


def print_explanations(result: BuildResult, out: Stream) -> None:
    """dockersim's own cache explanation: one line per step."""
    for step in result.steps:
        state = "CACHED" if step.cached else "RUN"
        if step.kind == "from":
            state = "REUSED" if step.cached else "NEW"
        out.line(
            f"dockersim cache: [{f'{step.stage} ' if result.multi_stage else ''}{step.index}/{step.total}] "
            f"{step.instruction}: {state} ({step.reason})"
        )


def _opt(opts: Mapping[str, Any], name: str, default: Any) -> Any:
    value = opts.get(name, default)
    return default if value is None else value


#: flags help does not list: dockersim's ``--explain-cache``, and buildx's (the simulator's build models
#: BuildKit, i.e. ``docker build`` with the buildx plugin installed, the normal case), hidden so that
#: ``docker build --help`` stays the 28.2.2 client's text.
_HIDDEN_FLAGS = (
    FlagSpec("explain-cache", hidden=True, help="Explain every cache hit and miss (dockersim)"),
    *(
        FlagSpec(long, short, ftype, default, f"(buildx) {long}", hidden=True)
        for long, short, ftype, default in (
            ("allow", "", "stringArray", None),
            ("annotation", "", "stringArray", None),
            ("attest", "", "stringArray", None),
            ("build-context", "", "stringArray", None),
            ("builder", "", "string", None),
            ("cache-to", "", "stringArray", None),
            ("call", "", "string", "build"),
            ("check", "", "bool", None),
            ("load", "", "bool", None),
            ("metadata-file", "", "string", None),
            ("no-cache-filter", "", "stringArray", None),
            ("output", "o", "stringArray", None),
            ("progress", "", "string", "auto"),
            ("provenance", "", "string", None),
            ("push", "", "bool", None),
            ("sbom", "", "string", None),
            ("secret", "", "stringArray", None),
            ("ssh", "", "stringArray", None),
        )
    ),
)


@command(
    "image build",
    args=(Arg("context", "the build context: the directory (or URL) sent to the builder", links.DOCKERFILE),),
    flags=_HIDDEN_FLAGS,
    validators={
        "add-host": "add-host",
        "tag": "reference",
        "build-arg": "env",
        "label": "label",
        "ulimit": "ulimit",
        "memory-swap": "memswap",
    },
    explain=("build an image from a Dockerfile and a build context", links.BUILD),
    flag_meanings={
        "tag": ("name (and tag) the image being built", links.DOCKERFILE),
        "file": ("use this Dockerfile instead of ./Dockerfile", links.BUILD),
        "build-arg": ("set a build-time ARG value", "advanced.md#arg-examples"),
        "no-cache": ("rebuild every step, ignoring the build cache", links.CACHE),
        "target": ("stop at this stage of a multi-stage Dockerfile", "advanced.md#multi-stage-builds"),
        "pull": ("always fetch a newer base image", links.CACHE),
        "explain-cache": ("(simulator) explain why each step was a cache hit or miss", links.CACHE),
        "quiet": ("print only the final image ID", links.DOCKERFILE),
    },
)
def run_build(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker build [OPTIONS] PATH`` (``vertex-prefix``, not a flag: Compose's step names, ``[web 1/3]``)."""
    path = args[0] if args else "."
    if ctx.env.get("DOCKER_BUILDKIT") == "0":
        raise NotModelledError("the legacy builder (DOCKER_BUILDKIT=0)")
    if path == "-":
        raise NotModelledError("'docker build -' (reading the build context from stdin)")
    if path.startswith(("http://", "https://", "git@", "github.com/")):
        raise NotModelledError("building from a remote context (URL or git repository)")
    root = Path(os.path.normpath(ctx.cwd / path))
    try:
        found = root.is_dir()
    except OSError:  # a name longer than the file system allows (ENAMETOOLONG): not found either
        found = False
    if not found:
        ctx.err.line(f'ERROR: unable to prepare context: path "{path}" not found')
        return 1
    progress = str(opts.progress) or "auto"
    if progress not in PROGRESS_MODES:
        ctx.err.line(f'ERROR: invalid progress mode "{progress}"')
        return 1
    quiet = bool(opts.quiet) or progress == "quiet"
    file_opt = str(opts.file)
    tags = list(opts.tag)
    for tag in tags:
        try:
            normalize_image(tag)
        except DockerfileError as exc:
            ctx.err.line(f'ERROR: invalid tag "{tag}": {exc.detail}')
            return 1
    if file_opt == "-":
        text, name, dockerfile_path = ctx.stdin, "Dockerfile", None
    else:
        dockerfile_path = Path(os.path.normpath(ctx.cwd / file_opt)) if file_opt else root / "Dockerfile"
        name = dockerfile_path.name
        if not dockerfile_path.is_file():
            shown = file_opt or "Dockerfile"
            ctx.err.line(
                f"ERROR: failed to build: failed to solve: failed to read dockerfile: open {shown}: "
                "no such file or directory"
            )
            return 1
        try:
            text = read_text(dockerfile_path, MAX_DOCKERFILE_BYTES)  # read once, bounded
        except OSError as error:
            bound = f"{MAX_DOCKERFILE_BYTES} bytes (the simulator bounds a Dockerfile)"
            reason = (
                f"{dockerfile_path.name} is larger than {bound}"
                if error.errno == errno.EFBIG
                else f"read {file_opt or 'Dockerfile'}: {(error.strerror or 'cannot read').lower()}"
            )
            ctx.err.line(f"ERROR: failed to build: failed to solve: failed to read dockerfile: {reason}")
            return 1
    context = from_directory(root, dockerfile_path)
    options = BuildOptions(
        tags=tags,
        dockerfile_name=name,
        build_args=parse_build_args(list(opts.build_arg), ctx.env),
        target=str(opts.target),
        no_cache=bool(opts.no_cache),
        identity=f"{root}|{dockerfile_path or '-'}",
        labels=dict(item.partition("=")[::2] for item in opts.label),
        pull=bool(opts.pull),
    )
    if bool(opts.check) or str(opts.call) == "check":
        return run_check(ctx, context, text, options, progress=progress)
    code = finish(
        ctx,
        context,
        text,
        options,
        progress=progress,
        quiet=quiet,
        explain=bool(opts.explain_cache),
        prefix=str(_opt(opts, "vertex-prefix", "")),
    )
    iidfile = str(opts.iidfile)
    if code == 0 and iidfile:
        try:
            (ctx.cwd / iidfile).write_text(ctx.data["build"]["image_id"], encoding="utf-8")
        except OSError as error:  # buildx returns os.WriteFile's error as it is
            ctx.err.line(f"ERROR: open {iidfile}: {(error.strerror or 'cannot write').lower()}")
            return 1
    return code


def prefixed(prefix: str, name: str) -> str:
    """BuildKit's ``progresswriter`` prefix: inside the leading ``[…]`` if there is one, else a new one."""
    return f"[{prefix} {name[1:]}" if name.startswith("[") else f"[{prefix}] {name}"


def run_check(ctx: CommandContext, context: BuildContext, text: str, options: BuildOptions, *, progress: str) -> int:
    """``docker build --check``: the checks over every stage, each printed with its rule page and excerpt.

    Nothing is built; base images are only resolved (``load metadata``). Exit status 1 when anything
    was reported, as buildx returns.
    """
    from dockersim.build import checks
    from dockersim.build.progress import Progress
    from dockersim.build.runsim import jitter

    result = checks.run_checks(text, context=context, build_args=options.build_args)
    shown = Progress()
    definition = shown.start(f"[internal] load build definition from {options.dockerfile_name}")
    definition.statuses.append(f"transferring dockerfile: {human_bytes(len(text.encode('utf-8', 'replace')))} done")
    if result.error is None:
        for reference in _base_references(text, options.build_args):
            vertex = shown.start(f"[internal] load metadata for {normalize_image(reference)[1]}")
            vertex.duration = round(jitter(reference, 0.4, 1.6), 1)
        ignore = shown.start("[internal] load .dockerignore")
        ignore.statuses.append(f"transferring context: {human_bytes(context.dockerignore_size or 2)} done")
    if progress != "quiet":
        shown.render(progress, ctx.err)
    warnings = checks.sorted_warnings(result.warnings)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not warnings and result.error is None:
        ctx.out.line("Check complete, no warnings found.")
        return 0
    if warnings:
        count = "1 warning has been found!" if len(warnings) == 1 else f"{len(warnings)} warnings have been found!"
        ctx.out.line(f"Check complete, {count}")
    for warning in warnings:
        ctx.out.line("")
        ctx.out.line(f"WARNING: {warning.rule} - {warning.url}")
        ctx.out.line(warning.message)
        if warning.line > 0:
            for line in excerpt(lines, warning.line, warning.line, options.dockerfile_name):
                ctx.out.line(line)
    if result.error is not None:
        error = result.error
        if error.line and lines:
            for line in excerpt(lines, error.line, error.line, options.dockerfile_name):
                ctx.err.line(line)
        ctx.err.line(f"ERROR: failed to build: failed to solve: {error.message}")
    return 1


def _base_references(text: str, build_args: Mapping[str, str]) -> list[str]:
    """The image references the stages are built on (stage names and ``scratch`` left out), once each."""
    from dockersim.build.instructions import parse_dockerfile
    from dockersim.build.plan import _base_of, global_arg_values

    try:
        dockerfile = parse_dockerfile(text)
        values = global_arg_values(dockerfile, dict(build_args))
        bases = [_base_of(dockerfile, stage, values) for stage in dockerfile.stages]
    except DockerfileError:
        return []
    return list(dict.fromkeys(value for kind, value in bases if kind == "image"))


def finish(
    ctx: CommandContext,
    context: BuildContext,
    text: str,
    options: BuildOptions,
    *,
    progress: str = "plain",
    quiet: bool = False,
    explain: bool = False,
    prefix: str = "",
) -> int:
    """Build and print; shared by the handler and the playground's build-from-files entry point.

    ``prefix`` names the vertices as Compose does for a service's build (``[web internal] …``,
    ``[web 1/3] FROM …``, ``[web] exporting to image``).
    """
    result = build(ctx.engine, context, text, options)
    if prefix:
        for vertex in result.progress.vertices:
            vertex.name = prefixed(prefix, vertex.name)
    ctx.data["build"] = result.to_data()
    if not quiet:
        result.progress.render(progress, ctx.err)
    if explain:
        print_explanations(result, ctx.err)
    if not quiet:
        print_warnings(result, ctx.err, blank_line=progress in ("tty", "auto"))
    if not result.ok:
        print_failure(result, ctx.err, options.dockerfile_name)
        return 1
    if quiet:
        assert result.image is not None
        ctx.out.line(result.image.id)
    return 0


def build_files(
    ctx: CommandContext,
    files: Mapping[str, str | bytes],
    *,
    dockerfile: str = "Dockerfile",
    tags: list[str] | None = None,
    build_args: dict[str, str] | None = None,
    target: str = "",
    no_cache: bool = False,
    progress: str = "plain",
    explain: bool = False,
) -> int:
    """Build from an in-memory mapping ``path → content`` (the playground's editor), same output and data."""
    from dockersim.build.context import from_files

    text = files.get(dockerfile)
    if text is None:
        ctx.err.line(
            f"ERROR: failed to build: failed to solve: failed to read dockerfile: open {dockerfile}: "
            "no such file or directory"
        )
        return 1
    content = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    context = from_files(dict(files))
    options = BuildOptions(
        tags=list(tags or []),
        dockerfile_name=dockerfile,
        build_args=dict(build_args or {}),
        target=target,
        no_cache=no_cache,
        identity=f"files|{dockerfile}",
    )
    return finish(ctx, context, content, options, progress=progress, explain=explain)
