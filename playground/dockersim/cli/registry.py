"""The command tree (cobra's parent/child commands) built from the spec table, plus subtree registration."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from dockersim.cli import specs as cmdspecs
from dockersim.cli.spec import CommandSpec, FlagSpec, Options, options_class
from dockersim.cli.unit import DOCKERSIM_COMMANDS

#: docker's root (global) flags; ``--config`` and the TLS defaults depend on the config directory.
GLOBAL_FLAGS: tuple[FlagSpec, ...] = (
    FlagSpec("config", "", "string", help="Location of client config files"),
    FlagSpec(
        "context",
        "c",
        "string",
        help="Name of the context to use to connect to the daemon (overrides "
        'DOCKER_HOST env var and default context set with "docker context use")',
    ),
    FlagSpec("debug", "D", "bool", help="Enable debug mode"),
    FlagSpec("host", "H", "list", help="Daemon socket to connect to"),
    FlagSpec(
        "log-level",
        "l",
        "string",
        default="info",
        shown_default='"info"',
        help='Set the logging level ("debug", "info", "warn", "error", "fatal")',
    ),
    FlagSpec("tls", "", "bool", help="Use TLS; implied by --tlsverify"),
    FlagSpec("tlscacert", "", "string", help="Trust certs signed only by this CA"),
    FlagSpec("tlscert", "", "string", help="Path to TLS certificate file"),
    FlagSpec("tlskey", "", "string", help="Path to TLS key file"),
    FlagSpec("tlsverify", "", "bool", help="Use TLS and verify the remote"),
    FlagSpec("version", "v", "bool", help="Print version information and quit"),
)


@dataclass(eq=False)
class Node:
    """One cobra command: a leaf with a spec, a management group, the root, or a listed-but-unmodelled stub."""

    name: str
    parent: Node | None = None
    #: the spec, once made (a listed command's is made on first use: see :attr:`spec`)
    declared: CommandSpec | None = None
    #: the canonical path of the command this leaf runs, whose spec is made on first use
    canonical: str = ""
    children: dict[str, Node] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    short: str = ""
    group_use: str = ""
    group_flags: tuple[FlagSpec, ...] = ()
    hidden: bool = False
    stub: bool = False
    description: str = ""
    #: a management command's help exactly as the client prints it (generated), when known
    help_text: str = ""

    @cached_property
    def spec(self) -> CommandSpec | None:
        """The command's spec (None for groups, the root and stubs); made from its unit on first use."""
        if self.declared is None and self.canonical:
            self.declared = cmdspecs.spec_for(self.canonical)
        return self.declared

    @cached_property
    def options_type(self) -> type[Options]:
        """The typed options class of the command's spec (made once)."""
        assert self.spec is not None
        return options_class(self.spec)

    @property
    def is_leaf(self) -> bool:
        """A command that runs (has a spec), without making the spec."""
        return self.declared is not None or bool(self.canonical)

    @property
    def path(self) -> str:
        """``docker container ls`` (names, never aliases, as cobra's ``CommandPath``)."""
        if self.parent is None:
            return self.name
        return f"{self.parent.path} {self.name}"

    @property
    def is_group(self) -> bool:
        """A management command (has subcommands)."""
        return self.parent is not None and not self.is_leaf and not self.stub

    def find(self, word: str) -> Node | None:
        """The child named or aliased ``word`` (cobra ``findNext``)."""
        if word in self.children:
            return self.children[word]
        for child in self.children.values():
            if word in child.aliases:
                return child
        return None

    def inherited_flags(self) -> tuple[FlagSpec, ...]:
        """Persistent flags of the enclosing groups (compose's ``-f``/``-p``)."""
        out: list[FlagSpec] = []
        node = self.parent
        while node is not None and node.parent is not None:
            out.extend(node.group_flags)
            node = node.parent
        return tuple(out)

    def use_line(self) -> str:
        """cobra ``UseLine`` (docker disables ``[flags]``)."""
        if self.parent is None:
            return "docker [OPTIONS] COMMAND [ARG...]"
        if self.spec is not None:
            return f"{self.path} {self.spec.use}" if self.spec.use else self.path
        if self.group_use and self.group_use.split()[0] == self.path.split()[1]:
            return f"docker {self.group_use}"
        return f"{self.parent.path} {self.group_use or self.name}"


