"""The one registry of shell utilities (:data:`REGISTRY`) and what a utility receives (:class:`Call`).

Every shell of the simulator (terminal, containers) runs these.

Utilities touch files only through :class:`~dockersim.shell.files.Files` and the world only through the
shell's :class:`~dockersim.shell.host.Host`, so ``cat``, ``wc`` or ``curl`` behave the same in the terminal
and inside a container; BusyBox images word their errors as BusyBox does. Programs that only exist in
containers (``ping``, ``psql``, ``redis-cli``…) register here too, from :mod:`dockersim.engine.shell`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockersim.shell.files import FileError, Files
from dockersim.shell.host import Host

if TYPE_CHECKING:
    from dockersim.shell.interpreter import Shell, ShellResult

QUANTIFIED_GROUP = re.compile(r"\)[*+?{]")


class ShellExitError(Exception):
    """``exit [N]``: the shell ends with status ``code``."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class BreakLoopError(Exception):
    """``break [N]`` / ``continue [N]`` (``proceed``) out of ``levels`` loops."""

    def __init__(self, levels: int, proceed: bool) -> None:
        super().__init__(levels)
        self.levels = levels
        self.proceed = proceed


@dataclass
class Call:
    """One utility invocation: its arguments, stdin, environment, the shell and where to print."""

    args: list[str]
    stdin: str
    env: dict[str, str]
    shell: Shell
    result: ShellResult
    name: str = ""

    @property
    def files(self) -> Files:
        """The shell's file system."""
        return self.shell.files

    @property
    def host(self) -> Host:
        """Where the shell runs."""
        return self.shell.host

    def out(self, text: str) -> None:
        """Print to stdout."""
        self.result.emit("stdout", text)

    def err(self, text: str) -> None:
        """Print to stderr."""
        self.result.emit("stderr", text)

    def say(self, text: str) -> None:
        """Print a line to stdout (adds the newline)."""
        self.out(text if text.endswith("\n") or not text else text + "\n")

    def fail(self, text: str, code: int = 1) -> int:
        """Print a line to stderr and return ``code``."""
        self.err(text if text.endswith("\n") else text + "\n")
        return code

    def cannot(self, gnu: str, busybox: str, name: str, reason: str) -> str:
        """``gnu`` or ``busybox`` wording (``{name}``, ``{reason}`` filled in) for this host."""
        return (busybox if self.host.busybox else gnu).format(name=name, reason=reason, prog=self.name)


Utility = Callable[[Call], int]
#: Every utility, by program name. Which ones exist in a given place is the host's answer.
REGISTRY: dict[str, Utility] = {}


def utility(*names: str) -> Callable[[Utility], Utility]:
    """Register a utility under one or more names."""

    def register(function: Utility) -> Utility:
        for name in names:
            REGISTRY[name] = function
        return function

    return register


def options(args: list[str], known: str) -> tuple[set[str], list[str]]:
    """Split short options (``-la``) from operands, as getopt does for simple utilities."""
    flags: set[str] = set()
    operands: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            operands.extend(args[index + 1 :])
            break
        if arg.startswith("-") and len(arg) > 1 and not operands and all(char in known for char in arg[1:]):
            flags.update(arg[1:])
        else:
            operands.append(arg)
    return flags, operands


def each_operand(call: Call, names: list[str], action: Callable[[str], int | None], gnu: str, busybox: str) -> int:
    """Apply ``action`` to each operand as coreutils do: go on after a failure and exit 1 if any failed."""
    status = 0
    for name in names:
        try:
            if action(name):
                status = 1
        except FileError as error:
            call.err(call.cannot(gnu, busybox, name, error.reason) + "\n")
            status = 1
    return status
