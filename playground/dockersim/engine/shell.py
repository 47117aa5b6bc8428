"""The container's side of a shell: its files, users, programs and network, for the one shell interpreter.

``docker exec``, ``sh -c`` main processes, interactive sessions and healthchecks all run the interpreter of
:mod:`dockersim.shell` with a :class:`ContainerSide` as both its host and its file system. Programs that
only exist in containers live in :mod:`dockersim.engine.programs`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockersim.engine import binds
from dockersim.engine.installed import BUILTINS, PROGRAMS, known_program, os_of, programs_of
from dockersim.engine.osrelease import curl_version, os_release
from dockersim.engine.programs import NOT_MODELLED_HINT, PROGRAM_METHODS, ProgramBase
from dockersim.engine.programs.nginx_files import NGINX_INDEX
from dockersim.engine.state import MAX_FILES
from dockersim.engine.users import Passwd, passwd_for
from dockersim.shell.files import Entry, FileError
from dockersim.shell.host import FOREVER_SECONDS
from dockersim.shell.interpreter import Shell, ShellResult
from dockersim.shell.registry import REGISTRY, Call

if TYPE_CHECKING:
    from dockersim.engine.door import EngineDoor
    from dockersim.engine.nodejs import NodeRun
    from dockersim.engine.state import ContainerRecord, VolumeRecord

SHELL_NAMES = {"sh", "bash", "/bin/sh", "/bin/bash", "ash", "/bin/ash"}
BASE_DIRS = [
    "bin", "boot", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys",
    "tmp", "usr", "var",
]  # fmt: skip
#: The root directory's entries per distribution: Alpine and BusyBox have no /boot; Debian and Ubuntu add /lib64.
ROOT_DIRS = {
    "alpine": sorted(set(BASE_DIRS) - {"boot"}),
    "busybox": ["bin", "dev", "etc", "home", "lib", "lib64", "proc", "root", "sys", "tmp", "usr", "var"],
    "debian": sorted([*BASE_DIRS, "lib64"]),
}
#: Users ``docker exec -u NAME`` falls back to when the image's passwd does not name them.
USERS = {
    "root": (0, 0, "root"), "nobody": (65534, 65534, "nobody"), "node": (1000, 1000, "node"),
    "postgres": (999, 999, "postgres"), "redis": (999, 1000, "redis"), "mongodb": (999, 999, "mongodb"),
    "nginx": (101, 101, "nginx"), "www-data": (33, 33, "www-data"), "mysql": (999, 999, "mysql"),
}  # fmt: skip


@dataclass
class Result:
    """What a command printed, its exit status, and what it asks of the container's main process."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    keeps_running: bool = False
    slept: float = 0.0


