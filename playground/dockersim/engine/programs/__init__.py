"""Programs that exist only inside containers: identity, network tools, servers' clients, runtimes, packages.

They are registered in the one registry of shell utilities (:data:`dockersim.shell.registry.REGISTRY`) and
run on the container's side (:class:`dockersim.engine.shell.ContainerSide`); everything not modelled
answers ``dockersim: … is not modelled by the simulator`` (status 1), never a fake success.

Each program is a method ``_cmd_<name>`` (a dash spelt ``_``) of one family's class; the families load on
first use, so the browser's snapshot, made after a first ``docker run -d nginx``, holds none of them. The
names are declared here (:data:`HOMES`), and ``tests/dockersim/engine/test_engine_programs_homes.py`` checks
them against the families' methods, so the table cannot drift.
"""

from __future__ import annotations

import importlib
from typing import Any

from dockersim.engine.programs.base import NOT_MODELLED_HINT, ProgramBase
from dockersim.shell.registry import REGISTRY, Call

__all__ = [
    "HOMES",
    "NOT_MODELLED_HINT",
    "PROGRAM_METHODS",
    "ContainerPrograms",
    "ProgramBase",
    "nginx_response",
]

_BY_MODULE: dict[str, tuple[str, ...]] = {
    "system": (
        "addgroup", "adduser", "df", "groupadd", "hostname", "id", "ps", "uname", "uptime", "useradd", "which",
        "whoami",
    ),
    "network": ("getent", "ifconfig", "ip", "nslookup", "ping"),
    "servers": ("mongo", "mongosh", "mysql", "nginx", "pg_isready", "psql", "redis-cli"),
    "runtimes": ("apk", "apt", "apt-get", "go", "java", "node", "npm", "pip", "pip3", "python", "python3"),
}  # fmt: skip
#: Program name → the module of this package whose class has its method.
HOMES: dict[str, str] = {name: module for module, names in _BY_MODULE.items() for name in names}
#: Program name → method name.
PROGRAM_METHODS: dict[str, str] = {name: "_cmd_" + name.replace("-", "_") for name in HOMES}
#: Names of this package loaded on first use (PEP 562) → the module that defines them.
_LAZY = {"ContainerPrograms": "container", "nginx_response": "servers"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _program(call: Call) -> int:
    """Run a container program on the shell's container side (it does not exist in the terminal)."""
    run = getattr(call.host, "run_program", None)
    if not callable(run):
        return call.fail(call.host.not_found(call.name), 127)
    return int(run(call))


for _name in PROGRAM_METHODS:
    REGISTRY[_name] = _program
