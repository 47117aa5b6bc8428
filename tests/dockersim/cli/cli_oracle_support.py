"""Shared helpers for the differential tests against the real docker client (the oracle)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dockersim.cli import Prepared, parse_cli
from dockersim.context import CommandContext

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "oracle_corpus.txt"
DOCKER = shutil.which("docker")
#: GOMAXPROCS=1: one run parses a line and exits; Go's scheduler threads for every core only add CPU (~10% of
#: the ~6,000 runs a test session makes) and never change what the client prints.
ORACLE_ENV = {**os.environ, "DOCKER_HOST": "unix:///nonexistent.sock", "HOME": "/root", "GOMAXPROCS": "1"}
ORACLE_ENV.pop("DOCKER_CONFIG", None)
ORACLE_ENV.pop("DOCKER_CONTEXT", None)
#: The oracle runs with stdin not a terminal; tell the simulator the same.
#: The oracle's client runs with pipes for stdin, stdout and stderr: none is a terminal.
SIM_ENV = {"HOME": "/root", "DOCKERSIM_STDIN_TTY": "0", "DOCKERSIM_STDOUT_TTY": "0", "DOCKERSIM_STDERR_TTY": "0"}
BUILD_BANNER = (
    "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
    "            Install the buildx component to build images with BuildKit:\n"
    "            https://docs.docker.com/go/buildx/\n\n"
)
#: What the real client prints once it has accepted the line and tries to reach the daemon.
CONNECT = "Cannot connect to the Docker daemon at unix:///nonexistent.sock"
#: Texts the client prints only after it accepted the command line (it went on to act: reach a
#: daemon or registry, read the build context, prompt, or need a terminal).
ACCEPTED_MARKERS = (
    "Cannot connect to the Docker daemon at",
    "request returned 404 Not Found for API route",
    "Failed to initialize: unable to resolve docker endpoint",
    "error contacting notary server",
    "unable to prepare context:",
    "Cannot perform an interactive login from a non TTY device",
    "registry-1.docker.io",
    "unknown server OS: ",
    "error during connect:",
    "dial tcp: lookup ",
)
PROMPT = "Are you sure you want to continue? [y/N] "
#: Stands for the working directory in both sides' output (each oracle line runs in its own directory).
CWD_MARK = "$CWD"
#: Client runs at once, whatever the threads asking: as many as there are cores. A run is ~15 ms of CPU with
#: little waiting, so more only crowd the machine: under pytest-xdist a pool of 32 runs left the other worker
#: 1/33 of the CPU (the scheduler shares it per runnable thread), and a ~2 s test there took 55 s on CI.
ORACLE_WORKERS = os.cpu_count() or 2
_SLOTS = threading.BoundedSemaphore(ORACLE_WORKERS)


@dataclass(frozen=True)
class Outcome:
    """What one command line printed and returned, and whether it got as far as the daemon."""

    stdout: str
    stderr: str
    code: int
    accepted: bool


def oracle_comparable(line: str) -> bool:
    """False for lines the oracle cannot judge: the compose plugin is not installed next to it."""
    words = shlex.split(line)
    return not (words and words[0] == "compose")


def corpus_lines() -> list[str]:
    """Every non-comment line of the corpus (duplicates dropped, order kept)."""
    seen: dict[str, None] = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            seen.setdefault(line, None)
    return list(seen)


def run_oracle_raw(line: str, cwd: Path) -> tuple[str, str, int]:
    """Run the real client on ``line`` in its own fresh directory under ``cwd`` (``--cidfile x`` creates
    files, and lines run concurrently): (stdout, stderr, exit code)."""
    assert DOCKER is not None
    own = Path(tempfile.mkdtemp(dir=cwd))
    with _SLOTS:
        res = subprocess.run(
            [DOCKER, *shlex.split(line)],
            env=ORACLE_ENV,
            capture_output=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
            cwd=own,
            check=False,
        )
    out, err = res.stdout.decode("utf-8", "replace"), res.stderr.decode("utf-8", "replace")
    return out.replace(str(own), CWD_MARK), err.replace(str(own), CWD_MARK), res.returncode


def run_oracle(line: str, cwd: Path) -> Outcome:
    """Run the real client on ``line`` and classify the outcome."""
    return classify(*run_oracle_raw(line, cwd))


def classify(out: str, err: str, code: int) -> Outcome:
    """Raw oracle output → Outcome (legacy-builder banner dropped; 'accepted' when it went past parsing)."""
    err = err.removeprefix(BUILD_BANNER)
    accepted = any(m in err for m in ACCEPTED_MARKERS) or PROMPT in out or out.startswith("Removing login credentials")
    if accepted:
        out = ""
    return Outcome(out, err, code, accepted)


#: Commands the client answers by itself, without a daemon (its contexts, local manifest lists, trust data,
#: Compose files): the simulator's handler runs for them and its output is compared too.
CLIENT_SIDE = (
    "context ",
    "manifest rm",
    "manifest push",
    "manifest annotate",
    "trust inspect",
    "trust key ",
    "trust revoke",
    "stack config",
    "swarm update",
)


def run_sim(line: str, cwd: Path) -> Outcome:
    """Parse ``line`` with the simulator; a client-side command's handler runs too (on a fresh engine, with the
    oracle's ``DOCKER_HOST``), and an answer from the simulated daemon counts as having reached it."""
    ctx = CommandContext(engine=None, cwd=cwd, env=dict(SIM_ENV))  # type: ignore[arg-type]
    res = parse_cli(shlex.split(line), ctx)
    if not isinstance(res, Prepared):
        mark = str(cwd)
        return Outcome(
            ctx.out.getvalue().replace(mark, CWD_MARK), ctx.err.getvalue().replace(mark, CWD_MARK), res, False
        )
    if not res.spec.path.startswith(CLIENT_SIDE) and res.spec.path not in CLIENT_SIDE:
        return Outcome("", "", 0, True)
    from dockersim.cli import run_cli
    from dockersim.session import Session

    session = Session(seed=1, cwd=cwd, env={**SIM_ENV, "DOCKER_HOST": ORACLE_ENV["DOCKER_HOST"]})
    run = session.context()
    code = run_cli(shlex.split(line), run)
    err = run.err.getvalue()
    if err.startswith("Error response from daemon:") or any(m in err for m in ACCEPTED_MARKERS):
        return Outcome("", "", 0, True)
    mark = str(cwd)
    return Outcome(run.out.getvalue().replace(mark, CWD_MARK), err.replace(mark, CWD_MARK), code, False)