class ContainerSide(ProgramBase):
    """A container as a shell's :class:`~dockersim.shell.host.Host` and :class:`~dockersim.shell.files.Files`.

    It runs the container programs (:mod:`dockersim.engine.programs`) as its own methods, but their classes
    load only when a first one is used (:meth:`__getattr__`): a ``docker run -d nginx`` makes a container's
    side without them."""

    shell_name = "sh"

    def __getattr__(self, name: str) -> Any:
        """A member of the container programs' classes (imported the first time), bound to this side."""
        if name.startswith("__"):
            raise AttributeError(name)
        member = _program_member(name)
        getter = getattr(type(member), "__get__", None)
        return getter(member, self, type(self)) if getter is not None else member

    def __init__(self, engine: EngineDoor, c: ContainerRecord, user: str, workdir: str, env: dict[str, str]) -> None:
        self.engine = engine
        self.c = c
        self.user = user or "root"
        self.here = workdir or "/"
        self.env = env
        self.busybox = os_of(c) in ("alpine", "busybox")
        self.tty = c.tty
        self.keeps_running = False
        self.slept = 0.0
        self._history = engine.image_history(c)
        self.passwd: Passwd = passwd_for(c, self._history)
        self._programs: set[str] | None = None

    # ------------------------------------------------------------------ host

    @property
    def columns(self) -> int:
        """The width ``ls`` fills: a ``-t`` container's terminal is the reader's (docker sizes it from the
        client's terminal); without one, 80 as ``ls`` assumes."""
        width = getattr(self.engine, "terminal_columns", None)
        return width if self.tty and isinstance(width, int) and 20 <= width <= 1000 else 80

    def available(self, name: str) -> bool:
        """Whether the program exists in this image."""
        if self._programs is None:
            self._programs = programs_of(self.c, self.engine)
        base = name.rsplit("/", 1)[-1]
        if "/" in name and base not in PROGRAMS and base not in BUILTINS:
            return self.abspath(name) in self.c.files
        return base in self._programs

    def not_found(self, name: str) -> str:
        """BusyBox ash's or dash's words."""
        return f"sh: {name}: not found" if self.busybox else f"sh: 1: {name}: not found"

    def now(self) -> float:
        """The engine's clock."""
        return self.engine.now()

    def sleep(self, seconds: float) -> None:
        """Time the command takes (``docker exec`` waits for it, bounded)."""
        self.slept = min(self.slept + seconds, FOREVER_SECONDS)

    def follow(self) -> None:
        """``sleep infinity``, ``tail -f``: the process keeps running."""
        self.keeps_running = True

    def docker(self, argv: list[str], stdin: str, *, piped: bool = False) -> None:
        """No docker CLI inside containers."""
        return

    def curl_version(self) -> str:
        """``curl --version`` of this image's curl: its distribution's package, or Alpine's."""
        from dockersim.shell.programs import CURL_VERSION

        own = curl_version(os_of(self.c), self.c.labels.get("org.opencontainers.image.version", ""))
        return own or CURL_VERSION

    def owner(self) -> str:
        """An image's files are root's (the simulator keeps no owner per file)."""
        return "root"

    def user_name(self) -> tuple[str, int]:
        """Name and uid."""
        return self.username or str(self.uid), self.uid

    def passwd_now(self) -> Passwd:
        """The accounts, re-read (a ``useradd`` in this shell adds one)."""
        self.passwd = passwd_for(self.c, self._history)
        return self.passwd

    def run_program(self, call: Call) -> int:
        """Run one of :mod:`dockersim.engine.programs` with this call's arguments and environment."""
        self.call = call
        self.env = call.env
        handler = getattr(self, PROGRAM_METHODS[call.name])
        try:
            status = int(handler(call.args))
            if call.name in ("useradd", "adduser", "groupadd", "addgroup"):
                self.passwd_now()
            return status
        except (TypeError, ValueError, KeyError, AttributeError, IndexError):
            return call.fail(
                f"dockersim: {call.name}: the simulated container state is damaged; recreate the container"
            )

    # ------------------------------------------------------------------ files

    @property
    def cwd(self) -> str:
        """The working directory."""
        return self.here

    def chdir(self, name: str) -> None:
        """``cd``."""
        path = self.abspath(name)
        if not self.is_dir(path):
            raise FileError("No such file or directory")
        self.here = path

    def read(self, name: str) -> str:
        """A file's text."""
        content = self.read_raw(name)
        if content is None:
            raise FileError("Is a directory" if self.is_dir(name) else "No such file or directory")
        return content

    def write(self, name: str, text: str, *, append: bool = False) -> None:
        """Write into the container's layer, a volume or a bind mount."""
        if self.is_dir(name):
            raise FileError("Is a directory")
        reason = self.write_raw(name, text, append=append)
        if reason:
            raise FileError(reason)

    def exists(self, name: str) -> bool:
        """Anything at ``name``."""
        return self.read_raw(name) is not None or self.is_dir(name)

    def listdir(self, name: str) -> list[Entry]:
        """Entries of a directory."""
        names = self.listing(name)
        if names is None:
            raise FileError("Not a directory" if self.read_raw(name) is not None else "No such file or directory")
        base = self.abspath(name)
        return [self._entry(posixpath.join(base, n), n) for n in names]

    def _entry(self, path: str, name: str) -> Entry:
        if self.is_dir(path):
            return Entry(name, True, 4096)
        return Entry(name, False, len((self.read_raw(path) or "").encode()))

    def size(self, name: str) -> int:
        """Bytes in a file."""
        return self._entry(self.abspath(name), name).size

    def mkdir(self, name: str, *, parents: bool = False) -> None:
        """``mkdir [-p]``."""
        path = self.abspath(name)
        if self.is_dir(path) or self.read_raw(path) is not None:
            if parents and self.is_dir(path):
                return
            raise FileError("File exists")
        reason = self.writable(path)
        if reason:
            raise FileError(reason)
        if not parents and not self.is_dir(posixpath.dirname(path)):
            raise FileError("No such file or directory")
        hit = self._mount_for(path)
        vol = self._volume(hit[0]) if hit else None
        source = self._bind_source(hit) if hit is not None else None
        if vol is not None and hit is not None:
            vol.files.setdefault(hit[1] + "/.keep", "")
        elif source is not None and binds.make_dir(self.engine.host_root, source, parents=parents):
            return  # made in the reader's folder, where the terminal sees it
        elif len(self.c.dirs) < MAX_FILES:
            self.c.dirs.append(path)

    def remove(self, name: str, *, recursive: bool = False) -> None:
        """``rm [-r]``."""
        path = self.abspath(name)
        hit = self._mount_for(path)
        vol = self._volume(hit[0]) if hit else None
        if vol is not None and hit is not None:
            removed = [k for k in vol.files if k == hit[1] or k.startswith(hit[1] + "/")]
            if not removed:
                raise FileError("No such file or directory")
            for k in removed:
                del vol.files[k]
            return
        source = self._bind_source(hit) if hit is not None else None
        if source is not None and hit is not None and hit[1]:
            if self.is_dir(path) and not recursive:
                raise FileError("Is a directory")
            if hit[0].get("RW", True) is False:
                raise FileError("Read-only file system")
            if not binds.remove(self.engine.host_files, self.engine.host_root, source):
                raise FileError("No such file or directory")
            return
        if self.is_dir(path) and not recursive:
            raise FileError("Is a directory")
        reason = self.writable(path)
        if reason:
            raise FileError(reason)
        prefix = path.rstrip("/") + "/"
        for key in [k for k in self.c.files if k == path or k.startswith(prefix)]:
            del self.c.files[key]
        self.c.dirs[:] = [d for d in self.c.dirs if d != path and not d.startswith(prefix)]
        if path not in self.c.deleted and len(self.c.deleted) < MAX_FILES:
            self.c.deleted.append(path)

    # ------------------------------------------------------------------ identity and the rest

    # ------------------------------------------------------------------ identity

    @property
    def username(self) -> str:
        """The user name (empty for a numeric uid without a passwd entry)."""
        name = self.user.split(":")[0]
        if name.isdecimal():
            account = self.passwd.by_uid(int(name))
            return account.name if account else ""
        return name

    @property
    def uid(self) -> int:
        """The numeric user ID."""
        name = self.user.split(":")[0]
        if name.isdecimal():
            return int(name)
        account = self.passwd.users.get(name)
        return account.uid if account else USERS.get(name, (1000, 1000, name))[0]

    def home(self) -> str:
        """The current user's home directory."""
        account = self.passwd.users.get(self.username)
        return account.home if account else ("/root" if self.uid == 0 else f"/home/{self.username or 'nobody'}")

    def id_line(self, who: str = "") -> str | None:
        """What ``id [USER]`` prints (None: no such user)."""
        if who:
            account = self.passwd.users.get(who) or (self.passwd.by_uid(int(who)) if who.isdecimal() else None)
            if account is None:
                return None
            return self._id_of(account.name, account.uid, account.gid)
        name = self.user.split(":")[0]
        group = self.user.split(":")[1] if ":" in self.user else ""
        if name.isdecimal() and not self.username:
            gid = int(group) if group.isdecimal() else 0
            gname = self.passwd.group_name(gid)
            g = f"{gid}({gname})" if gname else str(gid)
            return f"uid={name} gid={g} groups={g}"
        account = self.passwd.users.get(self.username)
        if account is None:
            uid, gid, gname = USERS.get(self.username, (1000, 1000, self.username))
            return self._id_of(self.username, uid, gid, gname)
        gid = int(group) if group.isdecimal() else account.gid
        return self._id_of(account.name, account.uid, gid)

    def _id_of(self, name: str, uid: int, gid: int, group: str = "") -> str:
        if uid == 0 and gid == 0:
            extra = "0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)"
            return f"uid=0(root) gid=0(root) groups={extra if os_of(self.c) == 'alpine' else '0(root)'}"
        gname = group or self.passwd.group_name(gid) or (name if gid == uid else "")
        g = f"{gid}({gname})" if gname else str(gid)
        return f"uid={uid}({name}) gid={g} groups={g}"

    # ------------------------------------------------------------------ filesystem

    def abspath(self, path: str) -> str:
        """Resolve ``path`` against the working directory."""
        return posixpath.normpath(posixpath.join(self.cwd, path)) if path else self.cwd

    def _mount_for(self, path: str) -> tuple[dict[str, Any], str] | None:
        best: tuple[dict[str, Any], str] | None = None
        for m in self.c.mounts:
            target = m["Destination"].rstrip("/") or "/"
            if path == target or path.startswith(target + "/"):
                rel = path[len(target) :].lstrip("/")
                if best is None or len(target) > len(best[0]["Destination"]):
                    best = (m, rel)
        return best

    def _volume(self, m: dict[str, Any]) -> VolumeRecord | None:
        if m["Type"] == "volume":
            return self.engine.volumes.get(m["Name"])
        return None

    @staticmethod
    def _bind_source(hit: tuple[dict[str, Any], str]) -> str | None:
        """The host path behind a path in a bind mount (None when the mount is not a bind)."""
        if hit[0]["Type"] != "bind":
            return None
        return posixpath.join(hit[0]["Source"], hit[1]) if hit[1] else hit[0]["Source"]

    def base_files(self) -> dict[str, str]:
        """The image's readable files."""
        c = self.c
        osname = os_of(c)
        release = os_release(osname, c.labels.get("org.opencontainers.image.version", ""))
        hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        ip = self.engine.primary_ip(c)
        if ip:
            hosts += f"{ip}\t{c.hostname}\n"
        files = {
            "/etc/hostname": c.hostname + "\n",
            "/etc/hosts": hosts,
            "/etc/os-release": release,
            "/etc/passwd": (
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
            ),
            "/etc/resolv.conf": "nameserver 127.0.0.11\noptions ndots:0\n"
            if self._user_network()
            else "nameserver 192.168.65.7\n",
        }
        if c.behaviour == "nginx":
            files["/usr/share/nginx/html/index.html"] = NGINX_INDEX
            files["/usr/share/nginx/html/50x.html"] = "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n"
            files["/etc/nginx/nginx.conf"] = (
                "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\n"
            )
            files["/etc/nginx/conf.d/default.conf"] = "server {\n    listen       80;\n    server_name  localhost;\n}\n"
        image = self.engine.images.peek_get(c.image_id)
        if image is not None:
            files.update(image.files)
        return files

    def _user_network(self) -> bool:
        return any(n not in ("bridge", "host", "none") for n in self.c.networks)

    def read_raw(self, path: str) -> str | None:
        """File content, or None when missing."""
        path = self.abspath(path)
        hit = self._mount_for(path)
        if hit is not None:
            vol = self._volume(hit[0])
            if vol is not None:
                return vol.files.get(hit[1])
            source = self._bind_source(hit)
            return binds.read(self.engine.host_files, source) if source is not None else None
        if path in self.c.deleted:
            return None
        if path in self.c.files:
            return self.c.files[path]
        return self.base_files().get(path)

    def is_dir(self, path: str) -> bool:
        """Whether ``path`` is a directory."""
        path = self.abspath(path)
        root_dirs = ROOT_DIRS.get(os_of(self.c), ROOT_DIRS["debian"])
        if path == "/" or (path.lstrip("/").split("/")[0] in root_dirs and path.count("/") == 1):
            return True
        hit = self._mount_for(path)
        source = self._bind_source(hit) if hit is not None else None
        if source is not None and hit is not None:
            # The mount point of a bind whose source is missing is the directory docker created for it.
            return binds.is_dir(self.engine.host_files, source) or (
                not hit[1] and binds.read(self.engine.host_files, source) is None
            )
        if path in self.c.dirs or path == (self.c.workdir or "/"):
            return True
        for m in self.c.mounts:
            if m["Destination"].rstrip("/") == path or m["Destination"].startswith(path + "/"):
                return True
        prefix = path + "/"
        return any(p.startswith(prefix) for p in [*self.c.files, *self.base_files(), *self.c.dirs]) or any(
            prefix.startswith(d)
            for d in ("/usr/", "/var/", "/etc/")
            if path.count("/") <= 2
            and path
            in ("/usr/local", "/usr/bin", "/usr/share", "/var/log", "/var/lib", "/etc/nginx", "/usr/lib", "/var/run")
        )

    def listing(self, path: str) -> list[str] | None:
        """Directory entries, or None when not a directory."""
        path = self.abspath(path)
        if not self.is_dir(path):
            return None
        names: set[str] = set()
        if path == "/":
            names.update(ROOT_DIRS.get(os_of(self.c), ROOT_DIRS["debian"]))
        hit = self._mount_for(path)
        sources: list[str] = []
        bound = self._bind_source(hit) if hit is not None else None
        if bound is not None:
            names.update(binds.listing(self.engine.host_files, bound))
            sources = [m["Destination"] for m in self.c.mounts]
        elif hit is not None and self._volume(hit[0]) is not None:
            vol = self._volume(hit[0])
            assert vol is not None
            base = hit[1]
            for rel in vol.files:
                if base == "" or rel.startswith(base + "/"):
                    rest = rel[len(base) :].lstrip("/")
                    names.add(rest.split("/")[0])
        else:
            sources = [*self.c.files, *self.base_files(), *self.c.dirs, *(m["Destination"] for m in self.c.mounts)]
        prefix = path.rstrip("/") + "/"
        for p in sources:
            if p.startswith(prefix) and p not in self.c.deleted:
                names.add(p[len(prefix) :].split("/")[0])
        return sorted(n for n in names if n)

    def writable(self, path: str) -> str:
        """``""`` when writable, else the error reason."""
        hit = self._mount_for(path)
        if hit is not None:
            return "" if hit[0].get("RW", True) else "Read-only file system"
        if self.c.read_only and not path.startswith("/tmp"):
            return "Read-only file system"
        if self.uid == 0:
            return ""
        home = self.env.get("HOME", "")
        allowed = ["/tmp", "/var/tmp", "/dev/null", home, self.c.workdir if self.c.workdir not in ("", "/") else ""]
        if any(a and (path == a or path.startswith(a.rstrip("/") + "/")) for a in allowed):
            return ""
        return "Permission denied"

    def write_raw(self, path: str, content: str, append: bool = False) -> str:
        """Write a file; returns ``""`` or the failure reason."""
        path = self.abspath(path)
        if path == "/dev/null":
            return ""
        reason = self.writable(path)
        if reason:
            return reason
        parent = posixpath.dirname(path)
        if not self.is_dir(parent):
            return "No such file or directory"
        hit = self._mount_for(path)
        if hit is not None and self._volume(hit[0]) is not None:
            vol = self._volume(hit[0])
            assert vol is not None
            old = vol.files.get(hit[1], "") if append else ""
            if len(vol.files) < MAX_FILES or hit[1] in vol.files:
                vol.files[hit[1]] = (old + content)[-65536:]
            return ""
        if hit is not None and hit[0]["Type"] == "bind":
            key = posixpath.join(hit[0]["Source"], hit[1]) if hit[1] else hit[0]["Source"]
            return binds.write(self.engine.host_files, self.engine.host_root, key, content, append=append)
        old = (self.read_raw(path) or "") if append else ""
        if len(self.c.files) < MAX_FILES or path in self.c.files:
            self.c.files[path] = (old + content)[-65536:]
        if path in self.c.deleted:
            self.c.deleted.remove(path)
        return ""

    def serve_nginx(self, path: str) -> tuple[int, str]:
        """(status, body) this container's nginx answers for ``path``: its own files at ``/usr/share/nginx/html``."""
        from dockersim.engine.programs.servers import nginx_response

        return nginx_response(self, path, self.c.env_map().get("NGINX_VERSION", "1.27.3"))

    def answer_host(self, path: str, agent: str, host: str) -> tuple[int, str]:
        """(status, body) for a request that reaches this nginx container from the docker host (a published
        port or the host network), logged as from the default bridge's gateway."""
        status, body = self.serve_nginx(path)
        client = "127.0.0.1" if self.c.network_mode == "host" else "172.17.0.1"
        self._access_log(self.c, _agent(agent), (path, status, len(body.encode())), client=client, host=host)
        return status, body

    def http_get(self, url: str, agent: str = "curl") -> tuple[int, str, str]:
        """(status, body, error) for a GET from inside the container."""
        m = re.match(r"^(?:(https?)://)?([^/:]+)(?::(\d+))?(/.*)?$", url)
        if not m:
            return 0, "", f"URL rejected: Malformed input to a URL function: {url}"
        host, port = m.group(2), int(m.group(3) or (443 if m.group(1) == "https" else 80))
        if self.c.network_mode == "none":
            return 0, "", f"Could not resolve host: {host}"
        ip, target = self._resolve(host)
        if not ip:
            if "." in host:
                return 0, "", NOT_MODELLED_HINT.format(f"fetching {url} from the internet")
            return 0, "", f"Could not resolve host: {host}"
        if target is None or (not self.engine.reachable(self.c, target) and target.id != self.c.id):
            return 0, "", f"Failed to connect to {host} port {port} after 3 ms: Couldn't connect to server"
        listens = {int(p.split("/")[0]) for p in target.exposed_ports} or {80}
        if port not in listens or not self.engine.serves(target):
            return 0, "", f"Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
        if target.behaviour == "nginx":
            path = m.group(4) or "/"
            server = self if target.id == self.c.id else ContainerSide(self.engine, target, "root", "/", {})
            status, body = server.serve_nginx(path)
            self._access_log(target, _agent(agent), (path, status, len(body.encode())), host=m.group(2))
            return status, body, ""
        if target.behaviour == "httpd":
            return 200, "<html><body><h1>It works!</h1></body></html>\n", ""
        if target.behaviour in ("redis", "postgres", "mysql", "mongo"):
            return 0, "", f"Recv failure: Connection reset by peer ({target.behaviour} does not speak HTTP)"
        return 200, '{"status":"ok"}\n', ""


