"""Text that is not UTF-8: command-line bytes CPython hands over as surrogates, a browser line or saved state
holding a lone ``\\ud800``. Written into a container's file, it ended every later ``ls`` or ``wc`` there in
``internal error: UnicodeEncodeError`` (for good: the state kept it), and a saved one made the console
command end in a traceback as it printed. Now such a character is U+FFFD where text comes in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dockersim import worker
from dockersim.cli.main import main

CRASH = ("internal error", "Traceback")


def _console(argv: list[str | bytes], state: Path) -> subprocess.CompletedProcess[bytes]:
    env = {"PATH": os.environ["PATH"], "HOME": str(state.parent), "DOCKERSIM_SEED": "1", "DOCKERSIM_STATE": str(state)}
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"  # a strict UTF-8 stdout
    env["PYTHONPATH"] = str(Path(worker.__file__).parents[1])  # the dockersim under test
    done = subprocess.run(
        [sys.executable, "-m", "dockersim", *argv], env=env, capture_output=True, timeout=60, check=False
    )
    assert not any(sign.encode() in done.stdout + done.stderr for sign in CRASH), done.stderr
    return done


def test_command_line_bytes_that_are_not_utf8_never_break_a_container(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    _console(["run", "-d", "--name", "web", "alpine", "sleep", "1000"], state)
    _console(["exec", "web", "sh", "-c", b"echo \xff\xfe > /bad; touch /name\xff"], state)
    done = _console(["exec", "web", "ls", "/"], state)
    assert done.returncode == 0 and "bad\nbin\n" in done.stdout.decode(), done.stderr
    done = _console(["exec", "web", "wc", "-c", "/bad"], state)
    assert done.returncode == 0, done.stderr


def test_a_lone_surrogate_in_the_state_file_is_replaced(tmp_path: Path) -> None:
    """The state file escapes it as JSON does (``"\\ud800"``); loaded as it is, it broke ``ls`` and printing."""
    state = tmp_path / "state.json"
    env = {"HOME": str(tmp_path), "DOCKERSIM_SEED": "1", "DOCKERSIM_STATE": str(state)}
    main(["run", "-d", "--name", "web", "alpine", "sleep", "1000"], env=env, cwd=tmp_path)
    data = json.loads(state.read_text())
    (container,) = data["engine"]["containers"]
    container["files"]["/bad"] = "x\ud800y\n"
    container["labels"] = {"k\udcff": "v\ud800"}
    state.write_text(json.dumps(data))
    for argv in (["exec", "web", "ls", "/"], ["exec", "web", "cat", "/bad"], ["inspect", "web"]):
        out, err, code = main(argv, env=env, cwd=tmp_path)
        assert code == 0 and not any(sign in out + err for sign in CRASH), err
    assert main(["exec", "web", "cat", "/bad"], env=env, cwd=tmp_path)[0] == "x\ufffdy\n"
    done = _console(["ps", "--format", "{{.Labels}}"], state)
    assert done.returncode == 0 and done.stdout.decode() == "k\ufffd=v\ufffd\n"


def test_a_lone_surrogate_in_a_browser_line_is_replaced(tmp_path: Path) -> None:
    """worker.js sends JSON.stringify's text, which escapes a lone surrogate; the reply's state must load back."""

    def ask(kind: str, payload: dict[str, object]) -> dict[str, object]:
        reply = json.loads(worker.handle(json.dumps({"id": 1, "type": kind, "payload": payload})))
        assert reply["ok"], reply
        return reply["payload"]

    ask("init", {"workdir": str(tmp_path / "project"), "seed": 1})
    ask("run", {"line": "docker run -d --name web alpine sleep 1000"})
    ask("run", {"line": "docker exec web sh -c 'echo \ud800 > /bad'"})
    for line in ("docker exec web ls /", "docker exec web wc -c /bad", "docker export web > out.tar"):
        reply = ask("run", {"line": line})
        text = json.dumps(reply)
        assert not any(sign in text for sign in CRASH), text[:500]