#: The client's raw answer (stdout, stderr, code) per line within this test session: the corpus, the help
#: tree's walk and its lines share lines, and each runs once.
ANSWERS: dict[str, list] = {}


def run_once(lines: list[str], cwd: Path) -> dict[str, list]:
    """The client's raw answer for each of ``lines``, each line run once per test session (every line runs in
    a fresh folder of its own under ``cwd``, which the answer names as ``$CWD``)."""
    missing = [ln for ln in dict.fromkeys(lines) if ln not in ANSWERS]
    with ThreadPoolExecutor(max_workers=ORACLE_WORKERS) as pool:
        for ln, res in zip(missing, pool.map(lambda ln: run_oracle_raw(ln, cwd), missing), strict=True):
            ANSWERS[ln] = list(res)
    return {ln: ANSWERS[ln] for ln in lines}


def compare(line: str, oracle: Outcome, sim: Outcome) -> str | None:
    """A description of how the simulator differs from the oracle on ``line``, or None."""
    if oracle.accepted:
        if sim.accepted:
            return None
        return f"oracle accepts, simulator refused: code={sim.code} stderr={sim.stderr!r} stdout={sim.stdout[:200]!r}"
    if sim.accepted:
        return f"oracle refused (code={oracle.code} stderr={oracle.stderr!r}), simulator accepted"
    diffs = []
    if oracle.code != sim.code:
        diffs.append(f"code {sim.code} != {oracle.code}")
    if oracle.stderr != sim.stderr:
        diffs.append(f"stderr {sim.stderr!r} != {oracle.stderr!r}")
    if oracle.stdout != sim.stdout:
        diffs.append(f"stdout {sim.stdout[:300]!r} != {oracle.stdout[:300]!r}")
    return "; ".join(diffs) or None


_RANDOM_VALUES = [
    "x",
    "1",
    "-1",
    "0",
    "abc",
    "1.5",
    "1g",
    "5s",
    "a=b",
    "=",
    "",
    "nginx",
    "NGINX",
    "-d",
    "--",
    "80:80",
    "a,b",
    "/dev/sda:1",
    "k=v,x",
    "é",
    "--rm",
    "-",
    "1e3",
    "0x10",
]


