"""The Python half of ``snapshot.mjs``: run inside Pyodide (under Node) just before the memory snapshot.

:func:`begin` imports what the first commands need (``dockersim.worker``; the build's warm-up then imports
the rest of what they use), :func:`finish` drops what the playground never uses, so the snapshot carries less,
and installs the finder that loads everything else on first use (``snapshot_lazy.py``). Each cut was measured on the
snapshot file (gzip -9 / brotli 11) and is checked by ``tests/plugins/playground/test_playground_snapshot_prepare.py``:

- docstrings of modules, classes and functions: nothing reads ``__doc__`` at run time (``--help`` text comes
  from the simulator's own tables);
- line tables: every instruction of a function maps to its ``def`` line (tracebacks still name the file and
  the function; the exception tables, which ``try`` needs, are kept);
- function annotations: nothing evaluates them at run time (dataclass fields keep their own types);
- packages Pyodide imports for features the worker never uses (:data:`UNUSED`), and what Pyodide's own
  modules keep of them (:data:`KEPT_BY_PYODIDE`).

It also saves the start some work: the code Pyodide's start evaluates (:data:`BOOTSTRAP_SOURCES`) is compiled here,
once (:func:`compile_bootstrap_code`).

Only Python 3.14 code objects are handled (``CO_HAS_DOCSTRING``, the 3.11+ location table).
"""

import contextlib
import functools
import gc
import importlib
import linecache
import sys
import types
import zipimport
from importlib.machinery import SourceFileLoader

UNUSED = (
    "asyncio",
    "concurrent",
    "selectors",
    "socket",
    "ssl",
    "subprocess",
    "zipfile",
    "tarfile",
    "compression",
    "bz2",
    "lzma",
    "email",
    "logging",
    "pkgutil",
)
"""Packages imported for what the worker never does (event loops, sockets, subprocesses, archives, mail, the
loggers asyncio made, ``pkgutil``): unloaded and emptied (a module still referenced
elsewhere keeps its object, not its contents). Never one the simulator imports: ``wanted`` wins."""
KEPT_BY_PYODIDE = (("pyodide._package_loader", "ZipFile"),)
"""Names Pyodide's own modules imported from a package of :data:`UNUSED`, which would keep its classes and
code alive after :func:`unload` (``zipfile``'s, ~40 KB of code objects): dropped too. Only installing a wheel
reads them (``loadPackage``, ``unpackArchive``), and a snapshot start never does: the rest of the simulator
comes through ``snapshot_lazy.py``, and the worker's normal start does not use the snapshot."""
CO_HAS_DOCSTRING = 0x4000000
"""Python 3.14's code flag: ``co_consts[0]`` is the function's docstring."""
DOC_COPIES = (classmethod, staticmethod, functools._lru_cache_wrapper)
"""Wrappers that keep a copy of their function's docstring in their own ``__dict__`` (other objects are not
asked for theirs: reading ``__dict__`` would make one for every instance that keeps its attributes inline)."""
NO_COLUMNS = 13
"""Location-table entry kind "line delta, no columns" (CPython's ``Objects/locations.md``)."""
BOOTSTRAP_SOURCES = (
    "{}",
    "import importlib; importlib",
    "import __main__; __main__.__dict__",
    "import builtins; builtins.__dict__",
)
"""The code Pyodide's ``finalizeBootstrap`` runs at every start, a snapshot start too, through
``_pyodide._base.eval_code`` (``pyodide.asm.mjs``; the test pins the four): compiled at build
(:func:`compile_bootstrap_code`), so that a start calls none of the parser's and compiler's wasm functions, each
compiled lazily by the browser on its first call (~750 of them in ``finalizeBootstrap``)."""


def def_line_table(code: types.CodeType) -> bytes:
    """A location table that maps every instruction of ``code`` to its first line: one two-byte entry (no
    columns, line delta 0) per eight code units, instead of a line and columns per instruction."""
    units = len(code._co_code_adaptive) // 2
    table = bytearray()
    while units > 0:
        step = min(units, 8)
        table += bytes((0x80 | NO_COLUMNS << 3 | (step - 1), 0))
        units -= step
    return bytes(table)


def slim_code(code: types.CodeType) -> types.CodeType:
    """``code`` (and the code objects nested in it) without its docstring and with :func:`def_line_table`;
    the same object when there is nothing to change."""
    consts = list(code.co_consts)
    changed = False
    if code.co_flags & CO_HAS_DOCSTRING and consts and consts[0] is not None:
        consts[0] = None
        changed = True
    for index, const in enumerate(consts):
        if isinstance(const, types.CodeType):
            slim = slim_code(const)
            if slim is not const:
                consts[index] = slim
                changed = True
    table = def_line_table(code)
    if not changed and table == code.co_linetable:
        return code
    return code.replace(co_consts=tuple(consts), co_linetable=table)


SLIM_LOADERS = (zipimport.zipimporter, SourceFileLoader)
"""The loaders whose ``get_code`` :func:`begin` wraps: the standard library zip's and the wheel's files."""


def begin() -> None:
    """Import ``dockersim.worker``, every module from now on compiled straight into :func:`slim_code` form
    (the full code objects never stay in memory next to the slim ones) until :func:`finish`: the warm-up's
    commands import what the first commands need, slim too. Nothing else of the simulator is imported: the
    rest comes from ``dockersim.rest.zip`` when a command first needs it (``snapshot_lazy.py``)."""
    for loader in SLIM_LOADERS:
        original = vars(loader).get("get_code")
        loader._dnp_get_code = original
        loader.get_code = (lambda get_code: lambda self, name: slim_code(get_code(self, name)))(loader.get_code)
    importlib.import_module("dockersim.worker")


