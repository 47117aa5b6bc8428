"""Which programs a container's image has: its base's, its image's own, what its build or the reader installed.

``docker run nginx ping`` fails as in docker (the Debian nginx image has no ping), ``apk add curl`` in a RUN step
or a ``docker exec`` makes curl exist, and language runtimes exist only in the images that ship them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.engine.door import EngineDoor
    from dockersim.engine.state import ContainerRecord

#: Packages that install a program under another name.
PACKAGE_PROGRAMS = {
    "iputils-ping": "ping", "iputils": "ping", "procps": "ps", "procps-ng": "ps", "iproute2": "ip",
    "dnsutils": "nslookup", "bind-tools": "nslookup", "net-tools": "ifconfig", "netcat-openbsd": "nc",
    "postgresql-client": "psql", "nodejs": "node", "python3": "python3", "py3-pip": "pip", "python3-pip": "pip",
}  # fmt: skip
#: Shell builtins: present wherever there is a shell.
BUILTINS = {
    "echo", "printf", "true", "false", ":", "exit", "break", "continue", "cd", "pwd", "export", "unset", "set",
    "test", "[", "kill",
}  # fmt: skip
#: Programs of a typical image (BusyBox applets or coreutils and friends), before what each base lacks.
PROGRAMS = {
    "cat", "ls", "whoami", "id", "env", "printenv", "hostname", "ping", "curl", "wget", "ip", "touch", "mkdir",
    "rm", "sleep", "date", "uname", "mongosh", "mongo", "psql", "pg_isready", "redis-cli", "nginx", "sh", "bash",
    "ash", "dash", "node", "npm", "python", "python3", "pip", "java", "go", "mvn", "head", "tail", "wc", "grep",
    "ps", "nslookup", "getent", "df", "du", "which", "apk", "apt-get", "apt", "yum", "chmod", "chown", "cp", "mv",
    "tee", "top", "free", "mysql", "nc", "ifconfig", "uptime", "basename", "dirname", "stat", "find", "hello",
    "jshell", "sort", "uniq", "cut", "tr", "seq", "sed", "awk", "tar", "gzip", "adduser", "addgroup", "useradd",
    "groupadd", "su", "ln", "readlink", "xargs", "vi", "npx", "yarn", "pip3",
}  # fmt: skip
#: What each base distribution lacks, as its official image ships (``docker run IMAGE ping`` fails there).
ABSENT = {
    "alpine": {"curl", "bash", "dash", "apt-get", "apt", "yum", "useradd", "groupadd"},
    "busybox": {"curl", "bash", "dash", "apt-get", "apt", "yum", "apk", "useradd", "groupadd"},
    "debian": {"ping", "ip", "ifconfig", "nslookup", "ps", "top", "free", "uptime", "wget", "curl", "nc", "apk",
               "yum", "ash", "vi", "sudo"},
    "ubuntu": {"ping", "ip", "ifconfig", "nslookup", "wget", "curl", "nc", "apk", "yum", "ash", "vi", "ps", "top",
               "free", "uptime", "sudo"},
}  # fmt: skip
#: What particular images add to their base (the catalogue's behaviour or repository).
PRESENT = {
    "nginx": {"curl"},
    "node": {"curl", "wget", "ps", "git"},
    "python": {"curl", "wget", "ps", "git"},
    "golang": {"curl", "wget", "ps", "git"},
    "maven": {"curl", "ps"},
}


def os_of(c: ContainerRecord) -> str:
    """alpine / debian / ubuntu / busybox, from what the engine recorded at create time."""
    return str(c.extra.get("os", "debian"))


def known_program(prog: str, c: ContainerRecord, engine: EngineDoor | None = None) -> bool:
    """Whether ``prog`` exists in the container's image, as far as the simulator knows."""
    base = prog.rsplit("/", 1)[-1]
    if prog.startswith(("/", "./")) and base not in PROGRAMS and base not in BUILTINS:
        return prog in c.files
    return base in programs_of(c, engine)


#: Programs only images with that runtime or server have, and the environment variable or behaviour that says so.
RUNTIMES = {
    "node": "NODE_VERSION", "npm": "NODE_VERSION", "npx": "NODE_VERSION", "yarn": "YARN_VERSION",
    "python": "PYTHON_VERSION", "python3": "PYTHON_VERSION", "pip": "PYTHON_VERSION", "pip3": "PYTHON_VERSION",
    "java": "JAVA_VERSION", "jshell": "JAVA_VERSION", "go": "GOLANG_VERSION", "mvn": "MAVEN_HOME",
    "psql": "postgres", "pg_isready": "postgres", "redis-cli": "redis", "mongosh": "mongo", "mongo": "mongo",
    "mysql": "mysql", "nginx": "nginx", "hello": "hello",
}  # fmt: skip


def programs_of(c: ContainerRecord, engine: EngineDoor | None = None) -> set[str]:
    """The programs of the container's image: its base's, the image's own, what its build or the reader installed."""
    env = c.env_map()
    found = (PROGRAMS | BUILTINS) - ABSENT.get(os_of(c), set())
    found = {name for name in found if name not in RUNTIMES or RUNTIMES[name] in env or RUNTIMES[name] == c.behaviour}
    found |= PRESENT.get(c.behaviour, set())
    repo = c.image.split("/")[-1].split(":")[0]
    if ":" in c.image and "slim" in c.image.rsplit(":", 1)[-1]:
        found -= {"curl", "wget", "ps", "git"}
    else:
        found |= PRESENT.get(repo, set())
    history = engine.image_history(c) if engine is not None else []
    installed = c.extra.get("installed")
    for line in [*history, " ".join(str(name) for name in installed) if isinstance(installed, list) else ""]:
        for word in line.replace("\\", " ").split():
            word = word.split("=")[0]
            if word in PROGRAMS or word in PACKAGE_PROGRAMS:
                found.add(PACKAGE_PROGRAMS.get(word, word))
    return found