def random_lines(seed: int, count: int) -> list[str]:
    """Deterministic random command lines built from the spec table (flags, grouped shorthands, odd values)."""
    import random

    from dockersim.cli import all_specs

    rng = random.Random(seed)
    specs = [s for s in all_specs() if not s.hidden and not s.path.startswith("compose")]
    lines: dict[str, None] = {}
    for _ in range(count):
        spec = rng.choice(specs)
        words = rng.choice([spec.path, *spec.aliases]).split()
        if rng.random() < 0.15:
            words = rng.choice([["-D"], ["-l", "debug"], ["-H", "unix:///nonexistent.sock"]]) + words
        flags = [f for f in spec.flags if not f.hidden]
        for _ in range(rng.randint(0, 4)):
            r = rng.random()
            if r < 0.5 and flags:
                flag = rng.choice(flags)
                value = rng.choice(_RANDOM_VALUES)
                form = rng.random()
                if flag.type == "bool":
                    if form < 0.2:
                        words.append(f"--{flag.long}={rng.choice(['true', 'false', 'x', ''])}")
                    elif flag.short and form < 0.6:
                        words.append(f"-{flag.short}")
                    else:
                        words.append(f"--{flag.long}")
                elif flag.short and form < 0.3:
                    words.append(f"-{flag.short}{value}")
                elif form < 0.6:
                    words += [f"--{flag.long}", value]
                else:
                    words.append(f"--{flag.long}={value}")
            elif r < 0.65:
                shorts = [f.short for f in flags if f.short]
                if shorts:
                    words.append("-" + "".join(rng.sample(shorts, min(len(shorts), rng.randint(1, 3)))))
            else:
                words.append(rng.choice([*_RANDOM_VALUES[:12], "web", "x:1"]))
        line = shlex.join(words)
        if "explain-cache" not in line:
            lines.setdefault(line, None)
    return list(lines)


# ------------------------------------------------------------------ lines generated from the client's help tree

#: A value per pflag type that the client accepts, and one it refuses (None: no bad value for that type).
_TYPE_VALUES: dict[str, tuple[str, str | None]] = {
    "string": ("x", None),
    "int": ("3", "x"),
    "uint": ("7", "-1"),
    "uint16": ("500", "70000"),
    "uint32": ("24", "-3"),
    "bytes": ("64m", "12q"),
    "duration": ("1m30s", "5"),
    "decimal": ("0.5", "abc"),
    "float": ("0.5", "x"),
    "list": ("x", None),
    "strings": ("a,b", None),
    "stringArray": ("x", None),
    "map": ("k=v", None),
    "stringToString": ("k=v", "k"),
    "filter": ("name=x", "name"),
    "ulimit": ("nofile=10:20", "nofile"),
    "ipNetSlice": ("10.0.0.0/8", "10.0.0.1"),
}
_ARGS = ("web", "nginx", "a:1", "x")
#: Commands that change the oracle's own client configuration when they succeed: given only names the client
#: refuses (contexts need two characters, signers no colon), so the oracle's ~/.docker stays as it was.
_MUTATING = ("context ", "trust key", "trust signer", "trust revoke")
_SAFE_ARGS = ("x", "a:1")


#: A flag's line in the Options of a help text as the oracle prints it (80 columns: usages wrap onto
#: continuation lines indented past the flag, which never start with ``-`` in the first six columns).
_FLAG_HEAD = re.compile(r"^  (?:-(?P<short>\S), |    )--(?P<long>[\w-]+)(?: (?P<type>\S+))?(?:\s{2,}\S|$)")


def flag_heads(text: str) -> list[tuple[str, str, str]]:
    """(short, long, type) of every flag a help text lists (``bool`` for a flag that takes no value)."""
    flags: list[tuple[str, str, str]] = []
    lines = text.splitlines()
    start = lines.index("Options:") + 1 if "Options:" in lines else len(lines)
    for line in lines[start:]:
        if not line.strip():
            break
        m = _FLAG_HEAD.match(line)
        if m:
            flags.append((m.group("short") or "", m.group("long"), m.group("type") or "bool"))
    return flags


