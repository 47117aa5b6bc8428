"""The words a reader asks with, for each entry: a synonym table written for Docker.

The notes say ``docker container prune``; a reader types "delete stopped containers". The tables map what
an entry *is* (its commands, their flags and values, a Dockerfile's instructions) to the plain words a
question uses for it, and the filter indexes those words with the entry (one more field, weighted below
the entry's own text). Words are plain English: the filter stems them as it stems the question.
"""

from __future__ import annotations

import re
from typing import Any

from docker_notes.cheatsheet.extract import Entry

REMOVE = "remove delete erase destroy rid"
LIST = "list show display see all"

COMMANDS: dict[str, str] = {
    "container run": "run start create launch new container",
    "container create": "create new container without starting",
    "container start": "start restart resume stopped container",
    "container stop": "stop halt shut down shutdown graceful running",
    "container kill": "kill force stop signal",
    "container restart": "restart reboot",
    "container rm": f"{REMOVE} container",
    "container prune": f"{REMOVE} clean up cleanup unused stopped exited containers all",
    "container ls": f"{LIST} running containers status",
    "container logs": "logs log output print view see",
    "container exec": "execute exec command inside running container",
    "container cp": "copy files into out of container",
    "container inspect": "inspect details json metadata configuration info low-level",
    "inspect": "inspect container details json metadata configuration info low-level",
    "container port": "port mapping published ports which port",
    "container stats": "stats resource usage cpu memory live",
    "container top": "processes running inside",
    "container attach": "attach connect terminal",
    "container commit": "commit snapshot save changes new image",
    "container rename": "rename name",
    "container update": "update change resources limits",
    "image ls": f"{LIST} images local downloaded exist exists available",
    "image rm": f"{REMOVE} image images",
    "image prune": f"{REMOVE} clean up cleanup unused dangling images",
    "image pull": "pull download fetch get image registry hub",
    "image push": "push upload publish share image registry hub",
    "image tag": "tag rename name version alias image registry repository",
    "image build": "build create make image dockerfile",
    "image history": "history layers image size",
    "image inspect": "inspect image details metadata json",
    "image save": "save export archive tar file backup",
    "image load": "load import archive tar file",
    "search": "search find look up hub images",
    "login": "login log in sign in authenticate credentials registry",
    "logout": "logout log out sign out",
    "volume create": "create new volume persistent storage data",
    "volume ls": f"{LIST} volumes",
    "volume inspect": "inspect volume details mountpoint where stored",
    "volume rm": f"{REMOVE} volume",
    "volume prune": f"{REMOVE} clean up cleanup unused volumes",
    "network create": "create new network bridge custom",
    "network ls": f"{LIST} networks",
    "network inspect": "inspect network details subnet containers",
    "network connect": "connect attach join container network",
    "network disconnect": "disconnect detach leave container network",
    "network rm": f"{REMOVE} network",
    "network prune": f"{REMOVE} clean up cleanup unused networks",
    "system prune": f"{REMOVE} clean up cleanup unused everything free disk space reclaim all",
    "system df": "disk space usage size",
    "system info": "info system information",
    "version": "version",
    "compose up": "start up launch run services stack all multi-container",
    "compose down": "stop remove tear down services stack",
    "compose stop": "stop services",
    "compose start": "start services",
    "compose restart": "restart service",
    "compose logs": "logs service output view",
    "compose ps": "list running services status",
    "compose exec": "execute command shell inside service",
    "compose build": "build images services",
    "compose pull": "pull download images services",
    "compose config": "validate check config configuration compose file",
}
"""Canonical command (without ``docker``) → words for it."""

FLAGS: dict[str, str] = {
    "--detach": "background detached daemon",
    "--follow": "follow live stream tail watch real-time",
    "--tail": "last lines recent",
    "--env": "environment variable variables env set",
    "--env-file": "environment variables env file load",
    "--publish": "port ports mapping map expose publish forward host access",
    "--publish-all": "random ports all exposed publish",
    "--volume": "mount volume bind share folder directory persist data",
    "--mount": "mount volume bind share folder directory persist data",
    "--name": "name named",
    "--rm": "auto automatically remove cleanup temporary throwaway exit",
    "--restart": "restart policy automatically always unless-stopped",
    "--interactive": "interactive terminal shell",
    "--tty": "terminal tty shell",
    "--quiet": "ids only quiet",
    "--filter": "filter status condition only",
    "--format": "format template output custom columns",
    "--force": "force running",
    "--network": "network connect attach",
    "--tag": "tag name version",
    "--file": "dockerfile file path",
    "--build-arg": "build argument arguments arg variable",
    "--no-cache": "no cache fresh clean rebuild",
    "--target": "stage multi-stage target",
    "--time": "timeout grace period wait seconds",
    "--timeout": "timeout grace period wait seconds",
    "--volumes": "volumes data",
    "--scale": "scale replicas instances multiple copies",
    "--build": "rebuild build images",
    "--memory": "limit memory resources",
    "--cpus": "limit cpu resources",
    "--user": "user uid non-root",
    "--workdir": "working directory",
    "--entrypoint": "entrypoint override",
    "--platform": "architecture platform arm amd64",
}
"""A flag (long name, as the simulator's parser gives it) → words for it."""

