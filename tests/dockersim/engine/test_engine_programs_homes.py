"""The declared table of container programs (``dockersim.engine.programs.HOMES``): it names exactly the
``_cmd_`` methods of each family, the container's side finds them as its own members, and no family's class
loads before a first program runs."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from dockersim.engine import programs, shell
from dockersim.engine.programs.base import ProgramBase
from dockersim.engine.programs.container import ContainerPrograms
from dockersim.shell.registry import REGISTRY

PLAYGROUND = Path(__file__).resolve().parents[3] / "playground"


def test_the_table_names_exactly_each_familys_methods() -> None:
    for family in set(programs.HOMES.values()):
        module = importlib.import_module(f"dockersim.engine.programs.{family}")
        classes = [
            value for value in vars(module).values() if isinstance(value, type) and value.__module__ == module.__name__
        ]
        methods = {name for klass in classes for name in vars(klass) if name.startswith("_cmd_")}
        declared = {programs.PROGRAM_METHODS[name] for name, home in programs.HOMES.items() if home == family}
        assert methods == declared, family
    every = {name for name in dir(ContainerPrograms) if name.startswith("_cmd_")}
    assert every == set(programs.PROGRAM_METHODS.values())
    assert all(REGISTRY[name] is REGISTRY["nginx"] for name in programs.HOMES)


def test_the_side_resolves_every_member_as_the_composed_class_would() -> None:
    """No family redefines what the side or ProgramBase has (their order would differ from the old subclass),
    and every member a family defines is found through the side, bound to it."""
    own = {name for klass in shell.ContainerSide.__mro__ for name in vars(klass)}
    for klass in ContainerPrograms.__mro__:
        if klass in (ProgramBase, object, ContainerPrograms):
            continue
        defined = {name for name in vars(klass) if not name.startswith("__")}
        assert not defined & own, (klass.__name__, sorted(defined & own))
        for name in defined:
            expected = next(vars(k)[name] for k in ContainerPrograms.__mro__ if name in vars(k))
            assert shell._program_member(name) is expected, name


def test_a_missing_member_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_member"):
        shell._program_member("no_such_member")


PROBE = """
import json, sys
from dockersim import worker
def ask(kind, payload):
    reply = json.loads(worker.handle(json.dumps({"id": 1, "type": kind, "payload": payload})))
    assert reply["ok"], reply
    return reply["payload"]
ask("init", {"state": None, "seed": 1})
ask("run", {"line": "docker run -d --name web nginx"})
before = sorted(name for name in sys.modules if name.startswith("dockersim.engine.programs."))
out = ask("run", {"line": "docker exec web whoami"})
after = sorted(name for name in sys.modules if name.startswith("dockersim.engine.programs."))
print(json.dumps([before, after, out["stdout"]]))
"""


def test_the_families_load_when_a_first_program_runs() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=PLAYGROUND, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, after, stdout = json.loads(done.stdout.splitlines()[-1])
    assert before == ["dockersim.engine.programs.base", "dockersim.engine.programs.nginx_files"]
    assert "dockersim.engine.programs.container" in after
    assert stdout == "root\n"
