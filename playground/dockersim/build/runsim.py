"""What a ``RUN`` step does in the simulation: duration, layer size, output lines and files it leaves.

Deterministic: the same command in the same state gives the same result. Package installs (apt-get,
apk, npm, pip, go, mvn) are slow and big and print the lines those tools print; ``mkdir``/``chown``/
``useradd`` are quick and tiny; cleanup in the same RUN (``rm -rf /var/lib/apt/lists/*``,
``apt-get clean``, ``npm cache clean``, ``apk --no-cache``, ``pip --no-cache-dir``) shrinks that
layer, while deleting in a later RUN saves nothing (the earlier layer keeps its bytes).
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field

from dockersim.build.context import BuildContext
from dockersim.engine.osrelease import apt_suite
from dockersim.shell.syntax import (
    AndOrList,
    Command,
    ForClause,
    IfClause,
    Literal,
    LoopClause,
    Pipeline,
    ShellSyntaxError,
    SimpleCommand,
    Word,
    parse_script,
    simple_commands,
)

KB, MB = 1000, 1000 * 1000

APT_SIZES = {
    "gcc": 150,
    "g++": 110,
    "build-essential": 230,
    "curl": 6,
    "wget": 3,
    "git": 45,
    "libpq5": 1.2,
    "libpq-dev": 4,
    "postgresql-client": 12,
    "python3": 30,
    "python3-pip": 20,
    "vim": 35,
    "ca-certificates": 0.6,
    "nginx": 6,
    "openjdk-17-jre": 200,
    "nodejs": 60,
    "unzip": 0.4,
    "make": 1.5,
    "tzdata": 3.5,
    "procps": 1,
    "netcat-openbsd": 0.2,
    "jq": 1.2,
    "openssl": 2.3,
    "gnupg": 8,
}
APK_SIZES = {
    "ca-certificates": 0.7,
    "curl": 3.2,
    "python3": 48,
    "make": 0.3,
    "g++": 190,
    "gcc": 140,
    "git": 14,
    "bash": 1.5,
    "musl-dev": 1.1,
    "nodejs": 60,
    "npm": 10,
    "tzdata": 3.5,
    "openssl": 1.5,
    "wget": 0.5,
    "libc6-compat": 0.1,
    "tini": 0.03,
    "su-exec": 0.02,
    "build-base": 210,
    "postgresql-client": 9,
}
NPM_SIZES = {
    "react-scripts": 180,
    "webpack": 30,
    "typescript": 23,
    "@angular/cli": 80,
    "next": 110,
    "vite": 20,
    "jest": 35,
    "eslint": 15,
    "express": 2.2,
    "nodemon": 5,
    "react": 0.3,
    "react-dom": 4.5,
    "lodash": 1.4,
    "axios": 1.8,
    "mongoose": 7,
    "pg": 1,
    "redis": 0.8,
    "dotenv": 0.1,
    "npm": 15,
    "yarn": 5,
    "pm2": 30,
}
PIP_SIZES = {
    "flask": 4,
    "django": 30,
    "gunicorn": 0.6,
    "psycopg2-binary": 9,
    "psycopg2": 8,
    "numpy": 38,
    "pandas": 70,
    "requests": 2.1,
    "fastapi": 6,
    "uvicorn": 2,
    "sqlalchemy": 10,
    "scikit-learn": 45,
    "torch": 850,
    "tensorflow": 600,
    "pillow": 12,
    "redis": 1.5,
    "celery": 8,
    "pytest": 4,
    "boto3": 14,
    "pip": 10,
}
#: Files a ``COPY --from`` may name that come with common base images.
WELL_KNOWN_FILES = {"/etc/ssl/certs/ca-certificates.crt": 213_777, "/usr/share/zoneinfo": 1_500_000}


@dataclass
class RunState:
    """What a RUN can see: its environment, working directory, the base distro and the stage's files."""

    env: dict[str, str]
    workdir: str
    distro: str
    context: BuildContext
    files: dict[str, int] = field(default_factory=dict)
    cache_mounts: list[str] = field(default_factory=list)
    #: The base's release (its ``org.opencontainers.image.version`` label; ``""``: the distro's latest).
    release: str = ""


