"""Tab completion for the playground terminal: commands, subcommands, flags and object names.

Commands and flags come from the CLI's own spec tree (one table for parsing, help and completion), what an
argument names from the command's declared unit (``dockersim.cli.unit``); object names come from the engine
through ordinary docker listing commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockersim.cli import get_tree
from dockersim.cli.registry import Node
from dockersim.cli.spec import FlagSpec
from dockersim.cli.unit import arg_kinds, unit_for
from dockersim.engine.catalogue import all_tags
from dockersim.engine.catalogue_data import REPOS
from dockersim.session import Session
from dockersim.shell.host import TerminalHost

#: The objects whose names complete an argument: what a command's unit says its argument names.
OBJECTS = ("container", "image", "network", "volume")
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
    flag_value = False  # the word before was a flag that takes a value (`--name web`)
    for word in rest:
        if flag_value:
            flag_value = False
            continue
        found = node.find(word) if not word.startswith("-") and positionals == 0 else None
        if found is not None:
            node = found
        elif word.startswith("-"):
            flag_value = _takes_value(_flags(node), word)
        else:
            positionals += 1
    if flag_value:
        return Completion(start, [])  # a flag's value: not an object name
    if current.startswith("-"):
        flags = _flags(node)
        names = {f"--{flag.long}" for flag in flags if not flag.hidden} | {
            f"-{flag.short}" for flag in flags if flag.short and not flag.hidden
        }
        return Completion(start, sorted(name for name in names if name.startswith(current)))
    if node.children and positionals == 0:
        names = {name for name, child in node.children.items() if not child.hidden}
        return Completion(start, sorted(name for name in names if name.startswith(current)))
    kind, pulling = _argument_kind(node, positionals)
    names = _object_names(session, kind)
    if kind == "image":
        names |= _image_names(names, current, pulling=pulling)
    return Completion(start, sorted(name for name in names if name.startswith(current)))


def _argument_kind(node: Node, index: int) -> tuple[str, bool]:
    """What positional ``index`` of the command at ``node`` names (``service`` in Compose, ``""``: nothing
    to complete), as its unit declares it or its use line says; an argument neither names is taken as one of
    the family's objects (a container outside the object families). Also whether the command pulls."""
    spec = node.spec
    if spec is None:
        return "container", False
    if spec.path.startswith("compose"):
        return "service", False
    kind = arg_kinds(spec.path, spec.use, index + 1)[index]
    family = spec.path.split()[0]
    if not kind:
        kind = family if family in OBJECTS else "container"
    unit = unit_for(spec.path)
    return (kind if kind in OBJECTS else ""), bool(unit is not None and unit.pulls)


def _flags(node: object) -> list[FlagSpec]:
    spec = getattr(node, "spec", None)
    return [*(spec.flags if spec else ()), *node.inherited_flags(), *node.group_flags]  # type: ignore[attr-defined]


def _takes_value(flags: list[FlagSpec], word: str) -> bool:
    """Whether ``word`` (``--name``, ``-p``, ``-dp``) is a flag whose value is the next word."""
    if "=" in word or word in {"-", "--"}:
        return False
    if word.startswith("--"):
        flag = next((flag for flag in flags if flag.long == word[2:]), None)
    else:
        flag = next((flag for flag in flags if flag.short and flag.short == word[-1]), None)
    return flag is not None and flag.type != "bool"


def _image_names(local: set[str], current: str, *, pulling: bool) -> set[str]:
    """Image names beside the local ``repo:tag`` ones: each local repository bare and, for a command that
    pulls, the registry's repositories, with every tag of the one named once the word has a ``:``."""
    names = {name.rsplit(":", 1)[0] for name in local if ":" in name}
    if pulling:
        repository, colon, _ = current.partition(":")
        names |= set(REPOS)
        if colon and repository in REPOS:
            names |= {f"{repository}:{tag}" for tag in all_tags(repository)}
    return names


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
