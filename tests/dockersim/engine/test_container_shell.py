"""The public door to a shell inside a container: ``Engine.open_shell`` and ``ContainerShell.run``."""

from __future__ import annotations

import pytest
from dockersim.context import EngineError
from dockersim.engine import Engine
from dockersim.engine.state import ContainerRecord
from dockersim.runspec import ContainerSpec


def _running(engine: Engine, **kw: object) -> ContainerRecord:
    c = engine.create_container(ContainerSpec(**kw))  # type: ignore[arg-type]
    engine.start_container(c)
    return c


@pytest.fixture
def box() -> tuple[Engine, ContainerRecord]:
    engine = Engine(seed=3)
    return engine, _running(engine, image="alpine", name="box", command=["sleep", "1000"], env=["A=1"])


def test_session_keeps_cwd_and_variables(box: tuple[Engine, ContainerRecord]) -> None:
    """``cd`` and ``export`` in one line hold for the next, as in an interactive shell."""
    engine, c = box
    sh = engine.open_shell(c)
    assert sh.run("cd /tmp && export B=2").exit_code == 0
    result = sh.run("pwd; echo $A$B")
    assert (result.stdout, result.exit_code) == ("/tmp\n1 2\n".replace(" ", ""), 0)
    assert sh.exit_status is None


def test_exit_ends_the_session(box: tuple[Engine, ContainerRecord]) -> None:
    """``exit N`` sets the status the session ends with."""
    engine, c = box
    sh = engine.open_shell(c)
    assert sh.run("exit 3").exit_code == 3
    assert sh.exit_status == 3


def test_open_shell_needs_a_running_container(box: tuple[Engine, ContainerRecord]) -> None:
    """A stopped container has no shell to open: docker's exec error."""
    engine, c = box
    engine.stop_container(c)
    with pytest.raises(EngineError, match="is not running"):
        engine.open_shell(c)


def test_session_knows_its_user(box: tuple[Engine, ContainerRecord]) -> None:
    """A prompt needs the user's name, uid and home: from the image's passwd."""
    engine, c = box
    root = engine.open_shell(c)
    assert (root.username, root.uid, root.home) == ("root", 0, "/root")
    nobody = engine.open_shell(c, user="nobody")
    assert (nobody.username, nobody.uid) == ("nobody", 65534)
    numeric = engine.open_shell(c, user="4242")
    assert (numeric.username, numeric.uid) == ("", 4242)


def test_stdin_reaches_the_line(box: tuple[Engine, ContainerRecord]) -> None:
    """``docker exec -i box sh -c 'wc -l'`` reads what is piped in."""
    engine, c = box
    assert engine.open_shell(c).run("wc -l", stdin="a\nb\n").stdout == "2\n"


def test_long_listing_names_the_files_owner(box: tuple[Engine, ContainerRecord]) -> None:
    """``ls -l`` in a container (``docker exec box ls -la``, argv and shell line): the image's files are root's."""
    engine, c = box
    for result in (engine.open_shell(c).run_argv(["ls", "-la"]), engine.open_shell(c, user="nobody").run("ls -l /")):
        assert result.exit_code == 0, result.stderr
        assert "drwxr-xr-x    1 root     root" in result.stdout
