"""The small shell layer around docker commands: ``$(…)``, ``&&``, ``||``, ``|``, variables, heredocs, a few utilities.

The playground's terminal and "Try it" send whole shell lines here; docker and docker-compose commands go
to the simulator, a handful of shell utilities are modelled, and anything else is answered with a clear
"not available in the simulator". Nothing here runs a real process or touches files outside the
working directory.
"""

from __future__ import annotations

from dockersim.shell.interpreter import Shell, ShellResult

__all__ = ["Shell", "ShellResult"]
