"""One declared unit per docker command (docker/cli's model): declared next to its handler with :func:`command`.

A unit names its canonical path and its handler, and adds what the client's help does not show: what its
positional arguments name (when the use line does not say it), the hidden flags and value checks the client
has, the checks it runs before it contacts the daemon, and its explanation for ``explain``. What help does
show (use line, aliases, flags, types, shown defaults) is never declared by hand: the registry reads it from
the generated docker 28.2.2 help data (``_helpdata``) and merges the two into the command's
:class:`~dockersim.cli.spec.CommandSpec`, whose typed options class (:func:`dockersim.cli.spec.options_class`)
lets a handler read ``o.detach``. Explain, completion and the lessons plugin read units (:func:`unit_for`,
:func:`arg_kinds`) instead of tables of their own. dockersim's own hidden commands (``explain``, ``lint``) are
units too, declaring their whole spec (``own=``).

Declaring modules are imported lazily, one family at a time (:data:`FAMILIES`), so a command never imports the
handlers of other families.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from dockersim.cli.spec import CommandSpec, FlagSpec

_F = TypeVar("_F", bound=Callable[..., Any])

#: Where each command family is declared (first word of the canonical path; ``""``: top-level commands), in the
#: order searched: like docker/cli's ``commands.AddCommands``, a list of where commands live, not of what they are.
FAMILIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "container": ("dockersim.commands.container", "dockersim.commands.container_ops"),
        "image": ("dockersim.commands.image", "dockersim.commands.image_archive", "dockersim.build.command"),
        "volume": ("dockersim.commands.volume",),
        "network": ("dockersim.commands.network",),
        "system": ("dockersim.commands.system",),
        "builder": ("dockersim.commands.builder",),
        "checkpoint": ("dockersim.commands.checkpoint",),
        "context": ("dockersim.commands.contexts",),
        "manifest": ("dockersim.commands.manifest",),
        "plugin": ("dockersim.commands.plugin",),
        "trust": ("dockersim.commands.trust",),
        **dict.fromkeys(("config", "node", "secret", "service", "stack", "swarm"), ("dockersim.commands.swarm",)),
        "": ("dockersim.commands.system", "dockersim.commands.registry"),
        # dockersim's own (hidden) commands
        "explain": ("dockersim.cli.explain",),
        "lint": ("dockersim.build.lint_command",),
    }
)
#: dockersim's own commands (hidden; the client has none of them): their units declare their whole spec (``own=``).
DOCKERSIM_COMMANDS = ("explain", "lint")

#: Use-line words that name an object (``[OPTIONS] CONTAINER [CONTAINER...]``) → the object's kind.
_USE_KINDS = {
    "CONTAINER": "container",
    "NETWORK": "network",
    "VOLUME": "volume",
    "IMAGE": "image",
    "SOURCE_IMAGE": "image",
    "TARGET_IMAGE": "image",
}


@dataclass(frozen=True)
class Arg:
    """What one positional argument names: ``kind`` (``container``, ``image``, ``network``, ``volume``,
    ``context`` (a build context), ``command`` (it and every later argument: the command to run), or ``""``
    (a value)), and ``meaning``, the words ``explain`` gives it (empty: explain's generic wording), with the
    notes' section it links to (``link``; empty: the command's)."""

    kind: str
    meaning: str = ""
    link: str = ""


@dataclass(frozen=True)
class Unit:
    """One docker command as declared next to its handler (see :func:`command`)."""

    path: str
    handler: Callable[..., Any]
    #: what the positional arguments name, in order (the last repeats); None: read from the use line
    args: tuple[Arg, ...] | None = None
    #: flags the client has but help does not list (hidden aliases, buildx's flags, dockersim's own)
    flags: tuple[FlagSpec, ...] = ()
    #: long flag → the value check the client runs while parsing (``dockersim.cli.pflag``'s validators)
    validators: Mapping[str, str] = field(default_factory=dict)
    #: explain's one line for the command and the notes' section it links to
    meaning: str = ""
    link: str = ""
    #: long flag → (meaning, link): explain's words for this command's own flags
    flag_meanings: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: the command pulls an image it does not have (completion offers the registry's names)
    pulls: bool = False
    #: what the client checks before it contacts the daemon (``dockersim.cli.clientchecks``): raises ClientError
    check: Callable[[Any, list[str]], None] | None = None
    #: a dockersim-only command's whole spec (use, descriptions, arity, flags): the client has no help for it
    own: CommandSpec | None = None

    @property
    def handler_name(self) -> str:
        """``module:function``, as the spec and HANDLERS.md name it."""
        return f"{self.handler.__module__}:{self.handler.__name__}"


_UNITS: dict[str, Unit] = {}
_SEARCHED: set[str] = set()


def command(
    path: str,
    *,
    args: tuple[Arg, ...] | None = None,
    flags: tuple[FlagSpec, ...] = (),
    validators: Mapping[str, str] | None = None,
    explain: tuple[str, str] | None = None,
    flag_meanings: Mapping[str, tuple[str, str]] | None = None,
    pulls: bool = False,
    check: Callable[[Any, list[str]], None] | None = None,
    own: CommandSpec | None = None,
) -> Callable[[_F], _F]:
    """Declare the handler below as docker command ``path`` (canonical, ``"container run"``)."""

    def register(handler: _F) -> _F:
        meaning, link = explain or ("", "")
        _UNITS[path] = Unit(
            path,
            handler,
            args,
            flags,
            dict(validators or {}),
            meaning,
            link,
            dict(flag_meanings or {}),
            pulls,
            check,
            own,
        )
        return handler

    return register


def declare(handler: Callable[..., Any], *paths: str) -> None:
    """Declare one handler for several commands that answer alike (the swarm family on a non-manager)."""
    for path in paths:
        command(path)(handler)


def unit_for(path: str) -> Unit | None:
    """The unit declared for canonical ``path``, importing its family's declaring modules as needed."""
    unit = _UNITS.get(path)
    if unit is not None:
        return unit
    family = path.split()[0] if " " in path or path in DOCKERSIM_COMMANDS else ""
    for module in FAMILIES.get(family, ()):
        if module not in _SEARCHED:
            _SEARCHED.add(module)
            importlib.import_module(module)
            if path in _UNITS:
                return _UNITS[path]
    return _UNITS.get(path)


