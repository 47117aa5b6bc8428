"""Every utility of the simulator's shells, registered in :data:`REGISTRY` by importing their modules."""

from __future__ import annotations

from dockersim.shell import builtins, fileutils, programs, textutils
from dockersim.shell.registry import REGISTRY, BreakLoopError, Call, ShellExitError, Utility, utility

__all__ = [
    "REGISTRY",
    "BreakLoopError",
    "Call",
    "ShellExitError",
    "Utility",
    "builtins",
    "fileutils",
    "programs",
    "textutils",
    "utility",
]
