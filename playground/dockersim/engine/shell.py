"""A small model of what commands do inside a container: a modelled filesystem, users and name resolution.

Used by ``docker exec`` and by containers whose main process is a plain command. Everything not modelled
answers ``dockersim: … is not modelled by the simulator`` with status 1, never a fake success.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockersim.engine.state import MAX_FILES

if TYPE_CHECKING:
    from dockersim.engine.engine import Engine
    from dockersim.engine.state import ContainerRecord, VolumeRecord

SHELL_NAMES = {"sh", "bash", "/bin/sh", "/bin/bash", "ash", "/bin/ash"}
BASE_DIRS = [
    "bin",
    "boot",
    "dev",
    "etc",
    "home",
    "lib",
    "media",
    "mnt",
    "opt",
    "proc",
    "root",
    "run",
    "sbin",
    "srv",
    "sys",
    "tmp",
    "usr",
    "var",
]
USERS = {
    "root": (0, 0, "root"), "nobody": (65534, 65534, "nobody"), "node": (1000, 1000, "node"),
    "postgres": (999, 999, "postgres"), "redis": (999, 1000, "redis"), "mongodb": (999, 999, "mongodb"),
    "nginx": (101, 101, "nginx"), "www-data": (33, 33, "www-data"), "mysql": (999, 999, "mysql"),
    "elasticsearch": (1000, 0, "root"), "grafana": (472, 0, "root"),
}  # fmt: skip
NOT_MODELLED_HINT = "dockersim: '{}' is not modelled by the simulator"
PROGRAMS = {
    "echo", "cat", "ls", "pwd", "whoami", "id", "env", "printenv", "hostname", "ping", "curl", "wget", "ip",
    "touch", "mkdir", "rm", "true", "false", "exit", "cd", "sleep", "date", "uname", "mongosh", "mongo", "psql",
    "pg_isready", "redis-cli", "nginx", "sh", "bash", "ash", "node", "npm", "python", "python3", "pip", "java",
    "go", "mvn", "head", "tail", "wc", "grep", "ps", "nslookup", "getent", "df", "du", "export", "test", "[",
    "which", "apk", "apt-get", "apt", "yum", "chmod", "chown", "cp", "mv", "tee", "kill", "top", "free", "mysql",
    "printf", "nc", "ifconfig", "uptime", "basename", "dirname", "stat", "find", "hello", "/hello", "jshell",
}  # fmt: skip


@dataclass
class Result:
    """What a command printed and its exit status."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    keeps_running: bool = False
    slept: float = 0.0


class _ExitRequestError(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def known_program(prog: str, c: ContainerRecord) -> bool:
    """Whether ``prog`` exists in the container as far as the simulator knows."""
    base = prog.rsplit("/", 1)[-1]
    if base in PROGRAMS or prog in PROGRAMS:
        return True
    if prog.startswith(("/", "./")):
        return prog in c.files
    return False


def os_of(c: ContainerRecord) -> str:
    """alpine / debian / ubuntu / busybox, from what the engine recorded at create time."""
    return str(c.extra.get("os", "debian"))


class Shell:
    """One command's execution context inside a container."""

    def __init__(self, engine: Engine, c: ContainerRecord, user: str, workdir: str, env: dict[str, str]) -> None:
        self.engine = engine
        self.c = c
        self.user = user or "root"
        self.cwd = workdir or "/"
        ordered: dict[str, str] = {}
        if "PATH" in env:
            ordered["PATH"] = env["PATH"]
        ordered["HOSTNAME"] = env.get("HOSTNAME", c.hostname)
        ordered.update(env)
        if c.tty:
            ordered.setdefault("TERM", "xterm")
        self.env = ordered
        self.env.setdefault("HOME", "/root" if self.uid == 0 else f"/home/{self.username or 'nobody'}")
        self.out: list[str] = []
        self.err: list[str] = []
        self.keeps_running = False
        self.slept = 0.0

    # ------------------------------------------------------------------ identity

    @property
    def username(self) -> str:
        """The user name (empty for a numeric uid without a passwd entry)."""
        name = self.user.split(":")[0]
        if name.isdigit():
            for uname, (uid, _gid, _g) in USERS.items():
                if uid == int(name):
                    return uname
            return ""
        return name

    @property
    def uid(self) -> int:
        """The numeric user ID."""
        name = self.user.split(":")[0]
        if name.isdigit():
            return int(name)
        return USERS.get(name, (1000, 1000, name))[0]

    def id_line(self) -> str:
        """What ``id`` prints."""
        name = self.user.split(":")[0]
        group = self.user.split(":")[1] if ":" in self.user else ""
        if name.isdigit() and not self.username:
            gid = int(group) if group.isdigit() else 0
            gname = "root" if gid == 0 else ""
            g = f"{gid}({gname})" if gname else str(gid)
            return f"uid={name} gid={g} groups={g}"
        uid, gid, gname = USERS.get(self.username, (1000, 1000, self.username))
        if self.username == "root":
            extra = "0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)"
            return (
                f"uid=0(root) gid=0(root) groups={extra}"
                if os_of(self.c) == "alpine"
                else ("uid=0(root) gid=0(root) groups=0(root)")
            )
        return f"uid={uid}({self.username}) gid={gid}({gname}) groups={gid}({gname})"

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

    def base_files(self) -> dict[str, str]:
        """The image's readable files."""
        c = self.c
        osname = os_of(c)
        release = {
            "alpine": 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n',
            "ubuntu": (
                'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n'
            ),
            "busybox": 'NAME="BusyBox"\nVERSION_ID=1.37.0\n',
        }.get(
            osname,
            'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
            'VERSION="12 (bookworm)"\nID=debian\n',
        )
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
        return files

    def _user_network(self) -> bool:
        return any(n not in ("bridge", "host", "none") for n in self.c.networks)

    def read(self, path: str) -> str | None:
        """File content, or None when missing."""
        path = self.abspath(path)
        hit = self._mount_for(path)
        if hit is not None:
            vol = self._volume(hit[0])
            if vol is not None:
                return vol.files.get(hit[1])
            if hit[0]["Type"] == "bind":
                return self.engine.host_files.get(posixpath.join(hit[0]["Source"], hit[1]))
            return None
        if path in self.c.deleted:
            return None
        if path in self.c.files:
            return self.c.files[path]
        return self.base_files().get(path)

    def is_dir(self, path: str) -> bool:
        """Whether ``path`` is a directory."""
        path = self.abspath(path)
        if path == "/" or (path.lstrip("/").split("/")[0] in BASE_DIRS and path.count("/") == 1):
            return True
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
            names.update(BASE_DIRS)
        hit = self._mount_for(path)
        sources: list[str] = []
        if hit is not None and self._volume(hit[0]) is not None:
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

    def write(self, path: str, content: str, append: bool = False) -> str:
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
            key = posixpath.join(hit[0]["Source"], hit[1])
            old = self.engine.host_files.get(key, "") if append else ""
            self.engine.host_files[key] = (old + content)[-65536:]
            return ""
        old = (self.read(path) or "") if append else ""
        if len(self.c.files) < MAX_FILES or path in self.c.files:
            self.c.files[path] = (old + content)[-65536:]
        if path in self.c.deleted:
            self.c.deleted.remove(path)
        return ""

    # ------------------------------------------------------------------ running

    def run_script(self, script: str) -> int:
        """Run a ``sh -c`` script (``;``, ``&&``, ``||``)."""
        code = 0
        for chunk, op in split_commands(script):
            if op == "&&" and code != 0:
                continue
            if op == "||" and code == 0:
                continue
            code = self.run_line(chunk)
        return code

    def run_line(self, line: str) -> int:
        """Run one simple command with redirections."""
        line = line.strip()
        if not line or line.startswith("#"):
            return 0
        try:
            words = shlex.split(line, posix=True)
        except ValueError:
            self.err.append("sh: syntax error: unterminated quoted string\n")
            return 2
        words = [self._expand(w) for w in words]
        redirect: tuple[str, bool] | None = None
        argv: list[str] = []
        i = 0
        while i < len(words):
            w = words[i]
            if w in (">", ">>") and i + 1 < len(words):
                redirect = (words[i + 1], w == ">>")
                i += 2
                continue
            if w.startswith(">>") and len(w) > 2:
                redirect = (w[2:], True)
            elif w.startswith(">") and len(w) > 1 and w != ">":
                redirect = (w[1:], False)
            elif w in ("2>&1",) or w.startswith("2>"):
                pass
            else:
                argv.append(w)
            i += 1
        if "|" in argv:
            argv = argv[: argv.index("|")]
        if not argv:
            return 0
        if redirect is None:
            return self.run(argv)
        saved = self.out
        self.out = []
        code = self.run(argv)
        text = "".join(self.out)
        self.out = saved
        reason = self.write(redirect[0], text, append=redirect[1])
        if reason:
            self.err.append(f"sh: can't create {redirect[0]}: {reason}\n")
            return 1
        return code

    def _expand(self, word: str) -> str:
        return re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: self.env.get(m.group(1), ""), word)

    def say(self, text: str) -> None:
        """Print a line to stdout."""
        self.out.append(text if text.endswith("\n") or not text else text + "\n")

    def fail(self, text: str, code: int = 1) -> int:
        """Print to stderr and return ``code``."""
        self.err.append(text if text.endswith("\n") else text + "\n")
        return code

    def run(self, argv: list[str]) -> int:
        """Run one argv."""
        prog = argv[0]
        base = prog.rsplit("/", 1)[-1]
        handler = getattr(self, "_cmd_" + base.replace("-", "_").replace(".", "_"), None)
        if base in ("sh", "bash", "ash"):
            if len(argv) >= 3 and argv[1] == "-c":
                return self.run_script(argv[2])
            if len(argv) == 1:
                return 0
            return self.fail(NOT_MODELLED_HINT.format(" ".join(argv)))
        if handler is not None and base in PROGRAMS:
            try:
                return int(handler(argv[1:]))
            except (TypeError, ValueError, KeyError, AttributeError, IndexError):
                return self.fail(f"dockersim: {base}: the simulated container state is damaged; recreate the container")
        if base in PROGRAMS or prog.startswith("/"):
            if prog.startswith("/") and base not in PROGRAMS and prog not in self.c.files:
                return self.fail(f"sh: {prog}: not found", 127)
            return self.fail(NOT_MODELLED_HINT.format(base))
        return self.fail(f"sh: {prog}: not found", 127)

    # ------------------------------------------------------------------ commands

    def _cmd_echo(self, args: list[str]) -> int:
        newline = True
        if args and args[0] == "-n":
            newline, args = False, args[1:]
        text = " ".join(args)
        self.out.append(text + ("\n" if newline else ""))
        return 0

    def _cmd_printf(self, args: list[str]) -> int:
        if not args:
            return self.fail("printf: usage: printf format [arguments]", 2)
        fmt = args[0].replace("\\n", "\n").replace("\\t", "\t")
        try:
            self.out.append(fmt.replace("%s", "{}").format(*args[1:]) if "%s" in fmt else fmt)
        except IndexError:
            self.out.append(fmt.replace("%s", ""))
        return 0

    def _cmd_true(self, args: list[str]) -> int:
        return 0

    def _cmd_false(self, args: list[str]) -> int:
        return 1

    def _cmd_exit(self, args: list[str]) -> int:
        raise _ExitRequestError(int(args[0]) if args and args[0].isdigit() else 0)

    def _cmd_cd(self, args: list[str]) -> int:
        target = self.abspath(args[0] if args else self.env.get("HOME", "/"))
        if not self.is_dir(target):
            return self.fail(f"sh: cd: can't cd to {args[0] if args else target}: No such file or directory", 2)
        self.cwd = target
        return 0

    def _cmd_export(self, args: list[str]) -> int:
        for a in args:
            k, _, v = a.partition("=")
            self.env[k] = v
        return 0

    def _cmd_pwd(self, args: list[str]) -> int:
        self.say(self.cwd)
        return 0

    def _cmd_whoami(self, args: list[str]) -> int:
        if not self.username:
            return self.fail(f"whoami: unknown uid {self.uid}")
        self.say(self.username)
        return 0

    def _cmd_id(self, args: list[str]) -> int:
        if "-u" in args:
            self.say(str(self.uid))
        elif "-un" in args:
            return self.cmd_whoami([])
        else:
            self.say(self.id_line())
        return 0

    def _cmd_hostname(self, args: list[str]) -> int:
        if "-i" in args or "-I" in args:
            self.say(self.engine.primary_ip(self.c) or "127.0.0.1")
        else:
            self.say(self.c.hostname)
        return 0

    def _cmd_env(self, args: list[str]) -> int:
        if args:
            return self.fail(NOT_MODELLED_HINT.format("env " + " ".join(args)))
        for k, v in self.env.items():
            self.say(f"{k}={v}")
        return 0

    def _cmd_printenv(self, args: list[str]) -> int:
        if not args:
            return self.cmd_env([])
        if args[0] in self.env:
            self.say(self.env[args[0]])
            return 0
        return 1

    def _cmd_uname(self, args: list[str]) -> int:
        if "-a" in args:
            self.say(f"Linux {self.c.hostname} 6.10.14-linuxkit #1 SMP Thu Oct 24 19:28:55 UTC 2024 x86_64 GNU/Linux")
        elif "-m" in args:
            self.say("x86_64")
        elif "-r" in args:
            self.say("6.10.14-linuxkit")
        else:
            self.say("Linux")
        return 0

    def _cmd_date(self, args: list[str]) -> int:
        import time

        self.say(time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(self.engine.now())))
        return 0

    def _cmd_uptime(self, args: list[str]) -> int:
        mins = int((self.engine.now() - self.c.started_at) // 60)
        self.say(f" up {mins} min,  load average: 0.02, 0.04, 0.01")
        return 0

    def _cmd_sleep(self, args: list[str]) -> int:
        if not args:
            return self.fail("sleep: missing operand")
        try:
            self.slept += max(0.0, float(args[0].rstrip("s")))
        except ValueError:
            if args[0] == "infinity":
                self.keeps_running = True
                return 0
            return self.fail(f"sleep: invalid number '{args[0]}'")
        return 0

    def _cmd_cat(self, args: list[str]) -> int:
        code = 0
        for a in (x for x in args if not x.startswith("-")):
            content = self.read(a)
            if content is None:
                kind = "Is a directory" if self.is_dir(a) else "No such file or directory"
                code = self.fail(
                    f"cat: read error: {kind}" if kind == "Is a directory" else f"cat: can't open '{a}': {kind}"
                )
                continue
            self.out.append(content)
        return code

    def _cmd_head(self, args: list[str]) -> int:
        files = [a for a in args if not a.startswith("-") and not a.isdigit()]
        if not files:
            return 0
        content = self.read(files[0])
        if content is None:
            return self.fail(f"head: {files[0]}: No such file or directory")
        self.out.append("".join(content.splitlines(True)[:10]))
        return 0

    def _cmd_tail(self, args: list[str]) -> int:
        if "-f" in args:
            self.keeps_running = True
            return 0
        files = [a for a in args if not a.startswith("-") and not a.isdigit()]
        if not files:
            return 0
        content = self.read(files[0])
        if content is None:
            return self.fail(f"tail: can't open '{files[0]}': No such file or directory")
        self.out.append("".join(content.splitlines(True)[-10:]))
        return 0

    def _cmd_wc(self, args: list[str]) -> int:
        files = [a for a in args if not a.startswith("-")]
        for f in files:
            content = self.read(f)
            if content is None:
                return self.fail(f"wc: {f}: No such file or directory")
            self.say(f"{content.count(chr(10)):>7} {len(content.split()):>7} {len(content):>7} {f}")
        return 0

    def _cmd_ls(self, args: list[str]) -> int:
        long = any(a.startswith("-") and "l" in a for a in args)
        paths = [a for a in args if not a.startswith("-")] or [self.cwd]
        code = 0
        for p in paths:
            names = self.listing(p)
            if names is None:
                if self.read(p) is not None:
                    self.say(p)
                    continue
                code = self.fail(
                    f"ls: {p}: No such file or directory"
                    if os_of(self.c) in ("alpine", "busybox")
                    else f"ls: cannot access '{p}': No such file or directory",
                    1 if os_of(self.c) in ("alpine", "busybox") else 2,
                )
                continue
            if len(paths) > 1:
                self.say(f"{p}:")
            if long:
                self.say(f"total {len(names) * 4}")
                for n in names:
                    full = posixpath.join(self.abspath(p), n)
                    if self.is_dir(full):
                        self.say(f"drwxr-xr-x    2 root     root          4096 Nov 28 09:00 {n}")
                    else:
                        size = len(self.read(full) or "")
                        self.say(f"-rw-r--r--    1 root     root    {size:>10} Nov 28 09:00 {n}")
            elif names:
                self.say("\n".join(names) if not self.c.tty else "  ".join(names))
        return code

    def _cmd_touch(self, args: list[str]) -> int:
        code = 0
        for a in args:
            if a.startswith("-"):
                continue
            existing = self.read(a)
            reason = self.write(a, existing or "", append=False)
            if reason:
                code = self.fail(
                    f"touch: {a}: {reason}"
                    if os_of(self.c) in ("alpine", "busybox")
                    else f"touch: cannot touch '{a}': {reason}"
                )
        return code

    def _cmd_mkdir(self, args: list[str]) -> int:
        parents = "-p" in args
        for a in args:
            if a.startswith("-"):
                continue
            path = self.abspath(a)
            if self.is_dir(path):
                if not parents:
                    return self.fail(f"mkdir: can't create directory '{a}': File exists")
                continue
            reason = self.writable(path)
            if reason:
                return self.fail(f"mkdir: can't create directory '{a}': {reason}")
            if not parents and not self.is_dir(posixpath.dirname(path)):
                return self.fail(f"mkdir: can't create directory '{a}': No such file or directory")
            hit = self._mount_for(path)
            vol = self._volume(hit[0]) if hit else None
            if vol is not None and hit is not None:
                vol.files.setdefault(hit[1] + "/.keep", "")
            elif len(self.c.dirs) < MAX_FILES:
                self.c.dirs.append(path)
        return 0

    def _cmd_rm(self, args: list[str]) -> int:
        force = any(a.startswith("-") and "f" in a for a in args)
        for a in (x for x in args if not x.startswith("-")):
            path = self.abspath(a)
            hit = self._mount_for(path)
            vol = self._volume(hit[0]) if hit else None
            if vol is not None and hit is not None:
                removed = [k for k in vol.files if k == hit[1] or k.startswith(hit[1] + "/")]
                for k in removed:
                    del vol.files[k]
                if not removed and not force:
                    return self.fail(f"rm: can't remove '{a}': No such file or directory")
                continue
            if self.read(path) is None and not self.is_dir(path):
                if not force:
                    return self.fail(f"rm: can't remove '{a}': No such file or directory")
                continue
            reason = self.writable(path)
            if reason:
                return self.fail(f"rm: can't remove '{a}': {reason}")
            self.c.files.pop(path, None)
            if path not in self.c.deleted and len(self.c.deleted) < MAX_FILES:
                self.c.deleted.append(path)
        return 0

    def _cmd_tee(self, args: list[str]) -> int:
        return self.fail(NOT_MODELLED_HINT.format("tee (reading stdin)"))

    def _cmd_ip(self, args: list[str]) -> int:
        if not args or args[0] not in ("a", "addr", "address"):
            return self.fail(NOT_MODELLED_HINT.format("ip " + " ".join(args)))
        self.say(
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n"
            "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
            "    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever"
        )
        n = 2
        for name, ep in self.c.networks.items():
            if name in ("none", "host") or not ep.get("IPAddress"):
                continue
            ifname = f"eth{n - 2}"
            self.say(
                f"{n}: {ifname}@if{n + 10}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state "
                f"UP\n    link/ether {ep['MacAddress']} brd ff:ff:ff:ff:ff:ff\n    inet {ep['IPAddress']}/"
                f"{ep.get('IPPrefixLen', 16)} brd {_broadcast(ep['IPAddress'])} scope global {ifname}\n"
                "       valid_lft forever preferred_lft forever"
            )
            n += 1
        return 0

    _cmd_ifconfig = _cmd_ip

    def _resolve(self, host: str) -> tuple[str, ContainerRecord | None]:
        return self.engine.resolve_host(self.c, host)

    def _cmd_ping(self, args: list[str]) -> int:
        count = 0
        host = ""
        i = 0
        while i < len(args):
            if args[i] == "-c" and i + 1 < len(args):
                count = int(args[i + 1]) if args[i + 1].isdigit() else 0
                i += 2
                continue
            if not args[i].startswith("-"):
                host = args[i]
            i += 1
        if not host:
            return self.fail("BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST")
        if self.c.network_mode == "none" and host not in ("localhost", "127.0.0.1"):
            return self.fail(f"ping: bad address '{host}'" if not _is_ip(host) else "ping: sendto: Network unreachable")
        ip, target = self._resolve(host)
        if not ip:
            if "." in host and not _is_ip(host) and self.c.network_mode != "none":
                ip = "142.250.74.46" if "google" in host else "93.184.215.14"
                target = None
            else:
                return self.fail(f"ping: bad address '{host}'")
        shown = count or 4
        reachable = target is not None and (target.id == self.c.id or self.engine.reachable(self.c, target))
        external = target is None and not ip.startswith(("172.", "192.168.", "10.", "127."))
        self.say(f"PING {host} ({ip}): 56 data bytes")
        if reachable or external:
            times = (
                [0.051 + 0.013 * ((k * 7) % 5) for k in range(shown)]
                if reachable
                else [11.2 + 0.4 * ((k * 3) % 4) for k in range(shown)]
            )
            ttl = 64 if reachable else 116
            for k, t in enumerate(times):
                self.say(f"64 bytes from {ip}: seq={k} ttl={ttl} time={t:.3f} ms")
            self.say(
                f"\n--- {host} ping statistics ---\n{shown} packets transmitted, {shown} packets received, 0% "
                f"packet loss\nround-trip min/avg/max = {min(times):.3f}/{sum(times) / len(times):.3f}/"
                f"{max(times):.3f} ms"
            )
            if not count:
                self.err.append("dockersim: ping runs until interrupted; showing the first 4 replies (use ping -c N)\n")
            return 0
        self.say(f"\n--- {host} ping statistics ---\n{shown} packets transmitted, 0 packets received, 100% packet loss")
        return 1

    def _http(self, url: str) -> tuple[int, str, str]:
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
        from dockersim.engine import process

        kind = process.kind_of(target)
        if port not in listens or kind not in ("server", "app"):
            return 0, "", f"Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
        if target.behaviour == "nginx":
            self._access_log(target, "curl/8.11.0" if self._agent == "curl" else "Wget")
            return 200, NGINX_INDEX, ""
        if target.behaviour == "httpd":
            return 200, "<html><body><h1>It works!</h1></body></html>\n", ""
        if target.behaviour in ("redis", "postgres", "mysql", "mongo"):
            return 0, "", f"Recv failure: Connection reset by peer ({target.behaviour} does not speak HTTP)"
        return 200, '{"status":"ok"}\n', ""

    _agent = "curl"

    def _access_log(self, target: ContainerRecord, agent: str) -> None:
        """nginx's access log line for a request from this container."""
        import time

        source = self.engine.primary_ip(self.c) or "127.0.0.1"
        if target.id == self.c.id:
            source = "127.0.0.1"
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(self.engine.now()))
        target.log(self.engine.now(), f'{source} - - [{stamp}] "GET / HTTP/1.1" 200 615 "-" "{agent}" "-"')

    def _cmd_curl(self, args: list[str]) -> int:
        urls = [a for a in args if not a.startswith("-")]
        if not urls:
            return self.fail("curl: try 'curl --help' or 'curl --manual' for more information", 2)
        status, body, error = self._http(urls[0])
        if error:
            if error.startswith("dockersim:"):
                return self.fail(error)
            return self.fail(f"curl: ({6 if 'resolve' in error else 7}) {error}", 6 if "resolve" in error else 7)
        if "-I" in args or "--head" in args:
            self.say(f"HTTP/1.1 {status} OK\nServer: nginx/1.27.3\nContent-Type: text/html\n")
            return 0
        self.out.append(body)
        return 0

    def _cmd_wget(self, args: list[str]) -> int:
        self._agent = "wget"
        urls = [a for a in args if not a.startswith("-")]
        if not urls:
            return self.fail("BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL", 1)
        quiet_stdout = "-O-" in args or ("-O" in args and "-" in args) or "-qO-" in args
        _status, body, error = self._http(urls[-1])
        host = re.sub(r"^https?://", "", urls[-1]).split("/")[0]
        if error:
            if error.startswith("dockersim:"):
                return self.fail(error)
            if "resolve" in error:
                return self.fail(f"wget: bad address '{host.split(':')[0]}'")
            return self.fail(f"Connecting to {host}\nwget: can't connect to remote host: Connection refused")
        if quiet_stdout:
            self.out.append(body)
        else:
            self.err.append(
                f"Connecting to {host}\nsaving to 'index.html'\nindex.html           100% |****| "
                f"{len(body)}  0:00:00 ETA\n'index.html' saved\n"
            )
            self.write("index.html", body)
        return 0

    def _cmd_nslookup(self, args: list[str]) -> int:
        host = next((a for a in args if not a.startswith("-")), "")
        ip, _ = self._resolve(host)
        ns = "127.0.0.11" if self._user_network() else "192.168.65.7"
        if not ip:
            return self.fail(f"Server:\t\t{ns}\nAddress:\t{ns}:53\n\n** server can't find {host}: NXDOMAIN", 1)
        self.say(f"Server:\t\t{ns}\nAddress:\t{ns}:53\n\nNon-authoritative answer:\nName:\t{host}\nAddress: {ip}")
        return 0

    def _cmd_getent(self, args: list[str]) -> int:
        if len(args) >= 2 and args[0] == "hosts":
            ip, _ = self._resolve(args[1])
            if not ip:
                return 2
            self.say(f"{ip:<15} {args[1]}")
            return 0
        return self.fail(NOT_MODELLED_HINT.format("getent " + " ".join(args)))

    def _cmd_ps(self, args: list[str]) -> int:
        argv = " ".join([self.c.path, *self.c.args])
        if os_of(self.c) in ("alpine", "busybox"):
            self.say(f"PID   USER     TIME  COMMAND\n    1 {self.username or self.uid:<8} 0:00 {argv}")
        else:
            self.say(f"    PID TTY          TIME CMD\n      1 ?        00:00:00 {argv.split()[0].rsplit('/', 1)[-1]}")
        return 0

    def _cmd_which(self, args: list[str]) -> int:
        code = 0
        for a in args:
            if a in PROGRAMS:
                self.say(f"/usr/bin/{a}" if a not in ("sh", "ls", "cat") else f"/bin/{a}")
            else:
                code = 1
        return code

    def _cmd_nginx(self, args: list[str]) -> int:
        if self.c.behaviour != "nginx":
            return self.fail("sh: nginx: not found", 127)
        if "-t" in args or "-T" in args:
            self.err.append(
                "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
            )
            return 0
        if "-v" in args or "-V" in args:
            self.err.append(f"nginx version: nginx/{self.env.get('NGINX_VERSION', '1.27.3')}\n")
            return 0
        if "-s" in args:
            signal = args[args.index("-s") + 1] if args.index("-s") + 1 < len(args) else ""
            self.c.log(self.engine.now(), f"signal process started ({signal})", "stderr")
            self.err.append(f"{_nginx_time(self)} [notice] 40#40: signal process started\n")
            return 0
        return self.fail("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)")

    # ---------------------------------------------------------------- databases

    def _db_volume(self, path: str) -> VolumeRecord | None:
        hit = self._mount_for(path)
        return self._volume(hit[0]) if hit else None

    def _ephemeral_data(self) -> dict[str, list[Any]]:
        return self.c.extra.setdefault("data", {})

    def _store(self, path: str) -> dict[str, list[Any]]:
        vol = self._db_volume(path)
        return vol.data if vol is not None else self._ephemeral_data()

    def _cmd_mongosh(self, args: list[str]) -> int:
        if self.c.behaviour != "mongo":
            return self.fail("sh: mongosh: not found", 127)
        if "--eval" not in args:
            return self.fail(
                'dockersim: an interactive mongosh session cannot be simulated; use mongosh --eval "<expression>"'
            )
        expr = args[args.index("--eval") + 1] if args.index("--eval") + 1 < len(args) else ""
        store = self._store("/data/db")
        db = next((a for a in args if not a.startswith("-") and a != expr and "/" not in a), "test")
        m = re.match(r"^\s*db\.(\w+)\.(\w+)\((.*)\)\s*;?\s*$", expr, re.S)
        if expr.strip() in ("db.version()",):
            self.say(self.env.get("MONGO_VERSION", "8.0.3"))
            return 0
        if expr.strip() in ("db.getName()",):
            self.say(db)
            return 0
        if expr.strip().startswith(("show dbs", "db.adminCommand({listDatabases")):
            self.say("admin   40.00 KiB\nconfig  12.00 KiB\nlocal   40.00 KiB")
            for key in {k.split(".")[0] for k in store}:
                self.say(f"{key}    40.00 KiB")
            return 0
        if expr.strip() in (
            "db.runCommand({ping:1})",
            "db.runCommand({ ping: 1 })",
            "db.adminCommand('ping')",
            'db.adminCommand("ping")',
        ):
            self.say("{ ok: 1 }")
            return 0
        if not m:
            return self.fail(NOT_MODELLED_HINT.format(f"mongosh expression {expr!r}"))
        coll, op, arg = m.groups()
        key = f"{db}.{coll}"
        docs = store.setdefault(key, []) if op.startswith("insert") else store.get(key, [])
        if op == "insertOne":
            doc = _js_object(arg)
            if doc is None:
                return self.fail(f"Uncaught:\nSyntaxError: Unexpected token ({arg[:30]})")
            oid = self.engine.ids.new_id()[:24]
            doc = {"_id": f"ObjectId('{oid}')", **doc}
            docs.append(doc)
            if len(docs) > 1000:
                del docs[0]
            self.say(f"{{\n  acknowledged: true,\n  insertedId: ObjectId('{oid}')\n}}")
            return 0
        if op == "insertMany":
            items = re.findall(r"\{[^{}]*\}", arg)
            ids = []
            for item in items:
                doc = _js_object(item) or {}
                oid = self.engine.ids.new_id()[:24]
                docs.append({"_id": f"ObjectId('{oid}')", **doc})
                ids.append(oid)
            body = ",\n".join(f"    '{i}': ObjectId('{o}')" for i, o in enumerate(ids))
            self.say(f"{{\n  acknowledged: true,\n  insertedIds: {{\n{body}\n  }}\n}}")
            return 0
        if op in ("find", "findOne"):
            flt = _js_object(arg) if arg.strip() else {}
            hits = [d for d in docs if all(d.get(k) == v for k, v in (flt or {}).items())]
            if op == "findOne":
                hits = hits[:1]
            if not hits:
                self.say("null" if op == "findOne" else "")
                return 0
            self.say(
                ("[\n" if op == "find" else "")
                + ",\n".join(_mongo_doc(d, op == "find") for d in hits)
                + ("\n]" if op == "find" else "")
            )
            return 0
        if op in ("countDocuments", "count"):
            self.say(str(len(docs)))
            return 0
        if op == "drop":
            store.pop(key, None)
            self.say("true")
            return 0
        return self.fail(NOT_MODELLED_HINT.format(f"mongosh {op}()"))

    _cmd_mongo = _cmd_mongosh

    def _cmd_pg_isready(self, args: list[str]) -> int:
        if self.c.behaviour != "postgres":
            return self.fail("sh: pg_isready: not found", 127)
        self.say("/var/run/postgresql:5432 - accepting connections")
        return 0

    def _cmd_psql(self, args: list[str]) -> int:
        if self.c.behaviour != "postgres":
            return self.fail("sh: psql: not found", 127)
        user = self.env.get("POSTGRES_USER", "postgres")
        db = self.env.get("POSTGRES_DB", user)
        sql = ""
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-U", "--username") and i + 1 < len(args):
                user, i = args[i + 1], i + 2
                continue
            if a in ("-d", "--dbname") and i + 1 < len(args):
                db, i = args[i + 1], i + 2
                continue
            if a in ("-c", "--command") and i + 1 < len(args):
                sql, i = args[i + 1], i + 2
                continue
            if a.startswith("-U") and len(a) > 2:
                user = a[2:]
            elif not a.startswith("-"):
                db = a
            i += 1
        pg_store = self._store(self.env.get("PGDATA", "/var/lib/postgresql/data"))
        roles = {self.env.get("POSTGRES_USER", "postgres"), "postgres"}
        if user not in roles:
            return self.fail(
                f'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" '
                f'failed: FATAL:  role "{user}" does not exist',
                2,
            )
        dbs = pg_store.get("pg:_databases") or ["postgres", self.env.get("POSTGRES_DB", user)]
        if db not in dbs:
            return self.fail(
                f'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" '
                f'failed: FATAL:  database "{db}" does not exist',
                2,
            )
        if not sql:
            return self.fail(
                'dockersim: an interactive psql session cannot be simulated; use psql -U <user> -c "<SQL>"'
            )
        code = 0
        for stmt in [s.strip() for s in sql.split(";") if s.strip()]:
            code = self._sql(pg_store, db, stmt) or code
        return code

    def _sql(self, store: dict[str, list[Any]], db: str, stmt: str) -> int:
        up = stmt.upper()
        m = re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\((.*)\)$", stmt, re.I | re.S)
        if m:
            key = f"pg:{db}.{m.group(1).lower()}"
            if key in store and "IF NOT EXISTS" not in up:
                return self.fail(f'ERROR:  relation "{m.group(1).lower()}" already exists')
            cols = [c.strip().split()[0].lower() for c in m.group(2).split(",") if c.strip()]
            store.setdefault(key, [])
            store[f"pgcols:{db}.{m.group(1).lower()}"] = cols
            self.say("CREATE TABLE")
            return 0
        m = re.match(r"INSERT INTO (\w+)\s*(?:\(([^)]*)\))?\s*VALUES\s*(.*)$", stmt, re.I | re.S)
        if m:
            table = m.group(1).lower()
            key = f"pg:{db}.{table}"
            if key not in store:
                return self.fail(f'ERROR:  relation "{table}" does not exist\nLINE 1: INSERT INTO {table}')
            cols = [c.strip().lower() for c in (m.group(2) or "").split(",") if c.strip()] or [
                c for c in store.get(f"pgcols:{db}.{table}", []) if c != "id"
            ]
            rows = re.findall(r"\(([^)]*)\)", m.group(3))
            for row in rows:
                values = [v.strip().strip("'") for v in row.split(",")]
                record: dict[str, Any] = (
                    {"id": len(store[key]) + 1} if "id" in store.get(f"pgcols:{db}.{table}", []) else {}
                )
                record.update(dict(zip(cols, values, strict=False)))
                store[key].append(record)
            self.say(f"INSERT 0 {len(rows)}")
            return 0
        m = re.match(r"SELECT (.+?) FROM (\w+)", stmt, re.I | re.S)
        if m:
            table = m.group(2).lower()
            key = f"pg:{db}.{table}"
            if key not in store:
                return self.fail(f'ERROR:  relation "{table}" does not exist\nLINE 1: {stmt[:40]}')
            rows = store[key]
            if m.group(1).strip().upper() == "COUNT(*)":
                self.say(f" count \n-------\n {len(rows):>5}\n(1 row)\n")
                return 0
            cols = store.get(f"pgcols:{db}.{table}") or sorted({k for r in rows for k in r})
            if m.group(1).strip() != "*":
                cols = [c.strip().lower() for c in m.group(1).split(",")]
            widths = [max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in cols]
            self.say(" " + " | ".join(c.center(w) for c, w in zip(cols, widths, strict=True)) + " ")
            self.say("-" + "-+-".join("-" * w for w in widths) + "-")
            for r in rows:
                self.say(" " + " | ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths, strict=True)) + " ")
            self.say(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
            return 0
        m = re.match(r"CREATE DATABASE (\w+)", stmt, re.I)
        if m:
            dbs = store.setdefault("pg:_databases", ["postgres"])
            if m.group(1).lower() in dbs:
                return self.fail(f'ERROR:  database "{m.group(1).lower()}" already exists')
            dbs.append(m.group(1).lower())
            self.say("CREATE DATABASE")
            return 0
        if up.startswith("SELECT VERSION()"):
            v = self.env.get("PG_VERSION", "17.2").split("-")[0]
            self.say(
                f"                                                       version\n{'-' * 60}\n PostgreSQL {v} "
                "(Debian) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit\n(1 row)\n"
            )
            return 0
        if up.startswith("SELECT 1"):
            self.say(" ?column? \n----------\n        1\n(1 row)\n")
            return 0
        if stmt.strip() == "\\dt":
            tables = sorted(k.split(".", 1)[1] for k in store if k.startswith(f"pg:{db}."))
            if not tables:
                self.say("Did not find any relations.")
                return 0
            owner = self.env.get("POSTGRES_USER", "postgres")
            width = max(4, *(len(t) for t in tables))
            self.say("          List of relations")
            self.say(f" Schema | {'Name'.ljust(width)} | Type  | Owner")
            self.say(f"--------+-{'-' * width}-+-------+{'-' * (len(owner) + 2)}")
            for t in tables:
                self.say(f" public | {t.ljust(width)} | table | {owner}")
            self.say(f"({len(tables)} row{'s' if len(tables) != 1 else ''})\n")
            return 0
        if stmt.strip() == "\\l":
            dbs = store.get("pg:_databases") or ["postgres"]
            owner = self.env.get("POSTGRES_USER", "postgres")
            names = sorted({*dbs, "template0", "template1"})
            width = max(4, *(len(n) for n in names))
            self.say("                                List of databases")
            self.say(f" {'Name'.ljust(width)} | Owner    | Encoding | Collate    | Ctype")
            self.say(f"-{'-' * width}-+----------+----------+------------+------------")
            for n in names:
                self.say(f" {n.ljust(width)} | {owner:<8} | UTF8     | en_US.utf8 | en_US.utf8")
            self.say(f"({len(names)} rows)\n")
            return 0
        if stmt.strip().startswith("\\"):
            return self.fail(NOT_MODELLED_HINT.format(f"psql meta-command {stmt.strip()}"))
        return self.fail(NOT_MODELLED_HINT.format(f"SQL statement {stmt[:40]!r}"))

    def _cmd_redis_cli(self, args: list[str]) -> int:
        if self.c.behaviour != "redis":
            return self.fail("sh: redis-cli: not found", 127)
        words = [a for a in args if not a.startswith("-")]
        i = 0
        while i < len(args):
            if args[i] in ("-h", "-p", "-a", "-n") and i + 1 < len(args):
                words.remove(args[i + 1]) if args[i + 1] in words else None
                i += 2
                continue
            i += 1
        if not words:
            return self.fail(
                "dockersim: an interactive redis-cli session cannot be simulated; pass a command "
                "(redis-cli ping, redis-cli set k v, redis-cli get k)"
            )
        store = self._store("/data")
        kv = store.setdefault("redis:kv", [{}])[0]
        cmd = words[0].upper()
        if cmd == "PING":
            self.say("PONG")
        elif cmd == "SET" and len(words) >= 3:
            kv[words[1]] = words[2]
            self.say("OK")
        elif cmd == "GET" and len(words) >= 2:
            self.say(f'"{kv[words[1]]}"' if words[1] in kv and self.c.tty else kv.get(words[1], ""))
        elif cmd == "DEL" and len(words) >= 2:
            self.say(str(sum(1 for w in words[1:] if kv.pop(w, None) is not None)))
        elif cmd == "INCR" and len(words) >= 2:
            kv[words[1]] = str(int(kv.get(words[1], "0")) + 1)
            self.say(kv[words[1]])
        elif cmd == "KEYS":
            self.say("\n".join(sorted(kv)))
        elif cmd == "DBSIZE":
            self.say(str(len(kv)))
        elif cmd == "INFO":
            self.say(f"# Server\r\nredis_version:{self.env.get('REDIS_VERSION', '7.4.1')}\r\nredis_mode:standalone")
        elif cmd in ("SAVE", "FLUSHALL"):
            if cmd == "FLUSHALL":
                kv.clear()
            self.say("OK")
        else:
            return self.fail(NOT_MODELLED_HINT.format(f"redis-cli {cmd}"))
        return 0

    def _cmd_mysql(self, args: list[str]) -> int:
        if self.c.behaviour != "mysql":
            return self.fail("sh: mysql: not found", 127)
        return self.fail(NOT_MODELLED_HINT.format("the mysql client"))

    # ---------------------------------------------------------------- runtimes

    def _cmd_node(self, args: list[str]) -> int:
        version = self.env.get("NODE_VERSION")
        if not version:
            return self.fail("sh: node: not found", 127)
        if args[:1] in (["-v"], ["--version"]):
            self.say(f"v{version}")
            return 0
        if args[:1] == ["-e"] and len(args) > 1:
            m = re.fullmatch(r"\s*console\.log\((['\"])(.*)\1\)\s*;?\s*", args[1])
            if m:
                self.say(m.group(2))
                return 0
        return self.fail(NOT_MODELLED_HINT.format("node " + " ".join(args)))

    def _cmd_npm(self, args: list[str]) -> int:
        if not self.env.get("NODE_VERSION"):
            return self.fail("sh: npm: not found", 127)
        if args[:1] in (["-v"], ["--version"]):
            major = self.env["NODE_VERSION"].split(".")[0]
            self.say({"18": "10.8.2", "20": "10.8.2", "22": "10.9.0"}.get(major, "10.9.0"))
            return 0
        return self.fail(NOT_MODELLED_HINT.format("npm " + " ".join(args)))

    def _cmd_python(self, args: list[str]) -> int:
        version = self.env.get("PYTHON_VERSION")
        if not version:
            return self.fail("sh: python: not found", 127)
        if args[:1] in (["-V"], ["--version"]):
            self.say(f"Python {version}")
            return 0
        if args[:1] == ["-c"] and len(args) > 1:
            m = re.fullmatch(r"\s*print\((['\"])(.*)\1\)\s*", args[1])
            if m:
                self.say(m.group(2))
                return 0
        return self.fail(NOT_MODELLED_HINT.format("python " + " ".join(args)))

    _cmd_python3 = _cmd_python

    def _cmd_java(self, args: list[str]) -> int:
        java = self.env.get("JAVA_VERSION", "")
        if not java:
            return self.fail("sh: java: not found", 127)
        if args[:1] in (["-version"], ["--version"]):
            v = java.removeprefix("jdk-").split("+")[0]
            self.err.append(
                f'openjdk version "{v}" 2024-10-15\nOpenJDK Runtime Environment (build {v})\n'
                f"OpenJDK 64-Bit Server VM (build {v}, mixed mode, sharing)\n"
            )
            return 0
        return self.fail(NOT_MODELLED_HINT.format("java " + " ".join(args)))

    def _cmd_go(self, args: list[str]) -> int:
        version = self.env.get("GOLANG_VERSION")
        if not version:
            return self.fail("sh: go: not found", 127)
        if args[:1] == ["version"]:
            self.say(f"go version go{version} linux/amd64")
            return 0
        return self.fail(NOT_MODELLED_HINT.format("go " + " ".join(args)))

    def _cmd_df(self, args: list[str]) -> int:
        self.say(
            "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
            "overlay               61202244  18734852  39326060  32% /"
        )
        return 0


def _nginx_time(sh: Shell) -> str:
    import time

    return time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(sh.engine.now()))


def split_commands(script: str) -> list[tuple[str, str]]:
    """Split a shell line on ``;``, ``&&``, ``||`` and newlines outside quotes: (chunk, operator before it)."""
    parts: list[tuple[str, str]] = []
    buf: list[str] = []
    quote = ""
    op = ";"
    i = 0
    while i < len(script):
        ch = script[i]
        if quote:
            buf.append(ch)
            if ch == quote:
                quote = ""
            i += 1
            continue
        if ch in "'\"":
            quote = ch
            buf.append(ch)
            i += 1
            continue
        two = script[i : i + 2]
        if two in ("&&", "||"):
            parts.append(("".join(buf), op))
            buf, op = [], two
            i += 2
            continue
        if ch in ";\n":
            parts.append(("".join(buf), op))
            buf, op = [], ";"
            i += 1
            continue
        buf.append(ch)
        i += 1
    parts.append(("".join(buf), op))
    return [(chunk, o) for chunk, o in parts if chunk.strip()]


def _js_object(text: str) -> dict[str, Any] | None:
    text = text.strip()
    if not text:
        return {}
    if not (text.startswith("{") and text.endswith("}")):
        return None
    body = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', text)
    body = re.sub(r"'((?:[^'\\]|\\.)*)'", lambda m: json.dumps(m.group(1)), body)
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _mongo_doc(doc: dict[str, Any], indent: bool) -> str:
    pad = "  " if indent else ""
    lines = []
    for k, v in doc.items():
        shown = v if k == "_id" else (f"'{v}'" if isinstance(v, str) else json.dumps(v))
        lines.append(f"{pad}  {k}: {shown}")
    return f"{pad}{{\n" + ",\n".join(lines) + f"\n{pad}}}"


def _is_ip(text: str) -> bool:
    return bool(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", text))


def _broadcast(ip: str) -> str:
    a, b, _c, _d = ip.split(".")
    return f"{a}.{b}.255.255"


def run_argv(
    engine: Engine,
    c: ContainerRecord,
    argv: list[str],
    *,
    user: str = "",
    workdir: str = "",
    env: dict[str, str] | None = None,
) -> Result:
    """Run one command (argv, no shell parsing) inside ``c``."""
    sh = Shell(engine, c, user or c.user, workdir or c.workdir or "/", env if env is not None else c.env_map())
    try:
        code = sh.run(argv)
    except _ExitRequestError as exc:
        code = exc.code
    return Result("".join(sh.out), "".join(sh.err), code, sh.keeps_running, sh.slept)


def run_script(
    engine: Engine,
    c: ContainerRecord,
    script: str,
    *,
    user: str = "",
    workdir: str = "",
    env: dict[str, str] | None = None,
) -> Result:
    """Run a ``sh -c`` script inside ``c``."""
    return run_argv(engine, c, ["sh", "-c", script], user=user, workdir=workdir, env=env)


class ContainerShell:
    """A shell inside one container that keeps its working directory and variables between lines.

    The public entry point for interactive sessions (``docker run -it``, ``docker exec -it``, ``attach``)
    and for one-off scripts: ``ContainerShell(engine, c, user=…, workdir=…, env=…).run(line, stdin)``
    returns a :class:`Result` (stdout, stderr, exit status); after ``exit`` ran, ``exit_status`` is set
    and the session should end. Reach it through ``Engine.open_shell``.
    """

    def __init__(
        self,
        engine: Engine,
        c: ContainerRecord,
        *,
        user: str = "",
        workdir: str = "",
        env: dict[str, str] | None = None,
    ) -> None:
        self.engine = engine
        self.container = c
        self.user = user or c.user
        self.cwd = workdir or c.workdir or "/"
        self.env = dict(env if env is not None else c.env_map())
        self.exit_status: int | None = None

    def run(self, line: str, stdin: str = "") -> Result:
        """Run one line (or a whole script) as ``sh`` would, and remember ``cd`` and ``export``."""
        sh = Shell(self.engine, self.container, self.user, self.cwd, self.env)
        try:
            code = sh.run_script(line)
        except _ExitRequestError as exc:
            code = self.exit_status = exc.code
        self.cwd, self.env = sh.cwd, sh.env
        return Result("".join(sh.out), "".join(sh.err), code, sh.keeps_running, sh.slept)


NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
