"""The docker 28.2.2 command specs: each command's generated help facts merged with its declared unit.

Flag names, shorthands, types, usage texts, shown defaults, aliases, arity and interspersing come from
``_helpdata`` (generated from the real client's help and errors); the handler, hidden flags and value checks
come from the command's unit, declared next to its handler (:mod:`dockersim.cli.unit`). A spec is made the
first time its command is needed (:func:`spec_for`), importing only that command's family.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from dockersim.cli import _helpdata
from dockersim.cli.spec import Arity, CommandSpec, FlagSpec
from dockersim.cli.unit import Unit, unit_for

#: pflag type → the value check every flag of that type runs (docker/cli's option types validate while parsing)
_TYPE_VALIDATORS = {"mount": "mount", "ulimit": "ulimit"}

_ROOT_SHORTS: dict[str, str] = {}


def _root_shorts() -> dict[str, str]:
    if not _ROOT_SHORTS:
        for line in _helpdata.ROOT_HELP.splitlines():
            if line.startswith("  ") and not line.startswith("   ") and not line.lstrip().startswith("-"):
                name, _, short = line.strip().partition(" ")
                _ROOT_SHORTS[name] = short.strip()
    return _ROOT_SHORTS


def root_commands() -> dict[str, str]:
    """Every top-level command the real client lists in ``docker --help`` → its short description."""
    return dict(_root_shorts())


def _typed_default(ftype: str, shown: str | None) -> Any:
    if shown is None:
        return None
    if ftype == "bool":
        return shown == "true"
    if ftype == "string":
        return json.loads(shown)
    if ftype in ("int", "uint16", "uint", "uint32", "int64", "uint64"):
        return int(shown)
    if ftype == "float":
        return float(shown)
    if ftype == "duration":
        return 0.0
    if ftype == "map":
        return {}
    return [] if shown == "[]" else None


#: docker/cli's own option types in the swarm commands: pflag judges them by their current value, so once set,
#: help prints their registration-time text as the default (``(default )``, ``(default 0)`` for Float64Opt).
_OPT_TYPES = {"config": "", "secret": "", "pref": "", "port": "", "external-ca": "", "credential-spec": "",
              "command": "", "float": "0"}  # fmt: skip


def _set_default(path: str, name: str, ftype: str, shown: str | None) -> str | None:
    if shown is not None:
        return None
    if ftype in _OPT_TYPES:
        return _OPT_TYPES[ftype]
    # opts.DurationOpt / opts.Uint64Opt; the update-* and rollback-* settings and --replicas-max-per-node
    # (a plain uint64) are pflag's own types
    own = name.startswith(("update-", "rollback-")) or name == "replicas-max-per-node"
    if path.startswith("service ") and ftype in ("duration", "uint") and not own:
        return ""
    return None


def _flags(path: str, raw: list[tuple[str, str, str, str, str | None]], unit: Unit | None) -> tuple[FlagSpec, ...]:
    validators = unit.validators if unit is not None else {}
    out = [
        FlagSpec(
            long,
            short,
            ftype,
            _typed_default(ftype, shown),
            usage,
            shown_default=shown,
            validator=validators.get(long, "") or _TYPE_VALIDATORS.get(ftype, ""),
            set_default=_set_default(path, long, ftype, shown),
        )
        for short, long, ftype, usage, shown in raw
    ]
    return (*out, *(unit.flags if unit is not None else ()))


def short_of(path: str) -> str:
    """The command's one-line description, as its parent lists it."""
    words = path.split()
    if len(words) >= 2:
        return _helpdata.GROUP_COMMANDS[" ".join(words[:-1])][words[-1]]
    return _root_shorts()[words[0]]


def aliases_of(path: str) -> tuple[str, ...]:
    """The other paths the client answers ``path`` to (``ps``, ``container list`` for ``container ls``)."""
    line = _helpdata.COMMANDS[path]["aliases"]
    return tuple(a.removeprefix("docker ") for a in line.split(", ") if a and a != f"docker {path}")


_SPECS: dict[str, CommandSpec] = {}


def spec_for(path: str) -> CommandSpec:
    """The spec of a command the client lists (canonical ``path``): help facts plus its declared unit."""
    spec = _SPECS.get(path)
    if spec is not None:
        return spec
    if path not in _helpdata.COMMANDS:  # dockersim's own: its unit declares the whole spec
        unit = unit_for(path)
        assert unit is not None and unit.own is not None, path
        spec = _SPECS[path] = replace(unit.own, path=path, handler=unit.handler_name, hidden=True)
        return spec
    data = _helpdata.COMMANDS[path]
    kind, lo, hi = data["arity"]
    unit = unit_for(path)
    spec = CommandSpec(
        path=path,
        use=data["use"].removeprefix(f"docker {path}").lstrip(" "),
        short=short_of(path),
        long=data["description"],
        aliases=aliases_of(path),
        aliases_line=data["aliases"],
        flags=_flags(path, data["flags"], unit),
        arity=Arity(kind, lo, hi),
        handler=unit.handler_name if unit is not None else "",
        interspersed=data["interspersed"],
    )
    _SPECS[path] = spec
    return spec


def build_specs() -> list[CommandSpec]:
    """Every docker command's spec (imports every declaring module)."""
    return [spec_for(path) for path in _helpdata.COMMANDS]


#: management command path → the usage its "unknown command" error prints (``volume COMMAND``, ``swarm``).
GROUP_USES = dict(_helpdata.GROUP_USES)
#: management command path → its short description (as its parent lists it).
GROUP_SHORTS = {
    path: (_helpdata.GROUP_COMMANDS[" ".join(path.split()[:-1])][path.split()[-1]] if " " in path else "")
    or _root_shorts().get(path, "")
    for path in _helpdata.GROUP_COMMANDS
}
#: hidden persistent flags of management commands (``docker stack --orchestrator``, deprecated and ignored).
GROUP_FLAGS: dict[str, tuple[FlagSpec, ...]] = {
    "stack": (FlagSpec("orchestrator", type="string", hidden=True, deprecated="option will be ignored"),),
}
