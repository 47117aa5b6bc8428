"""Differential tests: the simulator's parsing against the real docker client (the oracle)."""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
from pathlib import Path

import pytest
from cli_oracle_support import (
    DOCKER,
    Outcome,
    classify,
    compare,
    corpus_lines,
    oracle_comparable,
    random_lines,
    run_once,
    run_sim,
)

pytestmark = pytest.mark.docker_oracle

#: Lines where the simulator deliberately differs from docker 28.2.2, with the reason.
KNOWN_DIFFERENCES = {
    "build --explain-cache .": "--explain-cache is a hidden dockersim-only flag",
    "build --progress plain .": "buildx flags are accepted (hidden): the simulated build is BuildKit's",
    "build --secret id=x .": "buildx flags are accepted (hidden): the simulated build is BuildKit's",
    "build -o type=local,dest=out .": "buildx flags are accepted (hidden): the simulated build is BuildKit's",
    "build --load --push --cache-to type=inline .": "buildx flags are accepted (hidden): BuildKit build",
    "build --progress=bogus .": "buildx flags are accepted (hidden); the build handler checks the mode",
    "-l debug trust inspect a=b 1g 1.5 a=b": "at debug level the client logs its Notary look-ups; dockersim has none",
}

#: A fixed-seed batch of generated lines joins the corpus (cached with it): broad coverage, reproducible.
RANDOM_SEED, RANDOM_COUNT = 20261128, 400

needs_docker = pytest.mark.skipif(DOCKER is None, reason="no docker client on PATH: the oracle is unavailable")