@dataclass
class _Subtree:
    name: str
    specs: tuple[CommandSpec, ...]
    group: CommandSpec | None


_SUBTREES: dict[str, _Subtree] = {}
_TREE: list[Node] = []


def register_subtree(name: str, specs: Iterable[CommandSpec], group: CommandSpec | None = None) -> None:
    """Mount a command subtree ``docker <name> <sub>`` (used for ``compose``).

    ``specs`` have paths ``"<name> <sub>"``; ``group`` (optional, path ``"<name>"``) gives the group's
    short description and its persistent flags, which every subcommand inherits.
    """
    items = list(specs)
    for spec in items:
        if spec.path == name:
            group = group or spec
    _SUBTREES[name] = _Subtree(name, tuple(s for s in items if s.path != name), group)
    _TREE.clear()


def unregister_subtree(name: str) -> None:
    """Remove a subtree registered with :func:`register_subtree` (tests use this to clean up)."""
    _SUBTREES.pop(name, None)
    _TREE.clear()


def _autoload_compose() -> None:
    if "compose" in _SUBTREES:
        return
    try:
        mod = importlib.import_module("dockersim.compose.specs")
    except ModuleNotFoundError as exc:
        if exc.name and "dockersim.compose.specs".startswith(exc.name):
            return
        raise
    specs = getattr(mod, "COMPOSE_SPECS", None)
    if specs:
        register_subtree("compose", specs, getattr(mod, "COMPOSE_GROUP", None))


def _attach(
    root: Node,
    path: str,
    spec: CommandSpec | None,
    aliases: Iterable[str] = (),
    *,
    canonical: str = "",
    short: str = "",
) -> Node:
    words = path.split()
    parent = root
    for word in words[:-1]:
        nxt = parent.children.get(word)
        if nxt is None:
            nxt = Node(word, parent, short=cmdspecs.GROUP_SHORTS.get(word, ""))
            parent.children[word] = nxt
        parent = nxt
    node = parent.children.get(words[-1])
    if node is None or node.stub:
        if spec is not None:
            node = Node(words[-1], parent, declared=spec, short=spec.short, hidden=spec.hidden)
        else:
            node = Node(words[-1], parent, canonical=canonical, short=short)
        parent.children[words[-1]] = node
    node.aliases.extend(a for a in aliases if a not in node.aliases)
    return node


def build_tree() -> Node:
    """Build (uncached) the root node with every modelled, listed and registered command."""
    root = Node("docker")
    for name, short in cmdspecs.root_commands().items():
        root.children[name] = Node(name, root, short=short, stub=True)
    for group, subs in cmdspecs._helpdata.GROUP_COMMANDS.items():
        words = group.split()
        parent = root
        for word in words[:-1]:
            parent = parent.children[word]
        node = Node(
            words[-1],
            parent,
            short=cmdspecs.GROUP_SHORTS.get(group, ""),
            group_use=cmdspecs.GROUP_USES.get(group, ""),
            group_flags=cmdspecs.GROUP_FLAGS.get(group, ()),
            help_text=cmdspecs._helpdata.GROUP_HELP.get(group, ""),
        )
        parent.children[words[-1]] = node
        for sub, short in subs.items():
            if f"{group} {sub}" not in cmdspecs._helpdata.GROUP_COMMANDS:
                node.children[sub] = Node(sub, node, short=short, stub=True)
    for path in cmdspecs._helpdata.COMMANDS:
        aliases = cmdspecs.aliases_of(path)
        parent_words = path.split()[:-1]
        short = cmdspecs.short_of(path)
        _attach(root, path, None, [a.split()[-1] for a in aliases if a.split()[:-1] == parent_words],
                canonical=path, short=short)  # fmt: skip
        for alias in aliases:
            if alias.split()[:-1] != parent_words:
                _attach(root, alias, None, canonical=path, short=short)
    for path in DOCKERSIM_COMMANDS:
        _attach(root, path, None, canonical=path).hidden = True
    _autoload_compose()
    for sub in _SUBTREES.values():
        group = Node(
            sub.name,
            root,
            short=sub.group.short if sub.group else "Docker Compose",
            group_flags=sub.group.persistent if sub.group else (),
            group_use=sub.group.use if sub.group else "",
            description=(sub.group.long or sub.group.short) if sub.group else "",
        )
        root.children[sub.name] = group
        for spec in sub.specs:
            _attach(root, spec.path, spec, [a.split()[-1] for a in spec.aliases])
    help_node = Node("help", root, short="Help about any command", hidden=True)
    root.children["help"] = help_node
    return root