FLAG_IN_COMMAND: dict[tuple[str, str], str] = {
    ("container ls", "--all"): "all stopped exited including",
    ("container ls", "-a"): "all stopped exited including",
    ("system prune", "--all"): "all unused images everything",
    ("system prune", "-a"): "all unused images everything",
    ("container rm", "--force"): "running kill stop and remove",
    ("container rm", "-f"): "running kill stop and remove",
    ("container rm", "--volumes"): "anonymous volumes too",
    ("container rm", "-v"): "anonymous volumes too",
    ("compose down", "--volumes"): "volumes data delete",
    ("compose down", "-v"): "volumes data delete",
}
"""A flag that means something more in one command → words for it."""

SHELL = re.compile(r"\s(?:sh|bash|/bin/sh|/bin/bash|ash|zsh)\b")
READ_ONLY_WORDS = "read only readonly read-only"
READ_ONLY = re.compile(r":ro\b|\breadonly\b|\bread_only\b")
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (READ_ONLY, READ_ONLY_WORDS),
    (re.compile(r"\bIPAddress\b"), "ip address addresses"),
    (re.compile(r"\|\s*grep\b"), "grep find search filter look for check"),
    (re.compile(r"\$\((?:pwd)\)|\$PWD"), "current directory working folder host"),
    (re.compile(r"\$\(docker [^)]*-[a-z]*q"), "all every each at once"),
    (SHELL, "shell terminal console"),
    (re.compile(r"-p\s+\d+(?:\.\d+){3}:"), "specific interface localhost bind"),
    (re.compile(r"\d+/udp\b"), "udp protocol"),
    (re.compile(r"--network\s+host\b"), "host networking"),
    (re.compile(r"--network\s+none\b"), "no networking isolated offline"),
    (re.compile(r"status=exited"), "stopped exited"),
    (re.compile(r"@sha256:"), "digest exact pinned"),
]
"""Something in a command line's text → words for it."""

INTERACTIVE_SHELL = "shell terminal into inside interactive enter log into open bash"

INSTRUCTIONS: dict[str, str] = {
    "FROM": "base image from",
    "COPY": "copy files into image",
    "ADD": "add copy files archive url",
    "RUN": "run install command build step",
    "CMD": "default command start",
    "ENTRYPOINT": "entrypoint executable",
    "EXPOSE": "expose port document",
    "ENV": "environment variable variables env",
    "ARG": "build argument arguments arg variable",
    "WORKDIR": "working directory",
    "USER": "user non-root security",
    "HEALTHCHECK": "health check healthcheck",
    "VOLUME": "volume mount data",
    "LABEL": "label metadata",
}
"""Dockerfile instruction → words for it."""

FILES: dict[str, str] = {
    "dockerfile": "dockerfile example image",
    "compose": "compose services stack multi-container yaml docker-compose.yml file",
    "dockerignore": "ignore exclude files build context dockerignore",
}


def command_words(command: dict[str, Any]) -> list[str]:
    """The words for one docker command of a line: its command, its flags, its interactive shell."""
    canonical = command["canonical"].removeprefix("docker ").strip()
    found = [COMMANDS.get(canonical, "")]
    explained = {flag["flag"]: flag["long"] for flag in (command.get("explain") or {}).get("flags", [])}
    for flag in command["flags"]:
        long = explained.get(flag, flag)
        found.append(FLAGS.get(long, ""))
        found.append(FLAG_IN_COMMAND.get((canonical, flag), "") or FLAG_IN_COMMAND.get((canonical, long), ""))
    interactive = {"-i", "--interactive"} & set(command["flags"]) or any(
        flag.startswith("-") and not flag.startswith("--") and "i" in flag for flag in command["flags"]
    )
    if canonical.endswith(("exec", "run")) and interactive and SHELL.search(" " + command["text"]):
        found.append(INTERACTIVE_SHELL)
    return found


def keywords(entry: Entry) -> str:
    """The reader's words for an entry, each once."""
    found: list[str] = [FILES.get(entry.kind, "")]
    if entry.kind == "command":
        for command in entry.meta.get("commands", []):
            found.extend(command_words(command))
        texts = [entry.text, *(variant["text"] for variant in entry.meta.get("variants", []))]
        found.extend(words for pattern, words in PATTERNS if any(pattern.search(text) for text in texts))
    elif entry.kind == "dockerfile":
        info = entry.meta["dockerfile"]
        found.extend(INSTRUCTIONS.get(name, "") for name in info["instructions"])
        if info["stages"] or info["copy_from"]:
            found.append("multi-stage multistage stages smaller size builder")
        if READ_ONLY.search(entry.text):
            found.append(READ_ONLY_WORDS)
    elif entry.kind == "compose" and READ_ONLY.search(entry.text):
        found.append(READ_ONLY_WORDS)
    return " ".join(dict.fromkeys(word for phrase in found for word in phrase.split()))
