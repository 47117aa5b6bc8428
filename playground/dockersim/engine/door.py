"""The engine as processes and shells see it: the small public interface they may use, and nothing else.

:mod:`dockersim.engine.process` and :mod:`dockersim.engine.shell` are typed against :class:`EngineDoor`,
never against :class:`~dockersim.engine.engine.Engine`, so neither imports the engine and the engine
imports them one way only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from dockersim.engine.ids import IdGenerator
    from dockersim.engine.model import ImageRecord
    from dockersim.engine.state import ContainerRecord, VolumeRecord
    from dockersim.engine.table import Table


class EngineDoor(Protocol):
    """What a container's process and shell may ask of the engine."""

    volumes: dict[str, VolumeRecord]
    host_files: dict[str, str]
    #: The reader's folder on the host (binds there act on the reader's files; "" for none).
    host_root: str
    #: The reader's terminal width when the page says it (None: unknown).
    terminal_columns: int | None
    #: The images (a container reads the text of the files its image's build copied in).
    images: Table[ImageRecord]
    ids: IdGenerator

    def now(self) -> float:
        """Simulated time."""
        ...

    def finish_process(self, c: ContainerRecord, exit_code: int) -> None:
        """The main process of ``c`` ended with ``exit_code``."""
        ...

    def release_resources(self, c: ContainerRecord) -> None:
        """Free the ports and addresses of a container that could not start."""
        ...

    def primary_ip(self, c: ContainerRecord) -> str:
        """``c``'s address on its first network."""
        ...

    def resolve_host(self, source: ContainerRecord, name: str) -> tuple[str, ContainerRecord | None]:
        """What ``name`` resolves to from inside ``source``."""
        ...

    def reachable(self, source: ContainerRecord, target: ContainerRecord) -> bool:
        """Whether ``source`` can reach ``target`` over a shared network."""
        ...

    def host_port_taken(self, port: int, proto: str = "tcp", exclude: str = "") -> bool:
        """Whether a running container holds ``port`` on the host."""
        ...

    def serves(self, c: ContainerRecord) -> bool:
        """Whether ``c``'s main process is a server or an application that answers requests."""
        ...

    def image_history(self, c: ContainerRecord) -> list[str]:
        """The ``created_by`` lines of ``c``'s image, oldest first."""
        ...
