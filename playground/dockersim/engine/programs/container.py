"""Every container program as one class: the methods ``_cmd_<name>`` of the four families, which the container's
side (:class:`dockersim.engine.shell.ContainerSide`) answers from once the first program runs."""

from __future__ import annotations

from dockersim.engine.programs.network import NetworkPrograms
from dockersim.engine.programs.runtimes import RuntimePrograms
from dockersim.engine.programs.servers import ServerPrograms
from dockersim.engine.programs.system import SystemPrograms


class ContainerPrograms(SystemPrograms, NetworkPrograms, ServerPrograms, RuntimePrograms):
    """Every container program, as methods ``_cmd_<name>``."""
