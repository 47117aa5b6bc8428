"""What the snapshot drops before it is made (``snapshot_prepare.py``): docstrings, line detail, annotations,
unused packages and the dead C stack are gone from the snapshot, and what is left still works."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from docker_notes.playground import snapshot

ROOT = Path(__file__).resolve().parents[3]
PROBE = Path(__file__).with_name("snapshot_probe.mjs")
EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18


def probe(tmp_path: Path, python: str, snapshot_file: Path | None = None, codec: Path = snapshot.CODEC) -> dict:
    """Run ``python`` in Pyodide under Node (from ``snapshot_file``, or started normally) and return the
    probe's report: ``result`` (the JSON the code leaves in ``result``) and ``deadStackBytes``."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.skip("node or node_modules/pyodide is missing")
    script = tmp_path / "probe.py"
    script.write_text(python, encoding="utf-8")
    (tmp_path / "empty.zip").write_bytes(EMPTY_ZIP)
    source = str(snapshot_file) if snapshot_file else "-"
    result = subprocess.run(
        [
            node,
            str(PROBE),
            str(ROOT / "node_modules" / "pyodide"),
            source,
            str(codec),
            str(tmp_path / "empty.zip"),
            str(script),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert result.returncode == 0, "\n".join(line for line in result.stderr.splitlines() if len(line) < 400)[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def with_prepare(code: str) -> str:
    """``snapshot_prepare.py`` followed by ``code`` (its functions are then defined in the probe)."""
    return snapshot.PREPARE.read_text(encoding="utf-8") + "\n" + textwrap.dedent(code)


SLIM_CHECK = '''
        import json, types

        def sample(values):
            """A docstring."""
            total = 0
            for value in values:
                try:
                    total += int(value)
                except ValueError:
                    total -= 1
            if total > 100:
                raise OverflowError("too big")
            return total

        def outer():
            def inner(x):
                "The inner docstring."
                return x * 2
            return inner

        slim = slim_code(sample.__code__)
        rebuilt = types.FunctionType(slim, globals())
        try:
            rebuilt([500])
        except OverflowError as error:
            raised_at = error.__traceback__.tb_next.tb_lineno
        outer.__code__ = slim_code(outer.__code__)
        result = json.dumps({
            "before": sample(["1", "x", "5"]),
            "after": rebuilt(["1", "x", "5"]),
            "doc": rebuilt.__doc__,
            "inner": [outer().__doc__, outer()(4)],
            "lines": sorted({line for *_, line in slim.co_lines()}),
            "def_line": slim.co_firstlineno,
            "raised_at": raised_at,
            "again": slim_code(slim) is slim,
            "table_bytes": [len(sample.__code__.co_linetable), len(slim.co_linetable)],
        })
'''

UNLOAD_CHECK = """
        import gc, json, logging, sys, types

        for name in ("unusedpkg", "unusedpkg.sub", "wantedpkg"):
            sys.modules[name] = module = types.ModuleType(name)
            module.value = 1
        gone = sys.modules["unusedpkg.sub"]
        raised = []
        sys.unraisablehook = lambda failure: raised.append(repr(failure.exc_value))
        unload(("unusedpkg", "wantedpkg", "logging"), {"wantedpkg"})
        gc.collect()
        result = json.dumps({
            "left": sorted({"unusedpkg", "unusedpkg.sub", "wantedpkg", "logging"} & set(sys.modules)),
            "emptied": vars(gone) == {},
            "raised": raised,
        })
"""

BOOTSTRAP_CHECK = """
        import builtins, json
        import _pyodide._base as base

        original = base.eval_code
        compiles = []
        real_compile = builtins.compile
        builtins.compile = lambda *args, **kwargs: compiles.append(1) or real_compile(*args, **kwargs)
        try:
            compile_bootstrap_code(base)
            compiled_at_build = len(compiles)
            compiles.clear()
            ours = base.eval_code
            cached = [ours(source, {}) for source in BOOTSTRAP_SOURCES]
            compiled_for_them = len(compiles)
            scope = {}
            other = [ours("1 + 1"), ours("x = 3", scope, return_mode="none"), scope.get("x")]
            first, second = ours("{}"), ours("{}")
        finally:
            builtins.compile = real_compile
            base.eval_code = original
        result = json.dumps({
            "compiled_at_build": compiled_at_build,
            "compiled_for_them": compiled_for_them,
            "other": other,
            "compiled_for_other": len(compiles) > compiled_for_them,
            "same_objects": [cached[1] is original("import importlib; importlib", {}),
                             cached[2] is original("import __main__; __main__.__dict__", {}),
                             cached[3] is original("import builtins; builtins.__dict__", {})],
            "fresh_dicts": [first == {}, first is not second],
            "wraps": ours.__wrapped__ is original,
        })
"""

RUN_EACH = """
import json, traceback

reports = {}
for name, code in CASES.items():
    namespace = {"__name__": "__main__"}
    try:
        exec(compile(code, "<exec>", "exec"), namespace)
        reports[name] = json.loads(namespace["result"])
    except BaseException:
        reports[name] = {"error": traceback.format_exc()}
result = json.dumps(reports)
"""


@pytest.fixture(scope="module")
def prepare_reports(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The reports of both checks of ``snapshot_prepare.py``'s functions, from one Pyodide started the normal
    way (a start is ~6 s of CPU under Node): each check runs in a namespace of its own, the slim one first (the
    unload one then empties ``logging`` and its like)."""
    cases = {
        "slim": with_prepare(SLIM_CHECK),
        "bootstrap": with_prepare(BOOTSTRAP_CHECK),
        "unload": with_prepare(UNLOAD_CHECK),
    }
    return probe(tmp_path_factory.mktemp("prepare"), f"CASES = {cases!r}\n" + RUN_EACH)["result"]


@pytest.mark.timeout(300)
def test_slim_code_keeps_behaviour_but_no_docstring_or_line_detail(prepare_reports: dict) -> None:
    """A slim function computes the same, still catches its exceptions (the exception table is kept), has no
    docstring (nested functions neither) and reports every line as its ``def`` line; slimming twice is a no-op."""
    report = prepare_reports["slim"]
    assert "error" not in report, report["error"]
    assert report["before"] == report["after"] == 5
    assert report["doc"] is None
    assert report["inner"] == [None, 8]
    assert report["lines"] == [report["def_line"]] == [report["raised_at"]]
    assert report["again"] is True
    assert report["table_bytes"][1] < report["table_bytes"][0]


@pytest.mark.timeout(300)
def test_unload_empties_unused_packages_and_keeps_wanted_ones(prepare_reports: dict) -> None:
    """An unused package and its submodules leave ``sys.modules`` emptied; one the simulator wants stays.
    Unloading ``logging`` (imported by asyncio at Pyodide's start) raises nothing, not even in a callback."""
    report = prepare_reports["unload"]
    assert "error" not in report, report["error"]
    assert report == {"left": ["wantedpkg"], "emptied": True, "raised": []}


@pytest.mark.timeout(300)
def test_bootstrap_code_runs_compiled_at_build_and_the_rest_as_before(prepare_reports: dict) -> None:
    """``_pyodide._base.eval_code`` runs the bootstrap's four sources without compiling anything and returns
    what Pyodide's own returns (the same module and dicts, a new empty dict each time); other code, with or
    without options, goes to Pyodide's function."""
    report = prepare_reports["bootstrap"]
    assert "error" not in report, report["error"]
    assert report["compiled_at_build"] > 0
    assert report["compiled_for_them"] == 0
    assert report["other"] == [2, None, 3]
    assert report["compiled_for_other"] is True
    assert report["same_objects"] == [True, True, True]
    assert report["fresh_dicts"] == [True, True]
    assert report["wraps"] is True


def test_bootstrap_sources_are_the_ones_pyodides_start_runs() -> None:
    """The sources compiled at build are exactly those ``finalizeBootstrap`` in the pinned ``pyodide.asm.mjs``
    passes to ``eval_code``: a Pyodide that runs other code at start would compile it again (slower, never
    wrong), and this fails so that the list follows."""
    runtime = ROOT / "node_modules" / "pyodide" / "pyodide.asm.mjs"
    if not runtime.is_file():
        pytest.skip("node_modules/pyodide is missing")
    text = runtime.read_text(encoding="utf-8")
    start = text.index("API.finalizeBootstrap=function")
    body = text[start : text.index("var StackSwitching", start)]
    run = re.findall(r'(?:eval_code|runPythonInternal)\("((?:[^"\\]|\\.)*)"\)', body)
    namespace: dict[str, object] = {}
    exec(compile(snapshot.PREPARE.read_text(encoding="utf-8"), "snapshot_prepare.py", "exec"), namespace)
    assert sorted(run) == sorted(namespace["BOOTSTRAP_SOURCES"])


def test_drop_kept_removes_what_pyodide_keeps_of_an_unused_package_only(tmp_path: Path) -> None:
    """A name a module imported from an unused package goes (so the package's code can be freed); one whose
    package the simulator wants, or a module that is not loaded, is left alone. Plain CPython: no Pyodide."""
    import sys
    import types

    namespace: dict[str, object] = {}
    exec(compile(snapshot.PREPARE.read_text(encoding="utf-8"), "snapshot_prepare.py", "exec"), namespace)
    holder = types.ModuleType("holderpkg.loader")
    unused_class = type("ZipLike", (), {"__module__": "unusedpkg.core"})
    wanted_class = type("Wanted", (), {"__module__": "wantedpkg"})
    holder.ZipLike, holder.Wanted = unused_class, wanted_class
    sys.modules["holderpkg.loader"] = holder
    try:
        drop = namespace["drop_kept"]
        drop((("holderpkg.loader", "ZipLike"), ("holderpkg.loader", "Wanted"), ("notloaded", "X")), {"wantedpkg"})
    finally:
        del sys.modules["holderpkg.loader"]
    assert not hasattr(holder, "ZipLike")
    assert holder.Wanted is wanted_class
    assert ("pyodide._package_loader", "ZipFile") in namespace["KEPT_BY_PYODIDE"]


SNAPSHOT_CHECKS = """
import gc, json, sys, traceback, types
import dockersim, dockersim.worker

def made_here(function):
    return function.__code__.co_filename == "<exec>"

def lines_of(code):
    return {line for *_, line in code.co_lines()} - {None}

functions = [obj for obj in gc.get_objects() if isinstance(obj, types.FunctionType) and not made_here(obj)]
dockersim_modules = [module for name, module in sys.modules.items() if name.split(".")[0] == "dockersim"]
top_level = [
    obj for module in dockersim_modules for obj in vars(module).values() if isinstance(obj, types.FunctionType)
]
try:
    json.loads("{")
except ValueError as error:
    frames = traceback.extract_tb(error.__traceback__)
def ask(kind, payload):
    return json.loads(dockersim.worker.handle(json.dumps({"id": 1, "type": kind, "payload": payload})))

ask("init", {"state": None, "seed": 1})
reply = ask("run", {"line": "docker run -d nginx"})
wrong = ask("run", {"line": "docker nosuch"})
result = json.dumps({
    "documented_functions": [f.__qualname__ for f in functions if f.__doc__ is not None][:5],
    "documented_classes": [c.__qualname__ for c in gc.get_objects() if isinstance(c, type)
                           and isinstance(c.__dict__.get("__doc__"), str) and c.__module__.startswith("dockersim")][:5],
    "documented_modules": [name for name, m in sys.modules.items() if isinstance(getattr(m, "__doc__", None), str)][:5],
    "annotated": [f.__qualname__ for f in top_level if f.__annotations__][:5],
    "line_detail": [f.__qualname__ for f in functions if len(lines_of(f.__code__)) > 1][:5],
    "json_frame": [frames[-1].filename.endswith("json/decoder.py"),
                   frames[-1].lineno == json.decoder.JSONDecoder.raw_decode.__code__.co_firstlineno],
    "unused_loaded": sorted({"asyncio", "logging", "pkgutil", "zipfile"} & set(sys.modules)),
    "zipfile_code": sum("/zipfile/" in f.__code__.co_filename for f in functions),
    "run": [reply["ok"], reply["payload"]["exit_code"]],
    "wrong": [wrong["ok"], wrong["payload"]["exit_code"], "docker: unknown command" in wrong["payload"]["stderr"]],
})
"""


@pytest.mark.timeout(300)
def test_the_snapshot_carries_no_docstrings_annotations_line_detail_or_dead_stack(
    built_site: Path, tmp_path: Path
) -> None:
    """Restored the way the worker restores it, the snapshot has no docstring on any function, dockersim class
    or module, no annotations on dockersim's functions, one line per function, none of the unloaded packages,
    a zeroed stack below its top page, and the simulator still answers (errors too)."""
    found = list((built_site / "assets" / "playground" / "snapshots").rglob("*.snapshot"))
    if not found:
        pytest.skip("no snapshot in this build")
    codec = built_site / "assets" / "playground" / "snapshot-codec.mjs"
    report = probe(tmp_path, SNAPSHOT_CHECKS, found[0], codec)
    checks = report["result"]
    assert checks["documented_functions"] == []
    assert checks["documented_classes"] == []
    assert checks["documented_modules"] == []
    assert checks["annotated"] == []
    assert checks["line_detail"] == []
    assert checks["json_frame"] == [True, True]
    assert checks["unused_loaded"] == []
    assert checks["zipfile_code"] == 0  # what pyodide._package_loader kept of zipfile went too
    assert checks["run"] == [True, 0]
    assert checks["wrong"][0] is True and checks["wrong"][1] != 0 and checks["wrong"][2]
    assert report["deadStackBytes"] == 0
