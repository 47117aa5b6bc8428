"""Language runtimes and package managers: node, npm, python, pip, java, go, apk, apt-get."""

from __future__ import annotations

import re

from dockersim.engine.programs.base import NOT_MODELLED_HINT, ProgramBase

#: Most packages one container remembers installing.
MAX_INSTALLED = 200


class RuntimePrograms(ProgramBase):
    """Language runtimes and package managers: node, npm, python, pip, java, go, apk, apt-get."""

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
        if args and not args[0].startswith("-"):
            return self._node_script(args[0])
        return self.fail(NOT_MODELLED_HINT.format("node " + " ".join(args)))

    def _node_script(self, script: str) -> int:
        """``node SCRIPT`` from the script's text in this container (:mod:`dockersim.engine.nodejs`)."""
        from dockersim.engine import nodejs
        from dockersim.engine.shell import serves_at

        image = self.engine.images.get(self.c.image_id)
        placed = image.paths if image else ()
        outcome = nodejs.run(self, script, self.call.files.cwd, dict(self.env), placed, serves_at(self.engine, self.c))  # type: ignore[arg-type]
        for line in outcome.stdout:
            self.say(line)
        if outcome.stderr:
            self.call.err(outcome.stderr + "\n")
        if outcome.serves:
            self.keeps_running = True
        return outcome.exit_code

    def _cmd_npm(self, args: list[str]) -> int:
        if not self.env.get("NODE_VERSION"):
            return self.fail("sh: npm: not found", 127)
        if args[:1] in (["-v"], ["--version"]):
            major = self.env["NODE_VERSION"].split(".")[0]
            self.say({"18": "10.8.2", "20": "10.8.2", "22": "10.9.0"}.get(major, "10.9.0"))
            return 0
        return self._package_manager(["npm", *args])

    def _cmd_apk(self, args: list[str]) -> int:
        return self._package_manager(["apk", *args])

    def _cmd_apt_get(self, args: list[str]) -> int:
        return self._package_manager(["apt-get", *args])

    _cmd_apt = _cmd_apt_get

    def _cmd_pip(self, args: list[str]) -> int:
        return self._package_manager(["pip", *args])

    _cmd_pip3 = _cmd_pip

    def _package_manager(self, words: list[str]) -> int:
        """apk, apt-get, npm and pip as RUN steps model them (:mod:`dockersim.build.runsim`); installed programs
        exist in this container afterwards, and the time the install takes passes."""
        from dockersim.build.context import BuildContext
        from dockersim.build.runsim import RunState, install_step

        distro = str(self.c.extra.get("os", "debian"))
        action = next((w for w in words[1:] if not w.startswith("-")), "")
        if words[0] == "apt-get" and action == "install" and not self.c.extra.get("apt_updated"):
            missing = next((w for w in words[2:] if not w.startswith("-") and w != "install"), "")
            if missing:
                self.say("Reading package lists...\nBuilding dependency tree...\nReading state information...")
                return self.fail(f"E: Unable to locate package {missing}", 100)
        if words[0] == "apt-get" and action == "update":
            self.c.extra["apt_updated"] = True
        if action not in ("add", "install", "i", "update", "ci", "upgrade", "del", "remove", "clean", "cache"):
            return self.fail(NOT_MODELLED_HINT.format(" ".join(words[:2])))
        state = RunState(
            env=dict(self.env),
            workdir=self.call.files.cwd,
            distro=distro,
            context=BuildContext(),
            release=self.c.labels.get("org.opencontainers.image.version", ""),
        )
        outcome = install_step(words, state)
        for _, line in outcome.lines:
            self.say(line)
        self.call.host.sleep(outcome.duration)
        if outcome.exit_code == 0 and action in ("add", "install", "i"):
            installed = self.c.extra.setdefault("installed", [])
            for name in words[2:]:
                if not name.startswith("-") and name not in installed and len(installed) < MAX_INSTALLED:
                    installed.append(name.split("=")[0].split("@")[0])
            self._programs = None  # the next line of this shell finds what was just installed
        return outcome.exit_code

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
            self.call.err(
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