#: Where each tool keeps what a ``RUN --mount=type=cache,target=…`` keeps out of the layer.
CACHE_DIRS = {
    "npm": ("/root/.npm",),
    "apt-lists": ("/var/lib/apt",),
    "apt-archives": ("/var/cache/apt",),
    "apk": ("/var/cache/apk", "/etc/apk/cache"),
    "pip": ("/root/.cache/pip",),
    "go-build": ("/root/.cache/go-build",),
    "go-mod": ("/go/pkg/mod",),
}


@dataclass
class RunOutcome:
    """What a RUN did."""

    duration: float = 0.0
    size: int = 0
    lines: list[tuple[float, str]] = field(default_factory=list)
    produces: dict[str, int] = field(default_factory=dict)
    exit_code: int = 0


def jitter(seed: str, low: float, high: float) -> float:
    """A deterministic number in ``[low, high)`` derived from ``seed``."""
    value = int.from_bytes(hashlib.sha256(seed.encode("utf-8", "replace")).digest()[:4], "big") / 2**32
    return low + (high - low) * value


def split_commands(script: str) -> list[str]:
    """The simple commands of a RUN script as written, in order, by the one shell parser
    (:mod:`dockersim.shell.syntax`): ``&&``, ``||``, ``;``, ``|``, newlines, ``if``/loops are seen through."""
    return list(_split_cached(script))


@functools.lru_cache(maxsize=8192)
def _split_cached(script: str) -> tuple[str, ...]:
    """Lint rules ask about the same RUN scripts again and again."""
    try:
        return tuple(command.text for command in simple_commands(parse_script(script)))
    except ShellSyntaxError:
        return (script.strip(),) if script.strip() else ()


def _test(words: list[str]) -> bool:
    """Evaluate ``[ a = b ]`` / ``[ -n a ]`` / ``[ -z a ]`` (anything else counts as true)."""
    inner = [w for w in words if w not in ("[", "]", "[[", "]]", "test")]
    if len(inner) == 3 and inner[1] in ("=", "=="):
        return inner[0] == inner[2]
    if len(inner) == 3 and inner[1] == "!=":
        return inner[0] != inner[2]
    if len(inner) == 2 and inner[0] == "-n":
        return inner[1] != ""
    if len(inner) == 2 and inner[0] == "-z":
        return inner[1] == ""
    if len(inner) == 1 and inner[0] in ("-n", "-z"):
        return inner[0] == "-z"
    return True


class _Sim:
    """Accumulates one RUN's effects."""

    def __init__(self, state: RunState, seed: str) -> None:
        self.state = state
        self.seed = seed
        self.out = RunOutcome()
        self.t = 0.3
        self.caches: dict[str, int] = {}

    def log(self, text: str, after: float = 0.05) -> None:
        self.t += after
        self.out.lines.append((round(self.t, 3), text))

    def spend(self, seconds: float) -> None:
        self.t += seconds

    def add(self, size: float, path: str = "") -> None:
        self.out.size += int(size)
        if path:
            self.out.produces[path] = self.out.produces.get(path, 0) + int(size)

    def fail(self, code: int, *lines: str) -> None:
        for text in lines:
            self.log(text)
        self.out.exit_code = code

    def path(self, rel: str) -> str:
        return posixpath.normpath(posixpath.join(self.state.workdir or "/", rel))


def _pkgs(words: list[str]) -> list[str]:
    return [w for w in words if not w.startswith("-") and w not in ("install", "add", "del")]


