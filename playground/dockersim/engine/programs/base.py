"""What every container program receives: the container's side of the shell, and how to print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.shell.registry import Call

if TYPE_CHECKING:
    from dockersim.engine.door import EngineDoor
    from dockersim.engine.state import ContainerRecord, VolumeRecord
    from dockersim.engine.users import Passwd

NOT_MODELLED_HINT = "dockersim: '{}' is not modelled by the simulator"


class ProgramBase:
    """Methods ``_cmd_<name>(args) -> status`` run with :attr:`call` set by the container's side."""

    engine: EngineDoor
    c: ContainerRecord
    call: Call
    env: dict[str, str]
    user: str
    keeps_running: bool

    def say(self, text: str) -> None:
        """Print a line to stdout."""
        self.call.say(text)

    def fail(self, text: str, code: int = 1) -> int:
        """Print to stderr and return ``code``."""
        return self.call.fail(text, code)

    # provided by the container's side (dockersim.engine.shell.ContainerSide)
    username: str
    uid: int

    def id_line(self, who: str = "") -> str | None:  # pragma: no cover - overridden
        """What ``id`` prints."""
        raise NotImplementedError

    def passwd_now(self) -> Passwd:  # pragma: no cover - overridden
        """The container's accounts as they are now."""
        raise NotImplementedError

    def read_raw(self, path: str) -> str | None:  # pragma: no cover - overridden
        """A file's text, or None."""
        raise NotImplementedError

    def _mount_for(self, path: str) -> tuple[dict[str, object], str] | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _volume(self, m: dict[str, object]) -> VolumeRecord | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _user_network(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError
