"""Image references as distribution/reference parses and normalizes them.

The one implementation of the reference grammar. :func:`parse_reference` words its errors as the
daemon does; :func:`parse_client_reference` is the same parse worded as the docker CLI words it
(``dockersim.cli.values`` re-exports it as ``parse_reference``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dockersim.context import SimulatorError

_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(
    rf"^(?P<name>(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*)(?::(?P<tag>{_TAG}))?(?:@(?P<digest>{_DIGEST}))?$"
)
#: The client compiles the grammar ASCII-only (``\w`` in tags matches no accented letters).
_REFERENCE_ASCII = re.compile(_REFERENCE.pattern, re.ASCII)
_ANY_CASE = re.compile(rf"^(?P<name>(?:{_DOMAIN}/)?[a-zA-Z0-9._/-]+)(?::(?P<tag>{_TAG}))?(?:@(?P<digest>{_DIGEST}))?$")
_HEX64 = re.compile(r"^[a-f0-9]{64}$")

DEFAULT_DOMAIN = "docker.io"


class InvalidReferenceError(SimulatorError):
    """A reference that distribution/reference rejects."""


def _familiar_name(domain: str, path: str) -> str:
    """The short repository name docker shows: ``nginx``, ``user/app``, ``ghcr.io/o/i``."""
    if domain == DEFAULT_DOMAIN:
        return path.removeprefix("library/")
    return f"{domain}/{path}"


@dataclass(frozen=True)
class Reference:
    """A parsed reference: ``domain/path:tag@digest`` with docker's defaults applied."""

    domain: str
    path: str
    tag: str = ""
    digest: str = ""
    tag_given: bool = False

    @property
    def repository(self) -> str:
        """Familiar repository name: ``nginx``, ``user/app``, ``ghcr.io/owner/image``."""
        return _familiar_name(self.domain, self.path)

    @property
    def familiar(self) -> str:
        """``nginx:latest`` / ``nginx@sha256:…``: how docker prints the reference to people."""
        if self.digest and not self.tag_given:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag or 'latest'}"

    @property
    def canonical(self) -> str:
        """``docker.io/library/nginx:latest``."""
        suffix = f"@{self.digest}" if self.digest and not self.tag_given else f":{self.tag or 'latest'}"
        return f"{self.domain}/{self.path}{suffix}"

    @property
    def is_docker_hub(self) -> bool:
        """Whether the reference points at Docker Hub."""
        return self.domain == DEFAULT_DOMAIN


def split_domain(name: str) -> tuple[str, str]:
    """Split ``name`` into (domain, path) with docker's rules (``library/`` for official images)."""
    first, sep, rest = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost" or first.lower() != first):
        domain, path = first, rest
    else:
        domain, path = DEFAULT_DOMAIN, name
    if domain == "index.docker.io":
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and "/" not in path:
        path = f"library/{path}"
    return domain, path


def parse_reference(text: str) -> Reference:
    """Parse and normalize ``text``; raises a SimulatorError with distribution's message."""
    if not text or (len(text) > 255 and ":" not in text):
        raise InvalidReferenceError("invalid reference format")
    match = _REFERENCE.match(text)
    if match is None:
        loose = _ANY_CASE.match(text)
        if loose and loose.group("name") != loose.group("name").lower():
            domain, path = split_domain(loose.group("name"))
            if path != path.lower():
                raise InvalidReferenceError(f"invalid reference format: repository name ({path}) must be lowercase")
        raise InvalidReferenceError("invalid reference format")
    name = match.group("name")
    domain, path = split_domain(name)
    if path != path.lower():
        raise InvalidReferenceError(f"invalid reference format: repository name ({path}) must be lowercase")
    tag = match.group("tag") or ""
    digest = match.group("digest") or ""
    if digest.startswith("sha256:") and len(digest) != 71:
        raise InvalidReferenceError("invalid reference format")
    return Reference(domain, path, tag or ("" if digest else "latest"), digest, bool(tag))


@dataclass(frozen=True)
class ImageRef:
    """A reference as the docker CLI keeps it: ``tag`` only when typed; tag and digest both printed."""

    domain: str
    path: str
    tag: str = ""
    digest: str = ""

    @property
    def name(self) -> str:
        """Full repository name: ``docker.io/library/nginx``."""
        return f"{self.domain}/{self.path}"

    @property
    def familiar_name(self) -> str:
        """The short name docker shows: ``nginx``, ``user/app``, ``ghcr.io/o/i``."""
        return _familiar_name(self.domain, self.path)

    @property
    def canonical(self) -> str:
        """``docker.io/library/nginx:latest`` (tag ``latest`` implied when neither tag nor digest)."""
        return self.name + self._tag_and_digest()

    @property
    def familiar(self) -> str:
        """``nginx:latest`` form (tag implied)."""
        return self.familiar_name + self._tag_and_digest()

    def _tag_and_digest(self) -> str:
        text = ":" + (self.tag or "latest") if self.tag or not self.digest else ""
        return text + ("@" + self.digest if self.digest else "")


def parse_client_reference(text: str) -> ImageRef:
    """The docker CLI's ``ParseNormalizedNamed``, with the client's exact error texts."""
    if is_full_hex_id(text):
        raise InvalidReferenceError(f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = split_domain(text)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise InvalidReferenceError(f"invalid reference format: repository name ({remote}) must be lowercase")
    full = f"{domain}/{remainder}"
    match = _REFERENCE_ASCII.match(full)
    if not match:
        if _REFERENCE_ASCII.match(full.lower()):
            raise InvalidReferenceError("invalid reference format: repository name must be lowercase")
        raise InvalidReferenceError("invalid reference format")
    name = match.group("name")
    if len(name) > 255:
        raise InvalidReferenceError("repository name must not be more than 255 characters")
    digest = match.group("digest") or ""
    if digest.startswith("sha256:") and len(digest) != 71:
        raise InvalidReferenceError("invalid checksum digest length")
    dom, _, path = name.partition("/")
    return ImageRef(domain=dom, path=path, tag=match.group("tag") or "", digest=digest)


def is_full_hex_id(text: str) -> bool:
    """Whether ``text`` is a bare 64-hex ID (which pull/tag refuse as a repository name)."""
    return bool(_HEX64.match(text))


def familiar(text: str) -> str:
    """Normalize a user-typed reference to ``repo:tag`` (best effort, never raises)."""
    try:
        return parse_reference(text).familiar
    except SimulatorError:
        return text