@pytest.fixture(scope="module")
def oracle_cwd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the module's client runs happen under (each line in a fresh folder of its own). Module-scoped,
    so tests/scheduling.py keeps the module's tests in one worker: the lines the corpus and the help tree share
    (~300, and the tree walk's own runs) then run once (``cli_oracle_support.ANSWERS``), not once per worker."""
    return tmp_path_factory.mktemp("oracle-cwd")


@pytest.fixture(scope="module")
def oracle_results(request: pytest.FixtureRequest, oracle_cwd: Path) -> tuple[Path, dict[str, Outcome]]:
    """The real client's outcome per corpus line: run in a thread pool, cached across runs in pytest's cache
    (keyed by the client's version; set DOCKERSIM_ORACLE_FRESH=1 to rerun everything)."""
    cwd = oracle_cwd
    lines = [ln for ln in corpus_lines() if oracle_comparable(ln)]
    lines += [ln for ln in random_lines(RANDOM_SEED, RANDOM_COUNT) if ln not in set(lines)]
    if DOCKER is None:
        return cwd, {}
    version = subprocess.run(
        [DOCKER, "--version"], capture_output=True, text=True, timeout=10, check=False
    ).stdout.strip()
    key = "dockersim/oracle-raw-v3/" + hashlib.sha256(version.encode()).hexdigest()[:16]
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    stored: dict[str, list] = {}
    if cache is not None and os.environ.get("DOCKERSIM_ORACLE_FRESH") != "1":
        stored = cache.get(key, {}) or {}
    # The cache keeps the raw output; classification is redone on every run so rule changes apply.
    raw = {ln: stored[ln] for ln in lines if ln in stored and len(stored[ln]) == 3}
    missing = [ln for ln in lines if ln not in raw]
    raw.update(run_once(missing, cwd))
    if cache is not None and missing:
        cache.set(key, raw)
    return cwd, {ln: classify(*raw[ln]) for ln in lines}


def test_corpus_is_large_and_covers_every_command() -> None:
    """The corpus keeps at least 300 lines and mentions every modelled command."""
    from dockersim.cli import all_specs

    lines = corpus_lines()
    assert len(lines) >= 300
    words = {shlex.split(ln)[0] for ln in lines if ln and shlex.split(ln)}
    firsts = {" ".join(shlex.split(ln)[:2]) for ln in lines if shlex.split(ln)}
    threes = {" ".join(shlex.split(ln)[:3]) for ln in lines if shlex.split(ln)}
    for spec in all_specs():
        if spec.hidden or spec.path.startswith("compose"):
            continue
        names = {spec.path, *spec.aliases}
        assert any(n in firsts or n in words or n in threes for n in names), spec.path


@needs_docker
def test_simulator_matches_oracle(oracle_results: tuple[Path, dict[str, Outcome]]) -> None:
    """For every corpus line: same stdout/stderr/exit code on errors and help, and acceptance of valid lines."""
    cwd, results = oracle_results
    failures = []
    for line, oracle in results.items():
        if line in KNOWN_DIFFERENCES:
            continue
        diff = compare(line, oracle, run_sim(line, cwd))
        if diff:
            failures.append(f"docker {line}\n    {diff}")
    assert not failures, f"{len(failures)} of {len(results)} lines differ:\n" + "\n".join(failures[:40])


@needs_docker
def test_known_differences_still_differ(oracle_results: tuple[Path, dict[str, Outcome]]) -> None:
    """Each documented difference is real (so the list does not silently hide fixed behaviour)."""
    cwd, results = oracle_results
    for line in KNOWN_DIFFERENCES:
        assert compare(line, results[line], run_sim(line, cwd)) is not None, line


@needs_docker
def test_oracle_accepts_every_docs_line(oracle_results: tuple[Path, dict[str, Outcome]]) -> None:
    """Every docker line of the notes that docker accepts is accepted (or honestly reported as not modelled)."""
    cwd, results = oracle_results
    text = (Path(__file__).parent / "data" / "oracle_corpus.txt").read_text(encoding="utf-8")
    docs = text.split("# --- docs\n", 1)[1].splitlines()
    checked = 0
    for line in docs:
        if not line or line.startswith("#") or line not in results or not results[line].accepted:
            continue
        checked += 1
        assert compare(line, results[line], run_sim(line, cwd)) is None, line
    assert checked >= 100


def test_compose_lines_accepted_by_simulator(tmp_path: Path) -> None:
    """Compose lines (not judged by the oracle: no plugin there) parse in the simulator once compose registers."""
    from dockersim.cli import find_spec

    if find_spec("compose up") is None:
        pytest.skip("dockersim.compose.specs has not registered the compose subtree yet")
    lines = [ln for ln in corpus_lines() if not oracle_comparable(ln) and "--help" not in ln]
    assert len(lines) >= 15
    for line in (*lines, "compose -f a.yml ps", "compose -p demo --profile x up -d"):
        assert run_sim(line, tmp_path).accepted, line


#: The help-tree corpus: generated afresh from the client's own help tree (set DOCKERSIM_ORACLE_SEED for a new
#: sample); the simulator must match at least this share of it exactly.
TREE_SEED = int(os.environ.get("DOCKERSIM_ORACLE_SEED", "1"))
TREE_TARGET = 0.99


@needs_docker
@pytest.mark.timeout(1200)
def test_simulator_matches_oracle_on_the_help_tree(
    request: pytest.FixtureRequest, oracle_cwd: Path, tmp_path: Path
) -> None:
    """Every command path of the client: ≥ 99% exact, and no line is answered 'not modelled'.

    The lines come from the client's own help tree (``cli_oracle_support.tree_lines``), one per equivalence
    class of the parse, where a class is lines the client and the simulator both answer by the same code:

    - per management command: alone, ``--help``, ``-h``, ``help <group>``, an unknown subcommand, an unknown flag;
    - per command path (aliases included: their errors name the path as typed): alone (the arity rule at 0
      arguments), ``--help`` (its page: every flag's name, shorthand, type, usage and default), 4 arguments
      (the rule above any maximum; both messages name the rule's bounds);
    - per route that cobra and pflag take alike for every command (``-h``, ``help <path>``, an unknown flag or
      shorthand, ``-D`` before the path, help after an argument or before/after an unknown flag): every path
      takes one route, by turns, so each route runs on ~1/8 of the paths, spread over the tree (and ``-h`` on
      every command with an ``-h`` flag of its own);
    - per flag of every command (an alias runs the command's own flags, so once per command): the flag with a
      value of its type (its own validator runs), in that type's forms (``--f v``, ``--f=v``, ``-fv``) by turns,
      with 0-3 arguments;
    - per value type and error form (a missing value, long or shorthand; a value the type refuses; ``=maybe``
      on a bool; ``--help`` after a value, whose page shows the value as set): two flags of that type.

    The earlier sample of 20 random cases per command path ran 3,750 lines and left most flags of the large
    commands unexercised; these ~1,700 lines exercise every flag, and the walk's own runs are lines of them.
    """
    from cli_oracle_support import help_tree, tree_lines, unexercised

    version = subprocess.run(
        [DOCKER, "--version"], capture_output=True, text=True, timeout=10, check=False
    ).stdout.strip()
    key = f"dockersim/oracle-tree-v2/{TREE_SEED}/" + hashlib.sha256(version.encode()).hexdigest()[:16]
    cache = getattr(request.config, "cache", None)
    raw: dict[str, list] = (cache.get(key, {}) or {}) if cache is not None else {}
    if not raw:
        helps, groups = help_tree(oracle_cwd)
        lines = tree_lines(TREE_SEED, helps, groups)
        assert len(helps) >= 160 and len(groups) >= 15
        assert not unexercised(lines, helps), unexercised(lines, helps)[:20]
        raw = run_once(lines, oracle_cwd)
        if cache is not None:
            cache.set(key, raw)
    failures = []
    for line, res in raw.items():
        sim = run_sim(line, tmp_path)
        assert "is not modelled" not in sim.stderr, line
        diff = compare(line, classify(*res), sim)
        if diff:
            failures.append(f"docker {line}\n    {diff[:300]}")
    rate = 1 - len(failures) / len(raw)
    assert rate >= TREE_TARGET, f"{rate:.2%} of {len(raw)} lines match:\n" + "\n".join(failures[:40])
