"""The Python half of ``snapshot.mjs``: run inside Pyodide (under Node) just before the memory snapshot.

:func:`prepare` imports everything the simulator may import (a snapshot start has no standard library zip),
then drops what the playground never uses, so the snapshot carries less. Each cut was measured on the
snapshot file (gzip -9 / brotli 11) and is checked by ``tests/plugins/playground/test_playground_snapshot_prepare.py``:

- docstrings of modules, classes and functions: nothing reads ``__doc__`` at run time (``--help`` text comes
  from the simulator's own tables);
- line tables: every instruction of a function maps to its ``def`` line (tracebacks still name the file and
  the function; the exception tables, which ``try`` needs, are kept);
- function annotations: nothing evaluates them at run time (dataclass fields keep their own types);
- packages Pyodide imports for features the worker never uses (:data:`UNUSED`).

Only Python 3.14 code objects are handled (``CO_HAS_DOCSTRING``, the 3.11+ location table).
"""

import contextlib
import functools
import gc
import importlib
import linecache
import pkgutil
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
loggers asyncio made, and ``pkgutil``, used here only): unloaded and emptied (a module still referenced
elsewhere keeps its object, not its contents). Never one the simulator imports: ``wanted`` wins."""
CO_HAS_DOCSTRING = 0x4000000
"""Python 3.14's code flag: ``co_consts[0]`` is the function's docstring."""
DOC_COPIES = (classmethod, staticmethod, functools._lru_cache_wrapper)
"""Wrappers that keep a copy of their function's docstring in their own ``__dict__`` (other objects are not
asked for theirs: reading ``__dict__`` would make one for every instance that keeps its attributes inline)."""
NO_COLUMNS = 13
"""Location-table entry kind "line delta, no columns" (CPython's ``Objects/locations.md``)."""


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


def import_everything(wanted: list[str]) -> None:
    """Import every ``dockersim`` module and every module of ``wanted`` ("from x import name" lists names
    that are not modules: skipped), each compiled straight into :func:`slim_code` form, so the full code
    objects never stay in memory next to the slim ones."""
    loaders = (zipimport.zipimporter, SourceFileLoader)
    originals = [vars(loader).get("get_code") for loader in loaders]
    for loader in loaders:
        loader.get_code = (lambda get_code: lambda self, name: slim_code(get_code(self, name)))(loader.get_code)
    try:
        import dockersim

        for info in pkgutil.walk_packages(dockersim.__path__, "dockersim."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
        for name in wanted:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
    finally:
        for loader, original in zip(loaders, originals, strict=True):
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


def forget_import_caches() -> None:
    """Forget the standard library zip (a snapshot start has none) and the caches that pointed into it."""
    sys.path[:] = [entry for entry in sys.path if not entry.endswith(".zip")]
    sys.path_importer_cache.clear()
    zipimport._zip_directory_cache.clear()
    linecache.clearcache()


def prepare(wanted: list[str]) -> None:
    """Everything the snapshot needs imported, and nothing it does not need kept."""
    import_everything(wanted)
    unload(UNUSED, {name.split(".")[0] for name in wanted} | {"dockersim"})
    forget_import_caches()
    gc.collect()
    slim_loaded()
    gc.collect()