def get_tree() -> Node:
    """The cached command tree."""
    if not _TREE:
        _TREE.append(build_tree())
    return _TREE[0]


def find_spec(path: str) -> CommandSpec | None:
    """The spec answering to ``path`` (canonical or alias, e.g. ``"ps"``)."""
    node: Node | None = get_tree()
    for word in path.split():
        node = node.find(word) if node else None
    return node.spec if node else None


def all_specs() -> list[CommandSpec]:
    """Every distinct spec in the tree (canonical order; makes every spec, importing every declaring module)."""
    seen: dict[str, CommandSpec] = {}

    def walk(node: Node) -> None:
        if node.spec is not None:
            seen.setdefault(node.spec.path, node.spec)
        for child in node.children.values():
            walk(child)

    walk(get_tree())
    return list(seen.values())


_HANDLERS_INTRO = """# Command paths → handlers (the contract between `dockersim.cli` and the handler modules)

Generated from the command registry (`dockersim.cli.registry.handlers_markdown`): do not edit by hand;
regenerate with `python -c "from dockersim.cli.registry import handlers_markdown as h; print(h(), end='')" >
playground/HANDLERS.md` (a test fails when this file and the registry disagree).

Every command path of the docker 28.2.2 client is one declared unit (`dockersim.cli.unit`): the handler
carries `@command("container run", …)` (or `declare(handler, *paths)` for commands that answer alike), which
names the path and adds what help does not show: what the positional arguments name when the use line does not
say it (`args=(Arg("image", …), Arg("command", …))`), hidden flags and the client's value checks (`flags=`,
`validators=`), what the client checks before it contacts the daemon (`check=`, a function of
`cli/clientchecks.py`), explain's words (`explain=`, `flag_meanings=`) and whether it pulls (`pulls=`). What
help shows is never declared by hand: usage, aliases, flags, their types and shown defaults come from the
client's help tree (`cli/_helpdata.py`, generated by `tests/dockersim/cli/tools/gen_helpdata.py`), arity and
interspersing from the client's own errors. `cli/unit.py`'s `FAMILIES` says which modules declare each family;
a family's modules are imported the first time one of its commands is needed. Top-level shortcuts are aliases
of the canonical path and share its spec and handler.

`opts` is the command's typed options (`dockersim.cli.spec.options_class(spec)`, made from the flag facts): each
flag is an attribute (`o.detach`, `o.no_trunc`, `o.build_arg`; a keyword gets `_`: `o.from_`) and a key
(`o["no-trunc"]`) holding its typed value with docker's default filled in: `bool`, `str`, `int`, `float`
(CPUs), `int` bytes (memory sizes), `float` seconds (durations), `list[str]` (repeatable list flags, in order).
`o.changed(name)` tells whether the reader set it. Code that calls a handler without a command line (Compose,
tests) makes them with `Options.from_spec(find_spec(path), {"flag": value})`. For `run`/`create`,
`dockersim.cli.runopts.container_spec(opts, args)` returns the validated `dockersim.runspec.ContainerSpec`
(or raises the `SimulatorError` the docker client prints).

| canonical path | aliases | arity | handler |
| --- | --- | --- | --- |
"""


def _arity_text(spec: CommandSpec) -> str:
    a = spec.arity
    return {
        "none": "none",
        "exact": f"{a.min}",
        "cobra-exact": f"{a.min}",
        "min": f"≥ {a.min}",
        "max": f"≤ {a.max}",
        "range": f"{a.min}–{a.max}",
    }.get(a.kind, "any")


def handlers_markdown() -> str:
    """``playground/HANDLERS.md``: every declared command path, its aliases, arity and handler."""
    rows = []
    for spec in sorted(all_specs(), key=lambda s: (s.path.startswith("compose"), s.hidden, s.path)):
        path = (
            f"(dockersim only, hidden) {spec.path}"
            if spec.hidden and not spec.path.startswith("compose")
            else spec.path
        )
        aliases = ", ".join(a for a in spec.aliases if a != spec.path)
        rows.append(f"| {path} | {aliases} | {_arity_text(spec)} | `{spec.handler}` |\n")
    return _HANDLERS_INTRO + "".join(rows)
