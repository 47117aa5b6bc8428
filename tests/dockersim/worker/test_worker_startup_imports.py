"""What ``dockersim.worker`` imports at start-up: the browser's snapshot holds exactly that (plus what the
build's warm-up imports), so what a first command never needs must stay out of it and load on first use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dockersim.live
import pytest

PLAYGROUND = Path(__file__).resolve().parents[3] / "playground"
#: Modules a first ``docker run -d nginx`` never needs: the running sessions (attached runs, ``-it``, streams)
#: and the shell utilities other than ``docker`` (``dockersim.shell.utilities.HOMES``).
LATER = (
    "dockersim.shell.builtins",
    "dockersim.shell.fileutils",
    "dockersim.shell.textutils",
    "dockersim.live.attach",
    "dockersim.live.clients",
    "dockersim.live.container_shell",
    "dockersim.live.follow",
    "dockersim.live.interactive",
    "dockersim.live.interrupt",
    "dockersim.live.repl",
    "dockersim.live.ticker",
)
PROBE = """
import json, sys
from dockersim import worker
def ask(kind, payload):
    reply = json.loads(worker.handle(json.dumps({"id": 1, "type": kind, "payload": payload})))
    assert reply["ok"], reply
ask("init", {"state": None, "seed": 1, "clock": "wall"})
ask("run", {"line": "docker run -d --name web -p 8080:80 nginx"})
print(json.dumps(sorted(name for name in sys.modules if name.startswith("dockersim"))))
"""


def _imported_by_a_first_command() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PLAYGROUND, capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_first_command_imports_no_session_module() -> None:
    imported = _imported_by_a_first_command()
    assert "dockersim.worker" in imported
    assert not imported & set(LATER), sorted(imported & set(LATER))


def test_live_names_load_on_first_use_and_are_their_modules_objects() -> None:
    import importlib

    for name in dockersim.live.__all__:
        home = dockersim.live._HOMES[name]
        assert getattr(dockersim.live, name) is getattr(importlib.import_module(f"dockersim.live.{home}"), name)
    assert sorted(dockersim.live.__all__) == sorted(dockersim.live._HOMES)


def test_an_unknown_live_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="nothing_here"):
        dockersim.live.nothing_here  # noqa: B018