def _apt(sim: _Sim, words: list[str]) -> None:
    distro = sim.state.distro
    if distro == "alpine":
        sim.fail(127, f"/bin/sh: {words[0]}: not found")
        return
    mirror, suite = apt_suite(distro, sim.state.release)
    action = next((w for w in words[1:] if not w.startswith("-")), "")
    if action == "update":
        lists = (40 if distro == "ubuntu" else 18) * MB
        sim.log(f"Get:1 {mirror} {suite} InRelease [151 kB]", 0.2)
        sim.log(f"Get:2 {mirror} {suite}-updates InRelease [55.4 kB]", 0.2)
        sim.log(f"Get:3 {mirror} {suite}/main amd64 Packages [8792 kB]", 0.6)
        sim.spend(jitter(sim.seed + "update", 1.5, 3.0))
        sim.log(f"Fetched {lists // 2000} kB in 3s ({lists // 6000} kB/s)")
        sim.log("Reading package lists...", 0.4)
        sim.caches["apt-lists"] = sim.caches.get("apt-lists", 0) + lists
        sim.add(lists)
    elif action in ("install", "upgrade"):
        pkgs = _pkgs(words[2:]) if action == "install" else []
        if not pkgs:
            sim.log("Reading package lists...")
            return
        if not {"-y", "--yes", "--assume-yes", "-qy", "-yq"} & set(words):
            sim.log("Do you want to continue? [Y/n] Abort.", 0.8)
            sim.out.exit_code = 1
            return
        recommends = 1.0 if "--no-install-recommends" in words else 1.6
        total = sum(APT_SIZES.get(p.split("=")[0], 5) for p in pkgs) * MB * recommends
        for text in ("Reading package lists...", "Building dependency tree...", "Reading state information..."):
            sim.log(text, 0.2)
        sim.log("The following NEW packages will be installed:")
        sim.log("  " + " ".join(pkgs))
        sim.log(f"0 upgraded, {len(pkgs)} newly installed, 0 to remove and 0 not upgraded.")
        sim.log(f"Need to get {int(total * 0.35 // KB)} kB of archives.")
        sim.log(f"After this operation, {int(total // KB)} kB of additional disk space will be used.")
        for index, pkg in enumerate(pkgs, 1):
            sim.log(f"Get:{index} {mirror} {suite}/main amd64 {pkg} amd64 [{int(APT_SIZES.get(pkg, 5) * 300)} kB]")
        sim.spend(2 + total / MB * 0.08)
        for pkg in pkgs:
            sim.log(f"Setting up {pkg} ...", 0.1)
        sim.caches["apt-archives"] = sim.caches.get("apt-archives", 0) + int(total * 0.1)
        sim.add(total * 1.1)
    elif action in ("clean", "autoclean"):
        sim.add(-sim.caches.pop("apt-archives", 0))


def _apk(sim: _Sim, words: list[str]) -> None:
    if sim.state.distro != "alpine":
        sim.fail(127, f"/bin/sh: 1: {words[0]}: not found")
        return
    action = next((w for w in words[1:] if not w.startswith("-")), "")
    if action != "add":
        return
    pkgs = [p for p in _pkgs(words[1:]) if p != "add"]
    sim.log("fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz", 0.3)
    sim.log("fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/community/x86_64/APKINDEX.tar.gz", 0.3)
    total = 0.0
    for index, pkg in enumerate(pkgs, 1):
        size = APK_SIZES.get(pkg.split("=")[0], 2) * MB
        total += size
        sim.log(f"({index}/{len(pkgs)}) Installing {pkg} (1.0-r0)", 0.1)
        if pkg.startswith("ca-certificates"):
            sim.out.produces["/etc/ssl/certs/ca-certificates.crt"] = WELL_KNOWN_FILES[
                "/etc/ssl/certs/ca-certificates.crt"
            ]
    sim.spend(0.5 + total / MB * 0.03)
    sim.log(f"OK: {int(total / MB) + 8} MiB in {len(pkgs) + 15} packages")
    if "--no-cache" not in words:
        sim.caches["apk"] = sim.caches.get("apk", 0) + int(2.5 * MB)
        total += 2.5 * MB
    sim.add(total)


