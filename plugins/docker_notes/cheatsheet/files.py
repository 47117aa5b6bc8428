"""What a Dockerfile or a Compose file in the notes uses: base images, stages, instructions, services."""

from __future__ import annotations

import re

INSTRUCTION = re.compile(r"^([A-Za-z]+)(\s|$)")
DIRECTIVE = re.compile(r"^#\s*(syntax|escape|check)\s*=", re.IGNORECASE)
KEY = re.compile(r"^(\s*)([A-Za-z0-9_.-]+|\"[^\"]+\"|'[^']+'):(\s|$)")
IMAGE = re.compile(r"^\s+image:\s*[\"']?([^\"'#\s]+)")
KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    }
)  # fmt: skip


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """The instructions of a Dockerfile as ``(KEYWORD, arguments)``, continuation lines joined."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in text.split("\n"):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        logical = (pending + line).strip()
        pending = ""
        match = INSTRUCTION.match(logical)
        if match and match.group(1).upper() in KNOWN_INSTRUCTIONS:
            result.append((match.group(1).upper(), logical[match.end() :].strip()))
    if pending.strip():
        match = INSTRUCTION.match(pending.strip())
        if match and match.group(1).upper() in KNOWN_INSTRUCTIONS:
            result.append((match.group(1).upper(), pending.strip()[match.end() :].strip()))
    return result


def dockerfile_info(text: str) -> dict[str, list[str]]:
    """Base images (``FROM`` that is not an earlier stage), stage names, instructions used and ``COPY --from``."""
    bases: list[str] = []
    stages: list[str] = []
    instructions: list[str] = []
    copy_from: list[str] = []
    for keyword, arguments in dockerfile_instructions(text):
        if keyword not in instructions:
            instructions.append(keyword)
        words = [word for word in arguments.split() if not word.startswith("--")]
        if keyword == "FROM" and words:
            image = words[0]
            if image.lower() not in {stage.lower() for stage in stages} and image not in bases:
                bases.append(image)
            if len(words) >= 3 and words[1].lower() == "as":
                stages.append(words[2])
        if keyword in {"COPY", "ADD"}:
            for word in arguments.split():
                if word.startswith("--from=") and word[7:] not in copy_from:
                    copy_from.append(word[7:])
    return {"base_images": bases, "stages": stages, "instructions": instructions, "copy_from": copy_from}


def compose_info(text: str) -> dict[str, list[str]]:
    """The services of a Compose file (keys one level under ``services:``) and the images they name."""
    services: list[str] = []
    images: list[str] = []
    inside = False
    indent: int | None = None
    for raw in text.split("\n"):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = KEY.match(raw)
        level = len(raw) - len(raw.lstrip())
        if level == 0:
            inside = bool(match and match.group(2) == "services")
            continue
        if not inside:
            continue
        if indent is None:
            indent = level
        if match and level == indent:
            services.append(match.group(2).strip("\"'"))
        image = IMAGE.match(raw)
        if image and image.group(1) not in images:
            images.append(image.group(1))
    return {"services": services, "images": images}
