"""Identity and system programs: whoami, id, hostname, uname, uptime, ps, which, df, useradd and friends."""

from __future__ import annotations

from dockersim.engine.programs.base import ProgramBase
from dockersim.engine.users import remember_account_command


class SystemPrograms(ProgramBase):
    """Identity and system programs: whoami, id, hostname, uname, uptime, ps, which, df."""

    def _cmd_whoami(self, args: list[str]) -> int:
        if not self.username:
            return self.fail(f"whoami: unknown uid {self.uid}")
        self.say(self.username)
        return 0

    def _cmd_id(self, args: list[str]) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        who = next((a for a in args if not a.startswith("-")), "")
        line = self.id_line(who)
        if line is None:
            return self.fail(f"id: unknown user {who}" if self.call.host.busybox else f"id: '{who}': no such user")
        if "u" in flags or "g" in flags:
            field = line.split()[0 if "u" in flags else 1].split("=", 1)[1]
            number, _, name = field.partition("(")
            self.say(name.rstrip(")") if "n" in flags and name else number)
        else:
            self.say(line)
        return 0

    def _cmd_hostname(self, args: list[str]) -> int:
        if "-i" in args or "-I" in args:
            self.say(self.engine.primary_ip(self.c) or "127.0.0.1")
        else:
            self.say(self.c.hostname)
        return 0

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

    def _cmd_uptime(self, args: list[str]) -> int:
        mins = int((self.engine.now() - self.c.started_at) // 60)
        self.say(f" up {mins} min,  load average: 0.02, 0.04, 0.01")
        return 0

    def _cmd_ps(self, args: list[str]) -> int:
        argv = " ".join([self.c.path, *self.c.args])
        if self.call.host.busybox:
            self.say(f"PID   USER     TIME  COMMAND\n    1 {self.username or self.uid:<8} 0:00 {argv}")
        else:
            self.say(f"    PID TTY          TIME CMD\n      1 ?        00:00:00 {argv.split()[0].rsplit('/', 1)[-1]}")
        return 0

    def _cmd_which(self, args: list[str]) -> int:
        code = 0
        for a in args:
            if self.call.host.available(a):
                self.say(f"/usr/bin/{a}" if a not in ("sh", "ls", "cat") else f"/bin/{a}")
            else:
                code = 1
        return code

    def _cmd_df(self, args: list[str]) -> int:
        self.say(
            "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
            "overlay               61202244  18734852  39326060  32% /"
        )
        return 0

    def _cmd_useradd(self, args: list[str]) -> int:
        return self._account("useradd", args)

    def _cmd_adduser(self, args: list[str]) -> int:
        return self._account("adduser", args)

    def _cmd_groupadd(self, args: list[str]) -> int:
        return self._account("groupadd", args)

    def _cmd_addgroup(self, args: list[str]) -> int:
        return self._account("addgroup", args)

    def _account(self, program: str, args: list[str]) -> int:
        """Create a user or group in this container's passwd (root only, as on a real system)."""
        if self.uid != 0:
            return self.fail(f"{program}: Permission denied." if program in ("useradd", "groupadd") else
                             f"{program}: permission denied (are you root?)")  # fmt: skip
        names = [a for a in args if not a.startswith("-")]
        if not names:
            if program in ("useradd", "groupadd"):
                return self.fail(f"Usage: {program} [options] LOGIN", 2)
            return self.fail(f"BusyBox v1.36.1 multi-call binary.\n\nUsage: {program} [OPTIONS] USER [GROUP]")
        known = self.passwd_now()
        if (
            program in ("useradd", "adduser")
            and names[0] in known.users
            and not (program == "adduser" and len(names) > 1)
        ):
            return self.fail(f"{program}: user '{names[0]}' already exists", 9 if program == "useradd" else 1)
        remember_account_command(self.c, [program, *args])
        return 0
