"""``run_cli``: docker's command-line processing, in docker's order (first error wins).

1. root flags (``HandleGlobalFlags``), 2. cobra ``Traverse`` to the command (each level parses
its own flags), 3. the command's flags, 4. ``--help``, 5. positional arity, 6. client-side
validation, 7. the handler. Every failure is printed as the docker client prints it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dockersim.cli import _helpdata, clientchecks
from dockersim.cli.help import command_help, flag_usages, group_help
from dockersim.cli.pflag import FlagError, FlagSet, ParseResult, parse
from dockersim.cli.registry import GLOBAL_FLAGS, Node, get_tree
from dockersim.cli.spec import Arity, CommandSpec, FlagSpec, GlobalOptions, Options
from dockersim.context import CommandContext, EngineError, SimulatorError

VERSION_LINE = "Docker version 28.2.2, build e6534b4"
_LOG_LEVELS = {"panic", "fatal", "error", "warn", "warning", "info", "debug", "trace"}
_MAX_ARGS = 200_000
_MAX_TOTAL = 16_000_000


class ExitRequestError(Exception):
    """Stop processing with ``code`` (output already written)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _config_dir(env: dict[str, str]) -> str:
    if env.get("DOCKER_CONFIG"):
        return env["DOCKER_CONFIG"]
    return (env.get("HOME") or "/root").rstrip("/") + "/.docker"


def _global_flags(env: dict[str, str]) -> tuple[FlagSpec, ...]:
    cfg = _config_dir(env)
    shown = {"config": cfg, "tlscacert": cfg + "/ca.pem", "tlscert": cfg + "/cert.pem", "tlskey": cfg + "/key.pem"}
    out = []
    for f in GLOBAL_FLAGS:
        if f.long in shown:
            from dataclasses import replace

            f = replace(f, shown_default='"' + shown[f.long] + '"')
        out.append(f)
    return tuple(out)


def root_help(env: dict[str, str], current: dict[str, Any] | None = None) -> str:
    """``docker --help`` with the global options' defaults for this environment."""
    head, _, rest = _helpdata.ROOT_HELP.partition("Global Options:\n")
    _, _, tail = rest.partition("\n\nRun 'docker COMMAND --help'")
    options = flag_usages(_global_flags(env), current=current).rstrip()
    return f"{head}Global Options:\n{options}\n\nRun 'docker COMMAND --help'{tail}"


def node_help(node: Node, env: dict[str, str], current: dict[str, Any] | None = None) -> str:
    """The help text of any node (``current``: flags the reader set, by long name → value)."""
    if node.parent is None:
        return root_help(env, current)
    if node.spec is not None:
        spec = node.spec
        return command_help(
            node.use_line(),
            spec.long or spec.short,
            spec.aliases_line,
            (*spec.flags, *spec.persistent, *node.inherited_flags()),
            current,
        )
    if node.help_text:
        return node.help_text
    visible = [(c.name, c.short) for c in node.children.values() if not c.hidden]
    if node.group_flags or node.description:
        use = node.group_use if node.group_use and node.group_use != node.name else "COMMAND"
        return group_help(node.path, node.description or node.short, visible, node.group_flags, use)
    return group_help(node.path, node.short, visible)


def _usage_block(node: Node, run_word: str = "Run") -> str:
    return f"\n\nUsage:  {node.use_line()}\n\n{run_word} '{node.path} --help' for more information"


def _flag_error(ctx: CommandContext, node: Node, exc: FlagError) -> int:
    ctx.err.write(exc.message + _usage_block(node) + "\n")
    return 125


def _flagset(node: Node, env: dict[str, str]) -> FlagSet:
    if node.parent is None:
        return FlagSet.build(_global_flags(env))
    if node.spec is not None:
        return FlagSet.build((*node.spec.flags, *node.spec.persistent, *node.inherited_flags()))
    return FlagSet.build((*node.group_flags, *node.inherited_flags()))


def _bool_flag(fs: FlagSet, name: str, short: bool) -> bool:
    flag = fs.by_short.get(name[:1]) if short else fs.by_long.get(name)
    return flag is not None and not flag.takes_value


