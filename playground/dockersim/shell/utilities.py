"""Every utility of the simulator's shells: :data:`HOMES` names the module that registers each one, imported
the first time a shell runs it (:func:`find`).

So a process imports only the utilities it runs: the browser's memory snapshot holds those of the first
commands (``docker`` alone) and the others come with the rest of the simulator on first use. The table is
declared, and ``tests/dockersim/shell/test_shell_utilities_homes.py`` checks it against what each module
registers, so it cannot drift. Programs that exist only in containers register from
:mod:`dockersim.engine.programs` when the container's side of the shell is imported.
"""

from __future__ import annotations

import importlib

from dockersim.shell.registry import REGISTRY, BreakLoopError, Call, ShellExitError, Utility, utility

__all__ = [
    "HOMES",
    "REGISTRY",
    "BreakLoopError",
    "Call",
    "ShellExitError",
    "Utility",
    "find",
    "load_all",
    "utility",
]

_BY_MODULE: dict[str, tuple[str, ...]] = {
    "builtins": (
        ":", "[", "ash", "bash", "break", "cd", "continue", "dash", "echo", "env", "exit", "export", "false",
        "printenv", "printf", "pwd", "set", "sh", "test", "true", "unset",
    ),
    "fileutils": ("basename", "cat", "cp", "dirname", "ls", "mkdir", "mv", "rm", "tee", "touch"),
    "programs": ("curl", "date", "docker", "docker-compose", "git", "help", "sleep", "sudo", "wget"),
    "textutils": ("cut", "grep", "head", "seq", "sort", "tail", "tr", "uniq", "wc"),
}  # fmt: skip
#: Utility name → the module of :mod:`dockersim.shell` whose ``@utility`` registers it.
HOMES: dict[str, str] = {name: module for module, names in _BY_MODULE.items() for name in names}


def find(name: str) -> Utility | None:
    """The utility registered as ``name`` (its module imported the first time); None when there is none."""
    found = REGISTRY.get(name)
    if found is None and name in HOMES:
        importlib.import_module(f"dockersim.shell.{HOMES[name]}")
        found = REGISTRY.get(name)
    return found


def load_all() -> None:
    """Import every utility module (what a listing of all utilities needs)."""
    for module in _BY_MODULE:
        importlib.import_module(f"dockersim.shell.{module}")