class ContainerShell:
    """A shell inside one container that keeps its working directory and variables between lines.

    The public entry point for interactive sessions (``docker run -it``, ``docker exec -it``, ``attach``)
    and for one-off scripts: ``ContainerShell(engine, c, user=…, workdir=…, env=…).run(line, stdin)``
    returns a :class:`Result` (stdout, stderr, exit status); after ``exit`` ran, ``exit_status`` is set
    and the session should end. Reach it through ``Engine.open_shell``.
    """

    def __init__(
        self,
        engine: EngineDoor,
        c: ContainerRecord,
        *,
        user: str = "",
        workdir: str = "",
        env: dict[str, str] | None = None,
    ) -> None:
        self.engine = engine
        self.container = c
        self.side = ContainerSide(engine, c, user or c.user, workdir or c.workdir or "/", {})
        self.shell = Shell(host=self.side, files=self.side, variables=_initial_env(self.side, c, env))
        self.exit_status: int | None = None

    @property
    def cwd(self) -> str:
        """The working directory."""
        return self.side.cwd

    @property
    def env(self) -> dict[str, str]:
        """The shell's variables."""
        return self.shell.variables

    @property
    def username(self) -> str:
        """The user's name from the image's passwd ("" for a numeric uid it does not list)."""
        return self.side.username

    @property
    def uid(self) -> int:
        """The user's numeric id."""
        return self.side.uid

    @property
    def home(self) -> str:
        """The user's home directory (``$HOME`` when set)."""
        return self.shell.variables.get("HOME") or self.side.home()

    def run(self, line: str, stdin: str = "") -> Result:
        """Run one line (or a whole script) as ``sh`` would, and remember ``cd`` and ``export``."""
        return self._result(self.shell.run(line, stdin))

    def run_argv(self, argv: list[str], stdin: str = "") -> Result:
        """Run one program with these exact arguments (``docker exec`` without a shell)."""
        return self._result(self.shell.run_argv(argv, stdin))

    def _result(self, outcome: ShellResult) -> Result:
        self.exit_status = self.shell.exit_status
        side = self.side
        result = Result(outcome.stdout, outcome.stderr, outcome.exit_code, side.keeps_running, side.slept)
        side.keeps_running, side.slept = False, 0.0
        return result


