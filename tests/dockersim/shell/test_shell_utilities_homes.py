"""The declared table of where each shell utility lives (``dockersim.shell.utilities.HOMES``): it names exactly
what each module registers, and a utility's module is imported only when a shell first runs it."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

from dockersim.shell import utilities
from dockersim.shell.registry import REGISTRY

PLAYGROUND = Path(__file__).resolve().parents[3] / "playground"


def test_the_table_names_exactly_what_each_module_registers() -> None:
    utilities.load_all()
    registered = {
        name: function.__module__.removeprefix("dockersim.shell.")
        for name, function in REGISTRY.items()
        if function.__module__.startswith("dockersim.shell.")
    }
    assert registered == utilities.HOMES


def test_find_returns_the_registered_function_and_none_for_an_unknown_name() -> None:
    for name, module in utilities.HOMES.items():
        found = utilities.find(name)
        assert found is not None and found.__module__ == f"dockersim.shell.{module}", name
        assert found is REGISTRY[name]
    assert utilities.find("no-such-utility") is None


PROBE = """
import json, sys
from pathlib import Path
from dockersim.shell.interpreter import Shell
before = {name for name in sys.modules if name.startswith("dockersim.shell.")}
shell = Shell(object(), Path(sys.argv[1]))  # no docker command runs
first = shell.run("echo hi | wc -c")
after = {name for name in sys.modules if name.startswith("dockersim.shell.")}
print(json.dumps([first.stdout, sorted(before), sorted(after - before)]))
"""


def test_a_utility_module_is_imported_when_a_shell_first_runs_one_of_its_utilities(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)], cwd=PLAYGROUND, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    stdout, before, added = json.loads(done.stdout.splitlines()[-1])
    assert stdout.strip() == "3"
    assert not {"dockersim.shell.builtins", "dockersim.shell.textutils"} & set(before)
    assert {"dockersim.shell.builtins", "dockersim.shell.textutils"} <= set(added)
    assert "dockersim.shell.fileutils" not in added
    assert importlib.import_module("dockersim.shell.utilities") is utilities
