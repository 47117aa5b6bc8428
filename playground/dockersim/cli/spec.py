"""Declared command specs (cobra ``Command`` + pflag ``Flag`` as data) and the parsed ``Options``."""

from __future__ import annotations

import keyword
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: pflag type names (as shown in help) → the zero value ``Options`` holds when the flag is unset.
LIST_TYPES = {
    "list",
    "strings",
    "filter",
    "mount",
    "ulimit",
    "network",
    "stringArray",
    # swarm's repeatable option types (docker/cli opts): each use appends one item
    "config",
    "secret",
    "pref",
    "port",
    "external-ca",
    "ipNetSlice",
}
#: list types whose every use appends one converted item
APPEND_TYPES = {"list", "mount", "ulimit", "network", "stringArray", "config", "secret", "pref", "port", "external-ca"}
MAP_TYPES = {"map", "stringToString"}


@dataclass(frozen=True)
class FlagSpec:
    """One flag: ``--long``/``-s``, its pflag type, typed default and help text.

    ``shown_default`` is the text help prints as ``(default X)`` (``None``: nothing printed).
    ``dest`` names the ``Options`` key when a hidden alias shares another flag's value
    (``--net`` → ``network``). ``validator`` names a value check from :mod:`dockersim.cli.flagtypes`.
    """

    long: str
    short: str = ""
    type: str = "bool"
    default: Any = None
    help: str = ""
    hidden: bool = False
    deprecated: str = ""
    shown_default: str | None = None
    dest: str = ""
    validator: str = ""
    #: for docker's own option types (``opts.DurationOpt``…): the default text pflag prints once the flag is set
    set_default: str | None = None

    @property
    def key(self) -> str:
        """The ``Options`` key this flag writes."""
        return self.dest or self.long

    @property
    def takes_value(self) -> bool:
        """Whether the flag consumes a value (every type but bool)."""
        return self.type != "bool"

    def zero(self) -> Any:
        """The value ``Options`` holds when the reader did not set the flag."""
        if self.default is not None:
            return list(self.default) if isinstance(self.default, list) else self.default
        if self.type == "bool":
            return False
        if self.type in LIST_TYPES:
            return []
        if self.type in MAP_TYPES:
            return {}
        if self.type in ("int", "uint16", "uint", "uint32", "uint64", "bytes", "int64"):
            return 0
        if self.type in ("decimal", "duration", "float"):
            return 0.0
        return ""


@dataclass(frozen=True)
class Arity:
    """Positional-argument rule; the kinds give docker's different error texts."""

    kind: str = "any"  # "none" | "exact" | "min" | "max" | "range" | "cobra-exact" (cobra's own text) | "any"
    min: int = 0
    max: int = 0

    @staticmethod
    def none() -> Arity:
        """``accepts no arguments``."""
        return Arity("none")

    @staticmethod
    def exact(n: int) -> Arity:
        """``requires N argument(s)``."""
        return Arity("exact", n, n)

    @staticmethod
    def at_least(n: int) -> Arity:
        """``requires at least N argument(s)``."""
        return Arity("min", n)

    @staticmethod
    def at_most(n: int) -> Arity:
        """``requires at most N argument(s)``."""
        return Arity("max", 0, n)

    @staticmethod
    def between(lo: int, hi: int) -> Arity:
        """``requires at least LO and at most HI arguments``."""
        return Arity("range", lo, hi)


@dataclass(frozen=True)
class CommandSpec:
    """One command: canonical ``path`` (``"container run"``), other paths it answers to, its use line,
    descriptions, flags, arity, handler (``"module:function"``) and whether flags may follow
    positionals (``interspersed``; false for run/create/exec/tag).

    ``persistent`` flags of a group spec are inherited by its subcommands (compose's ``-f``/``-p``).
    """

    path: str
    use: str = ""
    short: str = ""
    long: str = ""
    aliases: tuple[str, ...] = ()
    aliases_line: str = ""
    flags: tuple[FlagSpec, ...] = ()
    arity: Arity = field(default_factory=Arity)
    handler: str = ""
    interspersed: bool = True
    hidden: bool = False
    persistent: tuple[FlagSpec, ...] = ()

    @property
    def name(self) -> str:
        """Last word of the canonical path."""
        return self.path.split()[-1]

    def flag(self, long: str) -> FlagSpec | None:
        """The flag declared with this long name, if any."""
        for f in (*self.flags, *self.persistent):
            if f.long == long:
                return f
        return None


