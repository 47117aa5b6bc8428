"""Image records shared by the engine (which stores them) and the builder (which makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dockersim.engine.plain import to_plain


@dataclass
class LayerRecord:
    """One entry of an image's history: the instruction that made it and the bytes it added.

    ``empty_layer`` is true for metadata-only steps (ENV, CMD, EXPOSE, …), which docker lists in
    ``docker history`` with size 0B and which add no filesystem layer.
    """

    created_by: str
    size: int
    created: float
    empty_layer: bool = False
    comment: str = ""
    digest: str = ""


@dataclass
class ImageConfig:
    """The runtime configuration an image carries (the parts ``docker inspect`` shows under Config)."""

    env: list[str] = field(default_factory=list)
    cmd: list[str] | None = None
    entrypoint: list[str] | None = None
    workdir: str = ""
    user: str = ""
    exposed_ports: list[str] = field(default_factory=list)
    volumes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    healthcheck: dict[str, Any] | None = None
    stop_signal: str = ""
    shell: list[str] | None = None
    onbuild: list[str] = field(default_factory=list)


@dataclass
class ImageRecord:
    """An image in the engine: content ID, names, layers and configuration.

    ``id`` is ``sha256:`` followed by 64 hex digits. ``repo_tags`` are normalized references
    (``nginx:latest``, ``myapp:1.0``); an image with none is dangling. ``size`` is the sum of the
    layer sizes. ``parent_ref`` names the base image it was built from, if any.
    """

    id: str
    repo_tags: list[str]
    layers: list[LayerRecord]
    config: ImageConfig
    created: float
    architecture: str = "amd64"
    os: str = "linux"
    repo_digests: list[str] = field(default_factory=list)
    parent_ref: str = ""
    built_locally: bool = False
    #: Text of the files a build copied in from its context (absolute path -> content), for containers to read.
    files: dict[str, str] = field(default_factory=dict)
    #: Paths its build placed without keeping their text (what RUN steps made: ``/app/node_modules``, ``/app/dist``).
    paths: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Total bytes of the image's layers."""
        return sum(layer.size for layer in self.layers)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return to_plain(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImageRecord:
        """Rebuild a record from :meth:`to_dict` output."""
        fields = dict(data)
        fields["layers"] = [LayerRecord(**layer) for layer in fields.get("layers", [])]
        fields["config"] = ImageConfig(**fields.get("config", {}))
        return cls(**fields)