def _traverse(
    ctx: CommandContext, node: Node, args: list[str], env: dict[str, str], state: dict[str, Any]
) -> tuple[Node, list[str]]:
    """cobra ``Command.Traverse``: walk down while words name subcommands, parsing each level's flags."""
    while True:
        fs = _flagset(node, env)
        flags: list[str] = []
        in_flag = False
        for i, arg in enumerate(args):
            if arg.startswith("--") and "=" not in arg:
                in_flag = not _bool_flag(fs, arg[2:], False)
                flags.append(arg)
                continue
            if arg.startswith("-") and "=" not in arg and len(arg) == 2 and not _bool_flag(fs, arg[1:], True):
                in_flag = True
                flags.append(arg)
                continue
            if in_flag:
                in_flag = False
                flags.append(arg)
                continue
            if (len(arg) >= 3 and arg[1] == "-") or (len(arg) >= 2 and arg[0] == "-" and arg[1] != "-"):
                flags.append(arg)
                continue
            child = node.find(arg)
            if child is None:
                return node, args
            try:
                res = parse(fs, flags, env=env)
            except FlagError as exc:
                raise ExitRequestError(_flag_error(ctx, node, exc)) from None
            if res.values.get("help"):
                state["help"] = True
            inherited = state.setdefault("inherited", {})
            for key in res.changed:
                if key in res.values and key != "help":
                    old = inherited.get(key)
                    value = res.values[key]
                    inherited[key] = old + value if isinstance(old, list) and isinstance(value, list) else value
            _notices(ctx, node, res)
            node, args = child, args[i + 1 :]
            break
        else:
            return node, args


def _notices(ctx: CommandContext, node: Node, res: ParseResult) -> None:
    stream = ctx.err if node.parent is None else ctx.out
    for line in res.notices:
        stream.write(line + "\n")
    res.notices.clear()


def _current_values(fs: FlagSet, res: ParseResult) -> dict[str, Any]:
    """Long name → value for the flags the reader set (help's default-text quirk needs them)."""
    out: dict[str, Any] = {}
    for flag in fs.flags:
        if flag.key in res.changed:
            out[flag.long] = res.values.get(flag.key)
    return out


def _plural(n: int) -> str:
    return "argument" if n == 1 else "arguments"


def check_arity(node: Node, arity: Arity, n: int) -> str | None:
    """docker's ``cli/required.go`` message for ``n`` positionals, or None when acceptable."""
    path, use = node.path, node.use_line()
    if arity.kind == "none" and n:
        return f"docker: '{path}' accepts no arguments\n\nUsage:  {use}\n\nRun '{path} --help' for more information"
    if arity.kind == "min" and n < arity.min:
        return (
            f"docker: '{path}' requires at least {arity.min} {_plural(arity.min)}\n\nUsage:  {use}\n\n"
            f"See '{path} --help' for more information"
        )
    if arity.kind == "max" and n > arity.max:
        return (
            f"docker: '{path}' requires at most {arity.max} {_plural(arity.max)}\n\nUsage:  {use}\n\n"
            f"SRun '{path} --help' for more information"
        )
    if arity.kind == "exact" and n != arity.min:
        return (
            f"docker: '{path}' requires {arity.min} {_plural(arity.min)}\n\nUsage:  {use}\n\n"
            f"Run '{path} --help' for more information"
        )
    if arity.kind == "cobra-exact" and n != arity.min:
        return f"accepts {arity.min} arg(s), received {n}"
    if arity.kind == "range" and not arity.min <= n <= arity.max:
        return (
            f"docker: '{path}' requires at least {arity.min} and at most {arity.max} {_plural(arity.max)}"
            f"\n\nUsage:  {use}\n\nRun '{path} --help' for more information"
        )
    return None


def _not_modelled(ctx: CommandContext, path: str) -> int:
    ctx.err.write(f"dockersim: '{path}' is not modelled by the simulator\n")
    return 1


def resolve_handler(dotted: str) -> Any:
    """Import ``module:function``; None when the module or the function does not exist (yet)."""
    module_name, _, func = dotted.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            return None
        raise
    return getattr(module, func, None)


HELP_HELP = "Usage:  docker help [command]\n\nHelp about the command\n"


def _help_command(ctx: CommandContext, root: Node, args: list[str], env: dict[str, str]) -> int:
    """cobra's ``help [command]``: its own (help-only) flags, then ``Root().Find(args)``."""
    try:
        res = parse(FlagSet.build(()), args, env=env)
    except FlagError as exc:
        ctx.err.write(
            f"{exc.message}\n\nUsage:  docker help [command]\n\nRun 'docker help --help' for more information\n"
        )
        return 125
    for line in res.notices:
        ctx.out.write(line + "\n")
    if res.values.get("help"):
        ctx.out.write(HELP_HELP)
        return 0
    node = root
    words = res.args
    for i, word in enumerate(words):
        nxt = node.find(word)
        if nxt is None:
            ctx.err.write(f"unknown help topic: {' '.join(words[i:])}\n")
            return 1
        node = nxt
    if node.stub:
        return _not_modelled(ctx, node.path)
    ctx.out.write(HELP_HELP if node is root.children.get("help") else node_help(node, env))
    return 0


@dataclass
class Prepared:
    """A command line that parsed and passed the client-side checks: ready for its handler."""

    node: Node
    spec: CommandSpec
    opts: Options
    args: list[str]


