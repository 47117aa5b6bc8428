"""Programs that exist only inside containers: identity, network tools, servers' clients, runtimes, packages.

They are registered in the one registry of shell utilities (:data:`dockersim.shell.registry.REGISTRY`) and
run on the container's side (:class:`dockersim.engine.shell.ContainerSide`); everything not modelled
answers ``dockersim: … is not modelled by the simulator`` (status 1), never a fake success.
"""

from __future__ import annotations

from dockersim.engine.programs.base import NOT_MODELLED_HINT, ProgramBase
from dockersim.engine.programs.network import NetworkPrograms
from dockersim.engine.programs.runtimes import PACKAGE_PROGRAMS, RuntimePrograms
from dockersim.engine.programs.servers import NGINX_INDEX, ServerPrograms, nginx_response
from dockersim.engine.programs.system import SystemPrograms
from dockersim.shell.registry import REGISTRY, Call

__all__ = [
    "NGINX_INDEX",
    "NOT_MODELLED_HINT",
    "PACKAGE_PROGRAMS",
    "PROGRAM_METHODS",
    "ContainerPrograms",
    "ProgramBase",
    "nginx_response",
]


class ContainerPrograms(SystemPrograms, NetworkPrograms, ServerPrograms, RuntimePrograms):
    """Every container program, as methods ``_cmd_<name>``."""


def _program(call: Call) -> int:
    """Run a container program on the shell's container side (it does not exist in the terminal)."""
    run = getattr(call.host, "run_program", None)
    if not callable(run):
        return call.fail(call.host.not_found(call.name), 127)
    return int(run(call))


#: Program names spelt with a dash (method names cannot hold one).
DASHED = {"redis_cli": "redis-cli", "apt_get": "apt-get"}
#: Program name -> method name.
PROGRAM_METHODS = {DASHED.get(name[5:], name[5:]): name for name in dir(ContainerPrograms) if name.startswith("_cmd_")}
for _name in PROGRAM_METHODS:
    REGISTRY[_name] = _program