def _package_json(sim: _Sim) -> dict[str, object]:
    try:
        data = json.loads(sim.state.context.read("package.json") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _deps(data: dict[str, object], key: str) -> dict[str, str]:
    value = data.get(key)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _npm(sim: _Sim, words: list[str]) -> None:
    action = words[1] if len(words) > 1 else ""
    data = _package_json(sim)
    if action in ("ci", "install", "i") and "-g" not in words and "--global" not in words:
        prod = _deps(data, "dependencies")
        dev = _deps(data, "devDependencies")
        named = [w for w in words[2:] if not w.startswith("-")]
        only_prod = {"--only=production", "--production", "--omit=dev"} & set(words)
        if "--only=production" in words:
            sim.log("npm warn config only Use `--omit=dev` to omit dev dependencies from the install.", 0.4)
        chosen = {name: NPM_SIZES.get(name, 3) for name in (named or prod)}
        if not only_prod and not named:
            chosen.update({name: NPM_SIZES.get(name, 10) for name in dev})
        total = max(sum(chosen.values()), 0.5) * MB
        count = max(1, int(sum(25 if v < 5 else 90 for v in chosen.values())))
        sim.spend(1.5 + total / MB * 0.06)
        seconds = max(1, int(sim.t))
        sim.log(f"added {count} packages, and audited {count + 1} packages in {seconds}s", 0.1)
        sim.log(f"{max(1, count // 10)} packages are looking for funding")
        sim.log("  run `npm fund` for details")
        sim.log("found 0 vulnerabilities")
        sim.caches["npm"] = sim.caches.get("npm", 0) + int(total * 0.45)
        sim.add(total * 1.45)
        sim.out.produces[sim.path("node_modules")] = int(total)
    elif action in ("install", "i"):
        pkgs = [w for w in words[2:] if not w.startswith("-")]
        total = sum(NPM_SIZES.get(p.split("@")[0] or p, 8) for p in pkgs) * MB
        sim.spend(1 + total / MB * 0.08)
        sim.log(f"added {len(pkgs) * 20} packages in {max(1, int(sim.t))}s", 0.1)
        sim.add(total)
    elif action == "run" and len(words) > 2:
        script = words[2]
        scripts = data.get("scripts") if isinstance(data.get("scripts"), dict) else {}
        assert isinstance(scripts, dict)
        if script not in scripts:
            sim.fail(
                1,
                f'npm error Missing script: "{script}"',
                "npm error",
                "npm error To see a list of scripts, run:",
                "npm error   npm run",
            )
            return
        name, version = data.get("name", "app"), data.get("version", "1.0.0")
        sim.log("", 0.2)
        sim.log(f"> {name}@{version} {script}")
        sim.log(f"> {scripts[script]}")
        sim.log("")
        src = sum(f.size for f in sim.state.context.files.values() if f.path.endswith((".js", ".ts", ".jsx", ".tsx")))
        out_size = 1.2 * MB + src * 0.6
        sim.spend(jitter(sim.seed + script, 4, 12))
        out_dir = "build" if "react-scripts" in _deps(data, "dependencies") | _deps(data, "devDependencies") else "dist"
        sim.log(f"Compiled successfully. Output written to {out_dir}/")
        sim.add(out_size)
        sim.out.produces[sim.path(out_dir)] = int(out_size)
    elif action == "prune":
        prod = _deps(data, "dependencies")
        sim.log(f"removed {len(_deps(data, 'devDependencies')) * 90} packages", 0.8)
        sim.out.produces[sim.path("node_modules")] = int(max(sum(NPM_SIZES.get(n, 3) for n in prod), 0.5) * MB)
    elif action == "cache" and "clean" in words:
        sim.add(-sim.caches.pop("npm", 0))


def _requirements(sim: _Sim, words: list[str]) -> list[str]:
    names: list[str] = []
    for index, word in enumerate(words):
        if word in ("-r", "--requirement") and index + 1 < len(words):
            for line in sim.state.context.read(posixpath.basename(words[index + 1])).splitlines():
                line = line.split("#", 1)[0].strip()
                if line and not line.startswith("-"):
                    names.append(re.split(r"[=<>~!\[; ]", line, maxsplit=1)[0].lower())
        elif not word.startswith("-") and index >= 1 and words[index - 1] not in ("-r", "--requirement"):
            names.append(re.split(r"[=<>~!\[; ]", word, maxsplit=1)[0].lower())
    return names


def _pip(sim: _Sim, words: list[str]) -> None:
    if "install" not in words:
        return
    names = _requirements(sim, words[words.index("install") :])
    total = sum(PIP_SIZES.get(n, 3) for n in names) * MB
    for name in names[:20]:
        sim.log(f"Collecting {name}", 0.2)
        sim.log(f"  Downloading {name}-1.0-py3-none-any.whl ({PIP_SIZES.get(name, 3) * 0.3:.1f} MB)", 0.1)
    sim.spend(1 + total / MB * 0.07)
    sim.log("Installing collected packages: " + ", ".join(names[:20]))
    sim.log("Successfully installed " + " ".join(f"{n}-1.0" for n in names[:20]))
    if "--user" not in words and sim.state.env.get("PIP_ROOT_USER_ACTION") != "ignore":
        sim.log("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour")
    if "--no-cache-dir" not in words and sim.state.env.get("PIP_NO_CACHE_DIR", "").lower() not in ("1", "true", "off"):
        sim.caches["pip"] = sim.caches.get("pip", 0) + int(total * 0.8)
        total *= 1.8
    sim.add(total)
    target = "/root/.local" if "--user" in words else "/usr/local/lib/python3/site-packages"
    sim.out.produces[target] = sim.out.produces.get(target, 0) + int(sum(PIP_SIZES.get(n, 3) for n in names) * MB)


def _go_requires(sim: _Sim) -> int:
    text = sim.state.context.read("go.mod")
    count = 0
    in_block = False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("require ("):
            in_block = True
        elif in_block and line == ")":
            in_block = False
        elif (in_block and line and not line.startswith("//")) or line.startswith("require "):
            count += 1
    return count


def _go(sim: _Sim, words: list[str]) -> None:
    deps = _go_requires(sim)
    if len(words) > 2 and words[1:3] == ["mod", "download"]:
        total = (5 + deps * 12) * MB
        sim.spend(2 + total / MB * 0.05)
        sim.caches["go-mod"] = sim.caches.get("go-mod", 0) + int(total)
        sim.add(total)
    elif len(words) > 1 and words[1] == "build":
        binary = (9 + deps * 0.8) * MB
        if any("-s" in w and "-w" in w for w in words):
            binary *= 0.72
        out = "app"
        if "-o" in words and words.index("-o") + 1 < len(words):
            out = words[words.index("-o") + 1]
        sim.spend(jitter(sim.seed + "go", 12, 25))
        sim.caches["go-build"] = sim.caches.get("go-build", 0) + int((45 + deps * 6) * MB)
        sim.add(binary + (45 + deps * 6) * MB)
        sim.out.produces[sim.path(out)] = int(binary)


def _mvn(sim: _Sim, words: list[str]) -> None:
    sim.log("[INFO] Scanning for projects...", 0.6)
    pom = sim.state.context.read("pom.xml")
    deps = max(1, pom.count("<dependency>"))
    if any(w.startswith("dependency:") for w in words):
        total = (140 + deps * 4) * MB
        for index in range(min(deps, 5)):
            sim.log(f"[INFO] Downloading from central: https://repo.maven.apache.org/maven2/dep{index}.jar", 0.9)
        sim.spend(20 + deps * 2)
    else:
        total = (25 + deps * 1.5) * MB
        sim.spend(jitter(sim.seed + "mvn", 18, 30))
        sim.log("[INFO] Building jar: /app/target/app-0.0.1-SNAPSHOT.jar")
        sim.out.produces[sim.path("target/app.jar")] = int((18 + deps) * MB)
    sim.log("[INFO] BUILD SUCCESS")
    sim.add(total)


def _java(sim: _Sim, words: list[str]) -> None:
    if "extract" in words and "--destination" in words and words.index("--destination") + 1 < len(words):
        dest = sim.path(words[words.index("--destination") + 1])
        app = sum(f.size for f in sim.state.context.files.values() if f.path.startswith("src/")) + 60 * KB
        parts = {
            "dependencies": 21 * MB,
            "spring-boot-loader": 320 * KB,
            "snapshot-dependencies": 0,
            "application": app,
        }
        for name, size in parts.items():
            sim.out.produces[f"{dest}/{name}"] = int(size)
        sim.spend(1.4)
        sim.add(sum(parts.values()))


def _size_under(files: dict[str, int], path: str) -> int:
    prefix = path.rstrip("/") + "/"
    return sum(size for name, size in files.items() if name == path or name.startswith(prefix))


def _generic(sim: _Sim, words: list[str]) -> None:
    program = posixpath.basename(words[0])
    if program in ("useradd", "adduser", "addgroup", "groupadd", "usermod"):
        sim.spend(0.1)
        sim.add(jitter(sim.seed + "user", 4, 12) * KB)
    elif program in ("chown", "chmod", "chgrp"):
        targets = [sim.path(w) for w in words[1:] if not w.startswith("-")][1:]
        if "-R" in words:
            moved = sum(_size_under(sim.state.files, t) for t in targets)
        else:
            moved = sum(sim.state.files.get(t, 0) for t in targets)
        sim.spend(0.1 + moved / MB * 0.01)
        sim.add(moved)
    elif program == "rm":
        targets = " ".join(words[1:])
        if "/var/lib/apt/lists" in targets:
            sim.add(-sim.caches.pop("apt-lists", 0))
        if "/var/cache/apk" in targets:
            sim.add(-sim.caches.pop("apk", 0))
        if "/root/.cache" in targets or "/root/.npm" in targets:
            sim.add(-sim.caches.pop("pip", 0) - sim.caches.pop("npm", 0))
    elif program in ("curl", "wget"):
        sim.spend(jitter(sim.seed + "dl", 0.4, 1.5))
        sim.add(4 * MB)
    elif program in ("tar", "unzip"):
        sim.spend(0.6)
        sim.add(12 * MB)
    elif program in ("echo", "printf"):
        sim.log(" ".join(words[1:]).split(">", 1)[0].rstrip())
    elif program == "pwd":
        sim.log(sim.state.workdir or "/")
    elif program in ("mkdir", "touch", "ln", "cp", "mv", "sed", "true", "export", "set", "cd", "exit"):
        sim.spend(0.02)
    else:
        sim.spend(jitter(sim.seed + program, 0.05, 0.4))
        sim.add(jitter(sim.seed + program + "size", 0, 40) * KB)


def _run_lists(sim: _Sim, lists: list[AndOrList]) -> int:
    """Walk a parsed script as ``sh`` would: ``&&``/``||`` on the simulated status, ``if`` on ``[ … ]``."""
    status = 0
    for and_or in lists:
        status = _run_pipeline(sim, and_or.first)
        for operator, pipeline in and_or.rest:
            if (operator == "&&") == (status == 0):
                sim.out.exit_code = 0
                status = _run_pipeline(sim, pipeline)
        if status:
            break
    return status


def _run_pipeline(sim: _Sim, pipeline: Pipeline) -> int:
    status = 0
    for command in pipeline.commands:
        status = _run_command(sim, command)
    return (0 if status else 1) if pipeline.negate else status


def _run_command(sim: _Sim, command: Command) -> int:
    if isinstance(command, SimpleCommand):
        words = [word.unexpanded() for word in command.words]
        if not words:
            return 0
        if words[0] in ("python", "python3") and words[1:3] == ["-m", "pip"]:
            words = ["pip", *words[3:]]
        HANDLERS.get(posixpath.basename(words[0]), _generic)(sim, words)
        return sim.out.exit_code
    if isinstance(command, IfClause):
        for condition, body in command.branches:
            tested = [w.unexpanded() for c in simple_commands(condition) for w in c.words]
            if _test(tested):
                return _run_lists(sim, body)
        return _run_lists(sim, command.otherwise or [])
    if isinstance(command, ForClause):
        status = 0
        for _ in (command.words or [])[:20] or [""]:
            status = _run_lists(sim, command.body)
        return status
    if isinstance(command, LoopClause):
        return _run_lists(sim, command.body)
    return _run_lists(sim, command.body)


HANDLERS = {
    "apt-get": _apt,
    "apt": _apt,
    "apk": _apk,
    "npm": _npm,
    "pip": _pip,
    "pip3": _pip,
    "go": _go,
    "mvn": _mvn,
    "java": _java,
}


def install_step(words: list[str], state: RunState) -> RunOutcome:
    """One package-manager command (``apk add …``, ``apt-get install …``, ``npm install``, ``pip install …``) as
    a RUN step would run it; for ``docker exec`` into a running container."""
    sim = _Sim(state, " ".join(words))
    _run_command(sim, SimpleCommand(words=[Word([Literal(word, True)]) for word in words]))
    sim.out.duration = round(sim.t, 1)
    return sim.out


def simulate(script: str, state: RunState) -> RunOutcome:
    """Run ``script`` (already expanded with the step's environment) in the simulation."""
    if state.distro == "scratch":
        out = RunOutcome(duration=0.1, exit_code=1)
        out.lines.append((0.05, 'runc run failed: exec: "/bin/sh": stat /bin/sh: no such file or directory'))
        return out
    sim = _Sim(state, script)
    try:
        lists = parse_script(script[:200_000])
    except ShellSyntaxError as error:
        sim.fail(2, f"/bin/sh: {error}")
        lists = []
    _run_lists(sim, lists)
    for target in state.cache_mounts:
        for kind, dirs in CACHE_DIRS.items():
            if any(d == target.rstrip("/") or d.startswith(target.rstrip("/") + "/") for d in dirs):
                sim.add(-sim.caches.pop(kind, 0))
    sim.out.size = max(sim.out.size, 0)
    sim.out.duration = round(sim.t + jitter(script, 0.05, 0.3), 1)
    return sim.out