def prepare(argv: list[str], ctx: CommandContext, *, client_checks: bool = True) -> Prepared | int:
    """Parse and validate one command line; an ``int`` means it already ended (output written).

    Without ``client_checks`` the line is only parsed (flags, arity): the checks that read the reader's
    files (``--env-file``, ``docker cp``'s local path) are left for when it runs.
    """
    env = dict(ctx.env)
    if len(argv) > _MAX_ARGS or sum(len(a) for a in argv) > _MAX_TOTAL:
        ctx.err.write("dockersim: command line too long\n")
        return 1
    root = get_tree()
    root_fs = _flagset(root, env)
    try:
        pre = parse(root_fs, argv, interspersed=False, env=env)
    except FlagError as exc:
        return _flag_error(ctx, root, exc)
    level = str(pre.values.get("log-level", "info"))
    if level.lower() not in _LOG_LEVELS:
        ctx.err.write(f"Unable to parse logging level: {level}\n")
        return 1
    if pre.values.get("context") and pre.values.get("host"):
        ctx.err.write("conflicting options: cannot specify both --host and --context\n")
        return 1
    globals_ = GlobalOptions(
        config=pre.values.get("config", ""),
        context=pre.values.get("context", ""),
        debug=bool(pre.values.get("debug")),
        host=tuple(pre.values.get("host", [])),
        log_level=level,
        tls=bool(pre.values.get("tls")),
        tlsverify=bool(pre.values.get("tlsverify")),
    )
    _notices(ctx, root, pre)
    state: dict[str, Any] = {"help": bool(pre.values.get("help"))}
    try:
        node, args = _traverse(ctx, root, pre.args, env, state)
    except ExitRequestError as stop:
        return stop.code
    if node.name == "help" and node.parent is root:
        return _help_command(ctx, root, args, env)
    if node.stub:
        return _not_modelled(ctx, node.path)
    spec = node.spec
    fs = _flagset(node, env)
    interspersed = spec.interspersed if spec is not None else True
    try:
        res = parse(fs, args, interspersed=interspersed, env=env)
    except FlagError as exc:
        return _flag_error(ctx, node, exc)
    _notices(ctx, node, res)
    want_help = state["help"] or bool(res.values.get("help"))
    current = _current_values(fs, res)
    if node.parent is None:
        if want_help:
            ctx.out.write(root_help(env, _current_values(root_fs, pre) | current))
            return 0
        if res.values.get("version") or pre.values.get("version"):
            ctx.out.write(VERSION_LINE + "\n")
            return 0
        if not res.args:
            ctx.err.write(root_help(env, _current_values(root_fs, pre) | current))
            return 0
        ctx.err.write(f"docker: unknown command: docker {res.args[0]}\n\nRun 'docker --help' for more information\n")
        return 1
    if spec is None:
        if want_help:
            ctx.out.write(node_help(node, env))
            return 0
        if not res.args:
            bare = _helpdata.GROUP_BARE.get(node.path.removeprefix("docker "), "")
            ctx.err.write(bare or node_help(node, env))
            return 0
        ctx.err.write(f"docker: unknown command: {node.path} {res.args[0]}{_usage_block(node)}\n")
        return 1
    if want_help:
        ctx.out.write(node_help(node, env, current))
        return 0
    message = check_arity(node, spec.arity, len(res.args))
    if message:
        ctx.err.write(message + "\n")
        return 1
    values = {k: v for k, v in res.values.items() if k != "help"}
    changed = set(res.changed)
    for key, value in state.get("inherited", {}).items():
        if key not in values:
            continue
        if key in changed and isinstance(value, list) and isinstance(values[key], list):
            values[key] = value + values[key]
        elif key not in changed:
            values[key] = value
        changed.add(key)
    opts = node.options_type(values, changed, spec, globals_, node.path, cwd=Path(ctx.cwd), env=env)
    if client_checks:
        clientchecks.check(spec.path, opts, res.args, node.path)
    return Prepared(node, spec, opts, res.args)


def dispatch(argv: list[str], ctx: CommandContext) -> int:
    """Process one docker command line (without the leading ``docker``)."""
    prepared = prepare(argv, ctx)
    if isinstance(prepared, int):
        return prepared
    spec = prepared.spec
    handler = resolve_handler(spec.handler) if spec.handler else None
    if handler is None:
        return _not_modelled(ctx, prepared.node.path)
    code = handler(ctx, prepared.opts, prepared.args)
    return int(code or 0)


def format_engine_error(exc: SimulatorError, command: str = "") -> str:
    """How the client prints an error a command raised (``run``/``create`` add ``docker:`` and a hint).

    The simulator's own note about the error (``exc.note``, a ``dockersim:`` line) comes last, after docker's text.
    """
    if isinstance(exc, EngineError) and exc.from_daemon:
        text = f"Error response from daemon: {exc.message}"
    else:
        text = exc.message
    if isinstance(exc, EngineError) and command in ("container run", "container create"):
        word = command.split()[-1]
        text = f"docker: {text}\n\nRun 'docker {word} --help' for more information"
    return f"{text}\n{exc.note}" if exc.note else text