def all_units() -> dict[str, Unit]:
    """Every declared unit (imports every declaring module)."""
    for modules in FAMILIES.values():
        for module in modules:
            if module not in _SEARCHED:
                _SEARCHED.add(module)
                importlib.import_module(module)
    return dict(_UNITS)


def use_kinds(use: str, count: int) -> list[str]:
    """The kind of object each of ``count`` positional arguments names, read from a use line
    (``[OPTIONS] CONTAINER [CONTAINER...]``): ``command`` from ``COMMAND`` on, ``""`` where no object is named."""
    kinds: list[str] = []
    for word in use.split("\n")[0].split():
        if word == "[OPTIONS]":
            continue
        head = word.strip("[]").removesuffix("...").split(":")[0].split("|")[0]
        kind = "command" if head == "COMMAND" else _USE_KINDS.get(head, "")
        if kind == "command" or word.endswith(("...]", "...")):
            kinds += [kind] * max(0, count - len(kinds))
            break
        kinds.append(kind)
    return (kinds + [""] * count)[:count]


def arg_kinds(path: str, use: str, count: int) -> list[str]:
    """The kind each of ``count`` positional arguments of command ``path`` names (``""``: none): the unit's
    declared ``args`` (a ``command`` takes every later argument) or, when it declares none, its use line."""
    unit = unit_for(path)
    if unit is None or unit.args is None:
        return use_kinds(use, count)
    kinds: list[str] = []
    for arg in unit.args:
        if arg.kind == "command":
            kinds += ["command"] * max(0, count - len(kinds))
            break
        kinds.append(arg.kind)
    return (kinds + [""] * count)[:count]