def help_tree(cwd: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """The real client's command tree: (runnable path → its flags and aliases, management path → group data),
    walked from ``docker --help`` with the code that generates ``_helpdata`` (needs the docker binary). The
    walk's runs are oracle lines of their own (``<path> --help``, ``<group> zzbogus``, ``<group>``), run once
    through :func:`run_once`; the flags are read from the very help pages the oracle compares."""
    import sys

    tools = str(Path(__file__).parent / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import gen_helpdata  # type: ignore[import-not-found]

    def run(argv: list[str]) -> tuple[str, str, int]:
        line = shlex.join(argv)
        out, err, code = run_once([line], cwd)[line]
        return out, err.removeprefix(BUILD_BANNER), code

    leaves: list[str] = []
    groups: dict[str, dict] = {}
    gen_helpdata.walk([], leaves, groups, run)
    helps = {}
    for leaf in leaves:
        text = run([*leaf.split(), "--help"])[0]
        lines = text.splitlines()
        aliases = lines[lines.index("Aliases:") + 1].strip() if "Aliases:" in lines else ""
        helps[leaf] = {"flags": flag_heads(text), "aliases": aliases}
    return helps, groups


#: Routes to a help page or an unknown-flag error that cobra and pflag take alike for every command (and the
#: simulator through one parser): every command path of the tree takes one of them, by turns.
ROUTES = (
    "{path} -h",
    "help {path}",
    "{path} --zzbogus",
    "{path} -Z",
    "-D {path} --help",
    "{path} web --help",
    "{path} --help --zzbogus",
    "{path} --zzbogus --help",
)
#: Flags of one value type that each error form (a missing value, a refused value, ``=maybe`` on a bool, help
#: after a value) is checked on: pflag's error and the type's own parser are the same for all of them.
PER_ERROR_CLASS = 2


def canonical(path: str, data: dict) -> str:
    """The command a path of the tree runs: the first entry of its help's ``Aliases:`` line, or itself."""
    return data["aliases"].split(", ")[0].removeprefix("docker ") if data["aliases"] else path


def tree_lines(seed: int, helps: dict[str, dict], groups: dict[str, dict]) -> list[str]:
    """Command lines for the client's help tree, one per equivalence class of the parse (the classes are
    documented in ``test_simulator_matches_oracle_on_the_help_tree``); ``seed`` picks the arguments, which
    paths carry each route and which flags carry each error form."""
    import random

    rng = random.Random(seed)
    lines: dict[str, None] = {}
    for group in sorted(groups):
        for tail in ("", " --help", " zzbogus", " --zzbogus", " -h"):
            lines.setdefault(group + tail, None)
        lines.setdefault(f"help {group}", None)
    offset = rng.randrange(len(ROUTES))
    commands: dict[str, str] = {}
    for index, (path, data) in enumerate(sorted(helps.items())):
        pool = _SAFE_ARGS if path.startswith(_MUTATING) else _ARGS
        for line in (path, f"{path} --help", " ".join([path, *rng.sample(pool * 4, 4)])):
            lines.setdefault(line, None)
        shorts = {short for short, _long, _type in data["flags"]}
        for number, route in enumerate(ROUTES):
            own = (route.endswith(" -h") and "h" in shorts) or (route.endswith(" -Z") and "Z" in shorts)
            if own or (index + offset) % len(ROUTES) == number:
                lines.setdefault(route.format(path=path), None)
        commands.setdefault(canonical(path, data), path)
    errors: dict[tuple[str, str], list[str]] = {}
    turn: dict[str, int] = {}
    for name, path in sorted(commands.items()):
        path = name if name in helps else path
        mutating = path.startswith(_MUTATING)
        choices = ["", " x", " x a:1", " a:1 x x"] if mutating else ["", " web", " web nginx", " nginx web x"]
        for short, long, ftype in helps[path]["flags"]:
            args = rng.choice(choices)
            good, bad = _TYPE_VALUES.get(ftype, ("x", None))
            if ftype == "bool":
                forms = [f"--{long}", *([f"-{short}"] if short else [])]
                errors.setdefault(("bool", "=maybe"), []).append(f"{path} --{long}=maybe{args}")
            else:
                forms = [f"--{long} {good}", f"--{long}={good}", *([f"-{short}{good}"] if short else [])]
                errors.setdefault((ftype, "missing"), []).append(f"{path} --{long}")
                errors.setdefault((ftype, "help after"), []).append(f"{path} --{long}={good} --help")
                if bad is not None:
                    errors.setdefault((ftype, "refused"), []).append(f"{path} --{long}={bad}{args}")
                if short:
                    errors.setdefault((ftype, "missing short"), []).append(f"{path} -{short}")
            # every flag of every command once, with a value its type takes, in its type's forms by turns
            lines.setdefault(f"{path} {forms[turn.get(ftype, 0) % len(forms)]}{args}", None)
            turn[ftype] = turn.get(ftype, 0) + 1
    for _class, members in sorted(errors.items()):
        for line in rng.sample(members, min(PER_ERROR_CLASS, len(members))):
            lines.setdefault(line, None)
    return [ln for ln in lines if "explain-cache" not in ln]


def unexercised(lines: list[str], helps: dict[str, dict]) -> list[str]:
    """Flags of the tree (``<command> --<flag>``) that no line gives to their command, long or shorthand."""
    given: dict[str, set[str]] = {}
    paths = {canonical(path, data): path for path, data in sorted(helps.items())}
    runs = {
        path: name if name in helps else paths[name] for path, data in helps.items() for name in [canonical(path, data)]
    }
    for line in lines:
        words = shlex.split(line)
        for size in (3, 2, 1):
            path = " ".join(words[:size])
            if path in helps:
                given.setdefault(runs[path], set()).update(words[size:])
                break
    missing = []
    for name, path in sorted(paths.items()):
        path = name if name in helps else path
        for short, long, _type in helps[path]["flags"]:
            forms = (f"--{long}", f"-{short}") if short else (f"--{long}",)
            words = given.get(path, set())
            if not any(
                w == f or w.startswith(f"--{long}=") or (f == f"-{short}" and w.startswith(f))
                for w in words
                for f in forms
            ):
                missing.append(f"{path} --{long}")
    return missing
