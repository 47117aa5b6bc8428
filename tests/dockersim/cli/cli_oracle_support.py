"""Shared helpers for the differential tests against the real docker client (the oracle)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
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
SIM_ENV = {"HOME": "/root", "DOCKERSIM_STDIN_TTY": "0"}
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


def run_all_oracle(lines: list[str], cwd: Path) -> dict[str, Outcome]:
    """The oracle's outcome for every line, run in a thread pool."""
    with ThreadPoolExecutor(max_workers=min(32, (os.cpu_count() or 4) * 4)) as pool:
        return dict(zip(lines, pool.map(lambda ln: run_oracle(ln, cwd), lines), strict=True))


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


def help_tree() -> tuple[dict[str, dict], dict[str, dict]]:
    """The real client's command tree: (runnable path → parsed help, management path → group data), walked
    from ``docker --help`` with the same code that generates ``_helpdata`` (needs the docker binary)."""
    import sys

    tools = str(Path(__file__).parent / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import gen_helpdata  # type: ignore[import-not-found]

    leaves: list[str] = []
    groups: dict[str, dict] = {}
    gen_helpdata.walk([], leaves, groups)
    with ThreadPoolExecutor(max_workers=8) as pool:
        parsed = pool.map(lambda p: gen_helpdata.parse_help(gen_helpdata.wide_help(p.split())), leaves)
        helps = dict(zip(leaves, parsed, strict=True))
    return helps, groups


def tree_lines(seed: int, helps: dict[str, dict], groups: dict[str, dict], per_command: int = 20) -> list[str]:
    """Command lines for every path of the client's help tree: no arguments, too many, help in odd places,
    unknown flags, each flag with a good, a bad and a missing value (a seeded sample per command)."""
    import random

    rng = random.Random(seed)
    lines: dict[str, None] = {}
    for group in groups:
        for tail in ("", " --help", " zzbogus", " --zzbogus", " -h"):
            lines.setdefault(group + tail, None)
        lines.setdefault(f"help {group}", None)
    for path, data in sorted(helps.items()):
        cands: list[str] = [
            path,
            f"{path} --help",
            f"{path} -h",
            f"help {path}",
            f"{path} --zzbogus",
            f"{path} -Z",
            f"-D {path} --help",
            f"{path} web --help",
            f"{path} --help --zzbogus",
            f"{path} --zzbogus --help",
        ]
        pool = _SAFE_ARGS if path.startswith(_MUTATING) else _ARGS
        for n in range(1, 5):
            cands.append(" ".join([path, *rng.sample(pool * 4, n)]))
        args = rng.choice(
            ["", " x", " x a:1", " a:1 x x"]
            if path.startswith(_MUTATING)
            else ["", " web", " web nginx", " nginx web x"]
        )
        for short, long, ftype, _usage, _shown in data["flags"]:
            good, bad = _TYPE_VALUES.get(ftype, ("x", None))
            if ftype == "bool":
                cands += [f"{path} --{long}{args}", f"{path} --{long}=maybe{args}"]
                if short:
                    cands.append(f"{path} -{short}{args}")
            else:
                cands += [f"{path} --{long}", f"{path} --{long} {good}{args}", f"{path} --{long}={good} --help"]
                if bad is not None:
                    cands.append(f"{path} --{long}={bad}{args}")
                if short:
                    cands += [f"{path} -{short}", f"{path} -{short}{good}{args}"]
        chosen = cands[:8] + rng.sample(cands[8:], min(len(cands) - 8, per_command))
        for line in chosen:
            lines.setdefault(line, None)
    return [ln for ln in lines if "explain-cache" not in ln]
