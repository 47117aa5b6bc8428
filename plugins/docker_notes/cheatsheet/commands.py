"""What a docker command line is: its canonical command, the flags it uses and its topic.

The tables below cover the docker CLI the notes use. The management form is canonical
(``docker ps`` → ``docker container ls``), ``docker-compose X`` is ``docker compose X``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docker_notes.cheatsheet.shell import unquote

TOPICS: dict[str, str] = {
    "containers": "Containers",
    "images": "Images",
    "build": "Build",
    "volumes": "Volumes",
    "networks": "Networks",
    "compose": "Compose",
    "clean-up": "Clean-up",
    "registry": "Registry",
}
"""Topic ids in display order, with their titles."""

MANAGEMENT = frozenset(
    {
        "builder", "buildx", "checkpoint", "compose", "config", "container", "context", "image", "manifest",
        "network", "node", "plugin", "scout", "secret", "service", "stack", "swarm", "system", "trust", "volume",
    }
)  # fmt: skip
"""Commands that take a subcommand."""

SHORTCUTS: dict[str, tuple[str, str]] = {
    **{
        name: ("container", name)
        for name in (
            "attach",
            "commit",
            "cp",
            "create",
            "diff",
            "exec",
            "export",
            "kill",
            "logs",
            "pause",
            "port",
            "rename",
            "restart",
            "rm",
            "run",
            "start",
            "stats",
            "stop",
            "top",
            "unpause",
            "update",
            "wait",
        )
    },
    "ps": ("container", "ls"),
    **{name: ("image", name) for name in ("build", "history", "import", "load", "pull", "push", "save", "tag")},
    "images": ("image", "ls"),
    "rmi": ("image", "rm"),
    "info": ("system", "info"),
    "events": ("system", "events"),
}
"""Top-level shortcuts and the management command they stand for."""

SUBCOMMAND_ALIASES: dict[str, str] = {"list": "ls", "ps": "ls", "remove": "rm"}
"""Aliases of subcommands of the container, image, volume, network and context groups."""

ALIASED_GROUPS = frozenset({"container", "image", "volume", "network", "context", "plugin", "secret", "config"})

GLOBAL_VALUE_FLAGS = frozenset({"-H", "--host", "-c", "--context", "--config", "-l", "--log-level"})
COMPOSE_GLOBAL_VALUE_FLAGS = frozenset(
    {"-f", "--file", "-p", "--project-name", "--profile", "--env-file", "--project-directory", "--ansi", "--parallel"}
)

_RUN_VALUES = (
    "-e --env --env-file -p --publish -v --volume --name --network --net -w --workdir -u --user --mount "
    "--restart --entrypoint -l --label --label-file -m --memory --memory-swap --cpus --cpu-shares -c -h "
    "--hostname --add-host --dns --platform --log-driver --log-opt --health-cmd --health-interval "
    "--health-timeout --health-retries --health-start-period --cap-add --cap-drop --device --expose --link "
    "--pull --shm-size --stop-signal --stop-timeout --ulimit --tmpfs --network-alias --ip --gpus --cidfile "
    "--volumes-from --security-opt --pid --ipc --runtime --detach-keys --userns --uts --sysctl --storage-opt"
)
VALUE_FLAGS: dict[str, frozenset[str]] = {
    key: frozenset(value.split())
    for key, value in {
        "container run": _RUN_VALUES,
        "container create": _RUN_VALUES,
        "container exec": "-e --env --env-file -u --user -w --workdir --detach-keys",
        "container ls": "-f --filter --format -n --last",
        "container logs": "--since --until -n --tail",
        "container stop": "-t --time -s --signal",
        "container restart": "-t --time -s --signal",
        "container kill": "-s --signal",
        "container inspect": "-f --format",
        "container prune": "--filter",
        "container stats": "--format",
        "container cp": "",
        "container commit": "-a --author -c --change -m --message",
        "container update": "--cpus -m --memory --restart --memory-swap --cpu-shares",
        "image build": (
            "-t --tag -f --file --build-arg --target --platform --label --cache-from --cache-to --progress "
            "--network --secret --ssh -o --output --iidfile --add-host --shm-size -m --memory --builder"
        ),
        "image ls": "-f --filter --format",
        "image pull": "--platform",
        "image push": "",
        "image inspect": "-f --format --platform",
        "image history": "--format",
        "image prune": "--filter",
        "image save": "-o --output",
        "image load": "-i --input",
        "image import": "-c --change -m --message --platform",
        "volume create": "-d --driver -o --opt --label --name",
        "volume ls": "-f --filter --format",
        "volume inspect": "-f --format",
        "volume prune": "--filter",
        "network create": (
            "-d --driver --subnet --gateway --ip-range -o --opt --label --scope --ipam-driver --ipam-opt "
            "--aux-address --config-from"
        ),
        "network ls": "-f --filter --format",
        "network inspect": "-f --format",
        "network connect": "--alias --ip --ip6 --link --link-local-ip --driver-opt",
        "network prune": "--filter",
        "system prune": "--filter",
        "system df": "--format",
        "system info": "-f --format",
        "inspect": "-f --format --type",
        "search": "-f --filter --limit --format",
        "login": "-u --username -p --password",
        "version": "-f --format",
        "compose up": "--scale -t --timeout --exit-code-from --pull --wait-timeout --attach --no-attach",
        "compose logs": "-n --tail --since --until --index",
        "compose exec": "-e --env -u --user -w --workdir --index",
        "compose run": "-e --env -v --volume -p --publish -w --workdir -u --user --name --entrypoint -l --label",
        "compose down": "--rmi -t --timeout",
        "compose build": "--build-arg --progress --ssh --builder",
        "compose config": "--format -o --output --hash",
        "compose restart": "-t --timeout",
        "compose stop": "-t --timeout",
        "compose ps": "--format -a --filter --status",
        "compose pull": "--policy",
    }.items()
}  # fmt: skip
"""Flags that take a value, per canonical command (without the program); any other flag is a switch."""

POSITIONAL_STOP: dict[str, int] = {
    "container run": 1,
    "container create": 1,
    "container exec": 1,
    "compose exec": 1,
    "compose run": 1,
}
"""Commands whose flag parsing stops after this many positionals (the rest is the container's command)."""

PLACEHOLDER = re.compile(r"\[[^\]]*[A-Za-z][^\]]*\]|^<[A-Za-z][\w-]*>$|\.\.\.|…")
"""A placeholder: ``[OPTIONS]``, ``[host_ip:]``, ``<web2-ip>``, or an elision (``sha256:abc123...``)."""


@dataclass
class CommandInfo:
    """The parsed shape of one docker command line."""

    program: str
    """``docker`` or ``docker-compose``."""
    path: list[str]
    """The canonical command path after ``docker`` (``["container", "ls"]``)."""
    canonical: str
    """The canonical command (``docker container ls``)."""
    flags: list[str] = field(default_factory=list)
    """Flags used, each once, short clusters split (``-aq`` → ``-a``, ``-q``), values dropped."""
    args: list[str] = field(default_factory=list)
    """Positional arguments after the command path, unquoted."""
    usage: bool = False
    """Whether the line has placeholders (``docker run [OPTIONS] IMAGE``, an elided digest): not runnable as is."""

    @property
    def topic(self) -> str:
        """The topic of the command (see :func:`topic_for`)."""
        return topic_for(self.path)


def parse_command(items: list[str]) -> CommandInfo:
    """Parse the words of a docker command (``items[0]`` is ``docker`` or ``docker-compose``)."""
    program = items[0]
    rest = list(items[1:])
    flags: list[str] = []
    path: list[str] = []
    if program == "docker-compose":
        path = ["compose"]
    rest = _take_flags(rest, GLOBAL_VALUE_FLAGS | (COMPOSE_GLOBAL_VALUE_FLAGS if path else frozenset()), flags)
    if not path and rest:
        word = rest.pop(0)
        if word in SHORTCUTS:
            path = list(SHORTCUTS[word])
        else:
            path = [word]
            if word == "compose":
                rest = _take_flags(rest, COMPOSE_GLOBAL_VALUE_FLAGS, flags)
    if path and path[0] in MANAGEMENT and len(path) == 1 and rest and not rest[0].startswith("-"):
        sub = rest.pop(0)
        if path[0] in ALIASED_GROUPS:
            sub = SUBCOMMAND_ALIASES.get(sub, sub)
        path.append(sub)
    elif path == ["compose"] and rest:
        rest = _take_flags(rest, COMPOSE_GLOBAL_VALUE_FLAGS, flags)
        if rest and not rest[0].startswith("-"):
            path.append(rest.pop(0))
    key = " ".join(path)
    values = VALUE_FLAGS.get(key, frozenset())
    stop = POSITIONAL_STOP.get(key)
    args: list[str] = []
    index = 0
    while index < len(rest):
        word = rest[index]
        index += 1
        if stop is not None and len(args) >= stop:
            args.append(unquote(word))
            continue
        if word == "--":
            args.extend(unquote(w) for w in rest[index:])
            break
        if word.startswith("--") and len(word) > 2:
            name = word.split("=", 1)[0]
            _add(flags, name)
            if "=" not in word and name in values:
                index += 1
        elif word.startswith("-") and len(word) > 1 and not word[1].isdigit():
            for position, letter in enumerate(word[1:], start=1):
                _add(flags, "-" + letter)
                if "-" + letter in values:
                    if position == len(word) - 1:
                        index += 1
                    break
        else:
            args.append(unquote(word))
    usage = any(PLACEHOLDER.search(word) for word in items[1:] if word[:1] not in "'\"")
    return CommandInfo(program, path, "docker " + key if key else "docker", flags, args, usage)


def _take_flags(rest: list[str], values: frozenset[str], flags: list[str]) -> list[str]:
    """Consume leading flags (global options) from ``rest``, recording them; return what is left."""
    while rest and rest[0].startswith("-") and rest[0] != "-":
        word = rest.pop(0)
        name = word.split("=", 1)[0]
        _add(flags, name)
        if "=" not in word and name in values and rest:
            rest.pop(0)
    return rest


def _add(flags: list[str], flag: str) -> None:
    """Append ``flag`` once."""
    if flag not in flags:
        flags.append(flag)


CLEAN_UP = frozenset({"rm", "prune", "rmi"})
REGISTRY = frozenset({"pull", "push", "login", "logout", "search"})


def topic_for(path: list[str]) -> str:
    """The topic of a canonical command path: ``rm``/``prune`` are clean-up, ``pull``/``push`` registry…"""
    if not path:
        return "containers"
    group, last = path[0], path[-1]
    if last in CLEAN_UP or (group == "system" and last == "df"):
        return "clean-up"
    if group == "compose":
        return "compose"
    if last in REGISTRY or group in {"login", "logout", "search", "trust", "manifest"}:
        return "registry"
    if last == "build" or group in {"builder", "buildx"}:
        return "build"
    if group == "image":
        return "images"
    if group == "volume":
        return "volumes"
    if group == "network":
        return "networks"
    return "containers"
