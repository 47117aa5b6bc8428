"""What a command line expects to exist and what it makes, read with the simulator's own parser and specs.

Which flags take a value and which positional arguments name a container, a network or a volume are the
docker client's facts: they come from the simulator's parser (its flag types) and each command's declared
unit (``dockersim.cli.unit.arg_kinds``: the unit's arguments, else its use line, ``[OPTIONS] CONTAINER
[CONTAINER...]``), never from tables of our own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docker_notes.playground.tryit import docker_calls

Obj = tuple[str, str]
"""``(kind, name)``: kind is ``container``, ``network``, ``volume`` or ``image``."""

BUILTIN_NETWORKS = frozenset({"bridge", "host", "none", "default"})
#: the objects a lesson's set-up can make for a line's arguments (images come from ``images_run``)
_KINDS = frozenset({"container", "network", "volume"})
_PLAIN_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
_HEXISH = re.compile(r"^(?=[0-9a-f]*\d)[0-9a-f]{3,64}$")


@lru_cache(maxsize=4096)
def parsed_calls(line: str) -> tuple[tuple[str, Any, tuple[str, ...], str], ...]:
    """Each docker segment of ``line`` as the simulator's client parses it: (path, options, arguments, kinds).

    The path has no leading ``docker`` (``run``, ``container stop``, ``volume create``); ``kinds`` says which
    arguments name a container, a network or a volume (None for the others). A segment the client refuses to
    parse is left out. Checks that read the reader's files (``--env-file``) are skipped.
    """
    from dockersim.cli.dispatch import Prepared, prepare
    from dockersim.cli.unit import arg_kinds
    from dockersim.context import SimulatorError

    session = _parsing_session()
    found = []
    for call in docker_calls(line):
        try:
            prepared = prepare(list(call), session.context(), client_checks=False)
        except SimulatorError:
            continue
        if isinstance(prepared, Prepared):
            path = prepared.node.path.split(" ", 1)[1] if " " in prepared.node.path else ""
            spec = prepared.spec
            kinds = tuple(k if k in _KINDS else None for k in arg_kinds(spec.path, spec.use, len(prepared.args)))
            found.append((path, prepared.opts, tuple(prepared.args), kinds))
    return tuple(found)


@lru_cache(maxsize=1)
def _parsing_session() -> Any:
    """One engine-less use of the simulator's client: parsing only, nothing runs (made once per build)."""
    from dockersim.session import Session

    return Session(seed=0, cwd="/")


def _command(path: str) -> str:
    """``container stop`` and ``stop`` are one command."""
    return path.removeprefix("container ").removeprefix("image ")


def _named(word: str) -> bool:
    """A name the notes gave (not an ID, a variable or a placeholder)."""
    return bool(_PLAIN_NAME.match(word)) and not _HEXISH.match(word)


def _opt(opts: Any, name: str) -> Any:
    return opts.get(name) if hasattr(opts, "get") else None


def _volume_names(specs: list[str]) -> list[str]:
    """Named volumes of ``-v name:/path`` values (not bind mounts)."""
    return [spec.split(":", 1)[0] for spec in specs if ":" in spec and _named(spec.split(":", 1)[0])]


@lru_cache(maxsize=4096)
def expects(line: str) -> tuple[Obj, ...]:
    """Containers, networks and volumes the line's docker commands act on and expect to exist."""
    found: list[Obj] = []
    for path, opts, args, kinds in parsed_calls(line):
        command = _command(path)
        if command in {"run", "create"}:
            for network in _opt(opts, "network") or []:
                if _named(network) and network not in BUILTIN_NETWORKS:
                    found.append(("network", network))
            for source in _opt(opts, "volumes-from") or []:
                if _named(source.split(":")[0]):
                    found.append(("container", source.split(":")[0]))
            continue
        if command == "cp":
            found += [("container", arg.split(":")[0]) for arg in args if ":" in arg and _named(arg.split(":")[0])]
            continue
        if command in {"volume create", "network create"}:
            continue
        for kind, arg in zip(kinds, args, strict=True):
            if kind and _named(arg) and not (kind == "network" and arg in BUILTIN_NETWORKS):
                found.append((kind, arg))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def makes(line: str) -> tuple[Obj, ...]:
    """Containers, networks, volumes and images the line's docker commands make."""
    found: list[Obj] = []
    for path, opts, args, _kinds in parsed_calls(line):
        command = _command(path)
        if command in {"run", "create"}:
            if _named(_opt(opts, "name") or ""):
                found.append(("container", _opt(opts, "name")))
            found += [("volume", name) for name in _volume_names(_opt(opts, "volume") or [])]
        elif command == "rename" and len(args) == 2 and _named(args[1]):
            found.append(("container", args[1]))
        elif command == "volume create":
            names = [*args[:1], *([_opt(opts, "name")] if _opt(opts, "name") else [])]
            found += [("volume", name) for name in names if _named(name)]
        elif command == "network create" and args and _named(args[0]):
            found.append(("network", args[0]))
        elif command == "build" and path != "builder build":
            found += [("image", str(tag)) for tag in _opt(opts, "tag") or []]
        elif command in {"tag", "commit"} and len(args) == 2:
            found.append(("image", args[1]))
        elif command == "pull" and args:
            found.append(("image", args[0]))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def images_run(line: str) -> tuple[str, ...]:
    """Images the line starts containers from, or tags and pushes: they must be there first."""
    found = []
    for path, _opts, args, _kinds in parsed_calls(line):
        command = _command(path)
        if command in {"run", "create", "tag", "push"} and args:
            found.append(args[0])
    return tuple(found)


def removes_stopped(line: str, name: str) -> bool:
    """Whether the line removes container ``name`` without ``-f``: the notes mean a stopped one."""
    return any(
        _command(path) == "rm" and name in args and not _opt(opts, "force")
        for path, opts, args, _kinds in parsed_calls(line)
    )


def stand_in(kind: str, name: str) -> str:
    """The line that makes an object the notes never show how to make."""
    if kind == "volume":
        return f"docker volume create {name}"
    if kind == "network":
        return f"docker network create {name}"
    if kind == "image":
        return f"docker pull -q nginx && docker tag nginx {name}"
    return f"docker run -d --name {name} nginx"