def end_slim_imports() -> None:
    """Give the loaders their own ``get_code`` back."""
    for loader in SLIM_LOADERS:
        original = vars(loader).get("_dnp_get_code")
        del loader._dnp_get_code
        if original is None:
            del loader.get_code
        else:
            loader.get_code = original


def unload(unused: tuple[str, ...], keep: set[str]) -> None:
    """Take the packages of ``unused`` (but none of ``keep``) out of ``sys.modules`` and empty them."""
    for name in [name for name in sys.modules if name.split(".")[0] in set(unused) - keep]:
        module = sys.modules.pop(name)
        if name == "logging":  # its handlers' weak references call back into the module's globals when freed
            module._handlerList.clear()
        module.__dict__.clear()


def drop_kept(kept: tuple[tuple[str, str], ...], keep: set[str]) -> None:
    """Remove each (module, name) of ``kept`` whose value comes from a package not in ``keep``."""
    for module_name, name in kept:
        module = sys.modules.get(module_name)
        value = getattr(module, name, None)
        if value is not None and getattr(value, "__module__", "").split(".")[0] not in keep:
            delattr(module, name)


def slim_loaded() -> None:
    """:func:`slim_code` for every function already made (Pyodide's start-up imports, generated dataclass
    methods), and no docstrings or annotations anywhere (classes, properties, wrappers, modules)."""
    functions: dict[int, list[types.FunctionType]] = {}
    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType):
            functions.setdefault(id(obj.__code__), []).append(obj)
            obj.__doc__ = None
            del obj.__annotations__
        elif isinstance(obj, type):
            if isinstance(obj.__dict__.get("__doc__"), str):
                # a static type refuses: its docstring lives in the runtime's data, not in the heap
                with contextlib.suppress(TypeError, AttributeError):
                    obj.__doc__ = None
        elif isinstance(obj, property):
            with contextlib.suppress(AttributeError):  # a subclass may have no room for it
                obj.__doc__ = None
        elif isinstance(obj, DOC_COPIES):
            attributes = vars(obj)
            if isinstance(attributes.get("__doc__"), str):
                attributes["__doc__"] = None
    for sharing in functions.values():  # closures made from one code object share its slim copy
        slim = slim_code(sharing[0].__code__)
        for function in sharing:
            function.__code__ = slim
    for module in list(sys.modules.values()):
        if isinstance(module, types.ModuleType) and isinstance(module.__dict__.get("__doc__"), str):
            module.__doc__ = None


def stdlib_zip() -> str:
    """Where the standard library zip is (on ``sys.path``): the packages imported from it look there."""
    return next((entry for entry in sys.path if entry.endswith(".zip")), "")


def install_lazy(source: str, zip_path: str) -> None:
    """Run ``snapshot_lazy.py`` (``source``) as the module ``_dnp_lazy`` and append its finder to
    ``sys.meta_path``: the archive of the rest will be written at ``zip_path``."""
    module = types.ModuleType("_dnp_lazy")
    exec(compile(source, "_dnp_lazy.py", "exec"), module.__dict__)
    module.state["zip"] = zip_path
    sys.modules[module.__name__] = module
    sys.meta_path.append(module.RestFinder)


def compile_bootstrap_code(base: types.ModuleType) -> None:
    """Give ``base`` (``_pyodide._base``) an ``eval_code`` that runs :data:`BOOTSTRAP_SOURCES` from code
    compiled now (a compiled ``CodeRunner`` runs its code again on each ``run``, as a new one would) and
    hands anything else to Pyodide's own. Only the name in ``_pyodide._base`` changes: ``pyodide.code`` and
    ``runPython`` keep Pyodide's function. Nothing the closure reads lives in this module's namespace, which
    ``snapshot.mjs`` empties."""
    original = base.eval_code
    runners = {source: base.CodeRunner(source).compile() for source in BOOTSTRAP_SOURCES}

    def eval_code(source: str, globals: dict | None = None, locals: dict | None = None, **options: object) -> object:
        runner = None if options else runners.get(source)
        if runner is None:
            return original(source, globals, locals, **options)
        return runner.run(globals, locals)

    eval_code.__wrapped__ = original
    base.eval_code = eval_code


def forget_import_caches() -> None:
    """Forget the standard library zip (a snapshot start has none) and the caches that pointed into it."""
    sys.path[:] = [entry for entry in sys.path if not entry.endswith(".zip")]
    sys.path_importer_cache.clear()
    zipimport._zip_directory_cache.clear()
    linecache.clearcache()


def finish(wanted: list[str], lazy_source: str) -> list[str]:
    """After the warm-up: nothing the snapshot does not need kept, the finder of the rest in place; returns
    the names of the modules the snapshot holds (the rest archive leaves them out)."""
    end_slim_imports()
    zip_path = stdlib_zip()
    keep = {name.split(".")[0] for name in wanted} | {"dockersim"}
    drop_kept(KEPT_BY_PYODIDE, keep)
    unload(UNUSED, keep)
    forget_import_caches()
    install_lazy(lazy_source, zip_path)
    compile_bootstrap_code(importlib.import_module("_pyodide._base"))
    gc.collect()
    slim_loaded()
    gc.collect()
    return sorted(sys.modules)