@dataclass(frozen=True)
class GlobalOptions:
    """The docker root flags given before the command (``-H``, ``--context``, ``-D`` …)."""

    config: str = ""
    context: str = ""
    debug: bool = False
    host: tuple[str, ...] = ()
    log_level: str = "info"
    tls: bool = False
    tlsverify: bool = False


class Options(Mapping[str, Any]):
    """The parsed flags of one command: long name (or ``dest``) → typed value, defaults filled in.

    ``opts["publish"]``, ``opts.get("rm")`` and ``opts.publish`` (dashes as underscores) all work;
    ``opts.changed("rm")`` tells whether the reader set the flag.
    """

    def __init__(
        self,
        values: dict[str, Any],
        changed: set[str] | None = None,
        spec: CommandSpec | None = None,
        globals_: GlobalOptions | None = None,
        command_path: str = "",
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self._values = values
        self._changed = set(changed or ())
        self.spec = spec
        self.globals = globals_ or GlobalOptions()
        #: the command path as typed by the reader (``docker container run``)
        self.command_path = command_path
        #: the working directory and environment the command line ran in (for --env-file, -v ./x)
        self.cwd = cwd if cwd is not None else Path("/")
        #: (named ``environ`` so it never shadows the ``--env`` flag's ``opts.env``)
        self.environ: dict[str, str] = dict(env or {})

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        values = self.__dict__.get("_values", {})
        for key in (name, name.replace("_", "-")):
            if key in values:
                return values[key]
        raise AttributeError(name)

    def changed(self, name: str) -> bool:
        """Whether the reader set flag ``name`` (long name or dest)."""
        return name in self._changed

    def as_dict(self) -> dict[str, Any]:
        """A plain copy of the values."""
        return dict(self._values)

    def __repr__(self) -> str:
        return f"Options({self._values!r}, changed={sorted(self._changed)!r})"

    @classmethod
    def from_spec(cls, spec: CommandSpec, overrides: Mapping[str, Any] | None = None) -> Options:
        """The command's typed options with every default filled in, then ``overrides`` (flag keys) applied:
        how Compose and tests call a handler without a command line."""
        values = {f.key: f.zero() for f in (*spec.flags, *spec.persistent)}
        values.update(overrides or {})
        return options_class(spec)(values, set(overrides or ()), spec, command_path="docker " + spec.path)


def attribute_name(key: str) -> str:
    """The attribute a flag's value has on typed options: dashes as underscores, a keyword with ``_`` after
    (``--no-trunc`` → ``no_trunc``, ``--from`` → ``from_``)."""
    name = key.replace("-", "_")
    return name + "_" if keyword.iskeyword(name) else name


_OPTION_CLASSES: dict[int, tuple[CommandSpec, type[Options]]] = {}


def _reader(key: str) -> property:
    return property(lambda self: self._values[key])


def options_class(spec: CommandSpec) -> type[Options]:
    """The typed options of one command, made from its flag facts: an :class:`Options` whose every flag is an
    attribute (``o.detach``, ``o.no_trunc``) holding the value typed as pflag converts it (made once per spec)."""
    made = _OPTION_CLASSES.get(id(spec))
    if made is not None and made[0] is spec:
        return made[1]
    name = "".join(word.capitalize() for word in spec.path.replace("-", " ").split()) + "Options"
    members: dict[str, Any] = {"__doc__": f"Typed options of ``docker {spec.path}``."}
    for flag in (*spec.flags, *spec.persistent):
        members.setdefault(attribute_name(flag.key), _reader(flag.key))
    cls = type(name, (Options,), members)
    _OPTION_CLASSES[id(spec)] = (spec, cls)
    return cls
