"""Tab completion for the playground terminal: commands, subcommands, flags and object names.

Commands and flags come from the CLI's own spec tree (one table for parsing, help and completion);
object names come from the engine through ordinary docker listing commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockersim.cli import get_tree
from dockersim.session import Session
from dockersim.shell.host import TerminalHost

#: Which objects a command's positional arguments name, by canonical command path prefix.
OBJECT_KIND = {
    "docker volume": "volume",
    "docker network connect": "network+container",
    "docker network disconnect": "network+container",
    "docker network": "network",
    "docker image": "image",
    "docker container run": "image",
    "docker container create": "image",
    "docker image build": "none",
    "docker container": "container",
    "docker compose": "service",
}
LISTINGS = {
    "container": ["ps", "-a", "--format", "{{.Names}}"],
    "image": ["images", "--format", "{{.Repository}}:{{.Tag}}"],
    "volume": ["volume", "ls", "--format", "{{.Name}}"],
    "network": ["network", "ls", "--format", "{{.Name}}"],
}


#: Longest command (characters) whose words are completed; a longer one gets no candidates, at once.
MAX_COMPLETE_CHARS = 20_000


@dataclass(frozen=True)
class Completion:
    """Where the word being completed starts in the line, and the candidates for it."""

    start: int
    candidates: list[str]


def complete(session: Session, line: str, cursor: int | None = None) -> Completion:
    """Candidates for the word under the cursor of a shell ``line`` (linear in its length, and capped)."""
    cursor = len(line) if cursor is None else max(0, min(cursor, len(line)))
    head = line[:cursor]
    separators = ("&&", "||", ";", "|", "$(", "`", "\n")
    segment_start = max([head.rfind(sep) + len(sep) for sep in separators if sep in head] + [0])
    segment = head[segment_start:]
    if len(segment) > MAX_COMPLETE_CHARS:
        return Completion(cursor, [])
    words = segment.split()
    current = "" if not segment or segment[-1].isspace() else words.pop()
    start = cursor - len(current)
    if not words:
        names = ["docker", "docker-compose", *TerminalHost.PROGRAMS]
        return Completion(start, sorted(name for name in set(names) if name.startswith(current)))
    if words[0] not in {"docker", "docker-compose"}:
        return Completion(start, [])
    node = get_tree()
    rest = ["compose", *words[1:]] if words[0] == "docker-compose" else words[1:]
    positionals = 0
    for word in rest:
        found = node.find(word) if not word.startswith("-") and positionals == 0 else None
        if found is not None:
            node = found
        elif not word.startswith("-"):
            positionals += 1
    if current.startswith("-"):
        flags = [*(node.spec.flags if node.spec else ()), *node.inherited_flags(), *node.group_flags]
        names = {f"--{flag.long}" for flag in flags if not flag.hidden} | {
            f"-{flag.short}" for flag in flags if flag.short and not flag.hidden
        }
        return Completion(start, sorted(name for name in names if name.startswith(current)))
    if node.children and positionals == 0:
        names = {name for name, child in node.children.items() if not child.hidden}
        return Completion(start, sorted(name for name in names if name.startswith(current)))
    kind = next((kind for prefix, kind in OBJECT_KIND.items() if node.path.startswith(prefix)), "container")
    if kind == "image" and node.path.startswith("docker container") and positionals > 0:
        return Completion(start, [])
    return Completion(start, sorted(name for name in _object_names(session, kind) if name.startswith(current)))


def _object_names(session: Session, kind: str) -> set[str]:
    names: set[str] = set()
    for part in kind.split("+"):
        if part == "service":
            result = session.run(["compose", "config", "--services"])
        elif part in LISTINGS:
            result = session.run(LISTINGS[part])
        else:
            continue
        if result.exit_code == 0:
            names.update(line.strip() for line in result.stdout.splitlines() if line.strip() and "<none>" not in line)
    return names