def fill_empty_volumes(engine: EngineDoor, c: ContainerRecord) -> None:
    """Docker copies the image's files at a volume's mount point into the volume when the volume is empty
    (``nocopy`` turns that off), so ``-v site:/usr/share/nginx/html`` starts with nginx's own pages."""
    side = ContainerSide(engine, c, "root", "/", {})
    image_files = {**side.base_files(), **c.files}
    for m in c.mounts:
        vol = side._volume(m)
        if vol is None or vol.files or vol.data or "nocopy" in str(m.get("Mode", "")).split(","):
            continue
        prefix = m["Destination"].rstrip("/") + "/"
        for path, text in image_files.items():
            if path.startswith(prefix) and len(vol.files) < MAX_FILES:
                vol.files[path[len(prefix) :]] = text


def bind_mismatch(engine: EngineDoor, c: ContainerRecord) -> str:
    """runc's error when a bind puts a directory onto a file of the image or a file onto one of its directories
    ("" when every bind fits). A missing host path is the directory docker creates for it."""
    side = ContainerSide(engine, c, "root", "/", {})
    image_files = {**side.base_files(), **c.files}
    for m in c.mounts:
        if m["Type"] != "bind":
            continue
        target = m["Destination"].rstrip("/") or "/"
        source_is_file = binds.read(engine.host_files, m["Source"]) is not None
        target_is_file = target in image_files and target not in c.deleted
        target_is_dir = not target_is_file and any(p.startswith(target + "/") for p in image_files)
        if source_is_file != target_is_file and (target_is_file or target_is_dir):
            return (
                "failed to create task for container: failed to create shim task: OCI runtime create failed: runc "
                "create failed: unable to start container process: error during container init: error mounting "
                f'"{m["Source"]}" to rootfs at "{target}": mount src={m["Source"]}, dst={target}, '
                "dstFd=/proc/thread-self/fd/8, flags=MS_BIND|MS_REC: not a directory: unknown: Are you trying to "
                "mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the "
                "expected type"
            )
    return ""


