"""Who exists in a container: the image's ``/etc/passwd``, from its base, its repository and its build's RUN lines.

``RUN adduser -D -u 1001 appuser`` (BusyBox), ``RUN useradd -u 1500 -m app`` and ``RUN groupadd``/``addgroup``
in an image's history are read with the one shell parser, so ``USER appuser`` then ``id`` prints uid 1001.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dockersim.shell.syntax import ShellSyntaxError, parse_script, simple_commands

if TYPE_CHECKING:
    from dockersim.engine.state import ContainerRecord


@dataclass(frozen=True)
class Account:
    """One passwd entry with its primary group's name."""

    name: str
    uid: int
    gid: int
    group: str
    home: str


@dataclass
class Passwd:
    """Users and groups by name."""

    users: dict[str, Account] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)

    def by_uid(self, uid: int) -> Account | None:
        """The first account with ``uid``."""
        return next((account for account in self.users.values() if account.uid == uid), None)

    def group_name(self, gid: int) -> str:
        """The name of group ``gid`` ("" when it has none)."""
        return next((name for name, number in self.groups.items() if number == gid), "")

    def add(self, account: Account) -> None:
        """Add a user and its primary group."""
        self.users[account.name] = account
        self.groups.setdefault(account.group, account.gid)


#: Accounts particular images ship (their repository's or catalogue behaviour's).
IMAGE_ACCOUNTS = {
    "node": ("node", 1000, 1000), "postgres": ("postgres", 999, 999), "redis": ("redis", 999, 999),
    "mongo": ("mongodb", 999, 999), "mysql": ("mysql", 999, 999), "nginx": ("nginx", 101, 101),
    "grafana": ("grafana", 472, 0), "elasticsearch": ("elasticsearch", 1000, 0),
}  # fmt: skip


def passwd_for(c: ContainerRecord, history: list[str]) -> Passwd:
    """The container image's accounts."""
    passwd = Passwd()
    passwd.add(Account("root", 0, 0, "root", "/root"))
    debian = str(c.extra.get("os", "debian")) in ("debian", "ubuntu")
    for name, uid in (("daemon", 1), ("bin", 2), ("sys", 3)):
        passwd.add(Account(name, uid, uid, name, "/usr/sbin" if debian else "/sbin"))
    if debian:
        passwd.add(Account("www-data", 33, 33, "www-data", "/var/www"))
    passwd.add(Account("nobody", 65534, 65534, "nogroup" if debian else "nobody", "/nonexistent"))
    repo = c.image.split("/")[-1].split(":")[0].split("@")[0]
    for key in (c.behaviour, repo):
        if key in IMAGE_ACCOUNTS:
            name, uid, gid = IMAGE_ACCOUNTS[key]
            group = "root" if gid == 0 else name
            passwd.add(Account(name, uid, gid, group, f"/home/{name}"))
    added = c.extra.get("accounts")
    for line in [*history, *(str(line) for line in (added if isinstance(added, list) else []))]:
        _apply_run(passwd, line)
    return passwd


#: Most account commands (``useradd`` in ``docker exec``) one container remembers.
MAX_ACCOUNT_COMMANDS = 100
#: Service users the simulator lets any image run as (their images are not all in its catalogue).
WELL_KNOWN = {"root", "nobody", "node", "postgres", "redis", "mongodb", "nginx", "www-data", "mysql", "daemon"}


def missing_user(c: ContainerRecord, history: list[str], user: str) -> str:
    """The user name of ``user`` (``name[:group]``) when the image's passwd lacks it, else ``""``.

    Numeric ids always work, as in docker; a name must be a passwd entry (docker: "unable to find user …").
    """
    name = user.split(":")[0]
    if not name or name.isdecimal() or name in WELL_KNOWN:
        return ""
    return "" if name in passwd_for(c, history).users else name


def remember_account_command(c: ContainerRecord, words: list[str]) -> None:
    """``useradd``/``adduser``/``groupadd``/``addgroup`` run in a container: its passwd changes from now on."""
    commands = c.extra.setdefault("accounts", [])
    if isinstance(commands, list) and len(commands) < MAX_ACCOUNT_COMMANDS:
        commands.append(" ".join(words))


def _apply_run(passwd: Passwd, created_by: str) -> None:
    script = created_by.split("/bin/sh -c ", 1)[-1].removesuffix(" # buildkit")
    if not any(word in script for word in ("adduser", "useradd", "addgroup", "groupadd")):
        return
    try:
        commands = simple_commands(parse_script(script))
    except ShellSyntaxError:
        return
    for command in commands:
        words = [word.unexpanded() for word in command.words]
        if words and words[0].rsplit("/", 1)[-1] in ("adduser", "useradd", "addgroup", "groupadd"):
            _account_command(passwd, words[0].rsplit("/", 1)[-1], words[1:])


def _account_command(passwd: Passwd, program: str, args: list[str]) -> None:
    values = {"-u": "", "--uid": "", "-g": "", "--gid": "", "-G": "", "--ingroup": "", "-h": "", "-d": "",
              "--home": "", "-s": "", "--shell": "", "-k": "", "-c": "", "--gecos": "", "-K": ""}  # fmt: skip
    operands: list[str] = []
    system = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in values and index + 1 < len(args):
            values[arg] = args[index + 1]
            index += 2
            continue
        if arg.startswith("--") and "=" in arg:
            key, _, value = arg.partition("=")
            values[key] = value
        elif arg in ("-S", "-r", "--system"):
            system = True
        elif not arg.startswith("-"):
            operands.append(arg)
        index += 1
    if not operands:
        return
    name = operands[0]
    if program in ("addgroup", "groupadd") and len(operands) == 1:
        gid = values["-g"] or values["--gid"]
        passwd.groups[name] = int(gid) if gid.isdecimal() else _free(set(passwd.groups.values()), system)
        return
    if program == "addgroup" and len(operands) == 2:
        return  # addgroup USER GROUP: a supplementary group
    uid_text = values["-u"] or values["--uid"]
    taken = {account.uid for account in passwd.users.values()}
    uid = int(uid_text) if uid_text.isdecimal() else _free(taken, system)
    group_text = (values["-g"] if program == "useradd" else "") or values["-G"] or values["--ingroup"]
    group_text = group_text or values["--gid"]
    if group_text.isdecimal():
        gid = int(group_text)
        group = passwd.group_name(gid) or name
    elif group_text:
        group = group_text
        gid = passwd.groups.get(group, uid)
    else:
        group = operands[1] if program == "adduser" and len(operands) > 1 else name
        gid = passwd.groups.get(group, uid if uid not in set(passwd.groups.values()) else _free(
            set(passwd.groups.values()), system))  # fmt: skip
    home = values["-h"] or values["-d"] or values["--home"] or f"/home/{name}"
    passwd.add(Account(name, uid, gid, group, home))


def _free(taken: set[int], system: bool) -> int:
    """The next id as adduser/useradd pick it: from 1000 for users, 999 down (or 100 up) for system ones."""
    if system:
        return next(number for number in range(999, 99, -1) if number not in taken)
    return next(number for number in range(1000, 60000) if number not in taken)