def _agent(program: str) -> str:
    """The User-Agent header of the image's ``curl`` or BusyBox ``wget``."""
    return "curl/8.11.0" if program == "curl" else "Wget"


def _initial_env(side: ContainerSide, c: ContainerRecord, env: dict[str, str] | None) -> dict[str, str]:
    given = dict(env if env is not None else c.env_map())
    ordered: dict[str, str] = {}
    if "PATH" in given:
        ordered["PATH"] = given["PATH"]
    ordered["HOSTNAME"] = given.get("HOSTNAME", c.hostname)
    ordered.update(given)
    if c.tty:
        ordered.setdefault("TERM", "xterm")
    ordered.setdefault("HOME", side.home())
    return ordered


def run_argv(
    engine: EngineDoor,
    c: ContainerRecord,
    argv: list[str],
    *,
    user: str = "",
    workdir: str = "",
    env: dict[str, str] | None = None,
    stdin: str = "",
) -> Result:
    """Run one command (argv, no shell parsing) inside ``c``."""
    return ContainerShell(engine, c, user=user, workdir=workdir, env=env).run_argv(argv, stdin)


def run_script(
    engine: EngineDoor,
    c: ContainerRecord,
    script: str,
    *,
    user: str = "",
    workdir: str = "",
    env: dict[str, str] | None = None,
    stdin: str = "",
) -> Result:
    """Run a ``sh -c`` script inside ``c``."""
    return ContainerShell(engine, c, user=user, workdir=workdir, env=env).run(script, stdin)


def node_script(engine: EngineDoor, c: ContainerRecord, script: str, *, workdir: str = "") -> NodeRun:
    """What ``node script`` does in ``c``, read from its files (:mod:`dockersim.engine.nodejs`)."""
    from dockersim.engine import nodejs  # on first use: most sessions never run a Node script

    env = c.env_map()
    side = ContainerSide(engine, c, c.user, workdir or c.workdir or "/", env)
    image = engine.images.get(c.image_id)
    return nodejs.run(side, script, side.cwd, env, image.paths if image is not None else (), serves_at(engine, c))


def node_signal_exit(engine: EngineDoor, c: ContainerRecord, script: str, signal: str) -> int | None:
    """The status ``node script`` ends with on ``signal`` when the script handles it, else None."""
    from dockersim.engine import nodejs

    side = ContainerSide(engine, c, c.user, c.workdir or "/", c.env_map())
    text = side.read_raw(posixpath.join(side.cwd, script))
    return nodejs.signal_exit(text or "", signal)


def serves_at(engine: EngineDoor, c: ContainerRecord) -> Callable[[str, str], bool]:
    """Whether a running server of a kind (``redis``) answers at a host name, as ``c`` resolves it."""

    def reach(kind: str, host: str) -> bool:
        _, target = engine.resolve_host(c, host)
        return target is not None and target is not c and target.running and target.behaviour == kind

    return reach


__all__ = [
    "ContainerShell",
    "ContainerSide",
    "Result",
    "bind_mismatch",
    "fill_empty_volumes",
    "known_program",
    "node_script",
    "node_signal_exit",
    "os_of",
    "programs_of",
    "run_argv",
    "run_script",
    "serves_at",
]
assert all(name in REGISTRY for name in PROGRAM_METHODS)

_MEMBERS: dict[str, object] = {}


def _program_member(name: str) -> object:
    """``name`` as the container programs' classes define it (AttributeError when none does): what
    :class:`ContainerSide` would inherit from them, found in their method resolution order."""
    found = _MEMBERS.get(name)
    if found is None:
        from dockersim.engine.programs.container import ContainerPrograms

        for klass in ContainerPrograms.__mro__:
            if klass not in (ProgramBase, object) and name in vars(klass):
                found = _MEMBERS[name] = vars(klass)[name]
                break
        else:
            raise AttributeError(f"'ContainerSide' object has no attribute '{name}'")
    return found
