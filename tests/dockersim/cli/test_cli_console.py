"""The dockersim command with commands that keep running: real stdin, stdout and clock (dockersim.cli.console)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dockersim.cli.console import Console, reads_stdin
from dockersim.cli.main import main


class FakeTime:
    """A wall clock that moves only when the console sleeps; Ctrl+C after ``interrupt_after`` seconds."""

    def __init__(self, interrupt_after: float = 1e9) -> None:
        self.now = 1_000.0
        self.slept = 0.0
        self.interrupt_after = interrupt_after

    def wall(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds
        if self.slept >= self.interrupt_after:
            self.interrupt_after = 1e9
            raise KeyboardInterrupt


def console(stdin: str, clock: FakeTime) -> tuple[Console, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Console(io.StringIO(stdin), out, err, wall=clock.wall, sleep=clock.sleep), out, err


def run(argv: list[str], tmp_path: Path, stdin: str = "", clock: FakeTime | None = None) -> tuple[str, str, int]:
    con, out, err = console(stdin, clock or FakeTime())
    extra_out, extra_err, code = main(argv, env={"HOME": "/root", "DOCKERSIM_SEED": "4"}, cwd=tmp_path, console=con)
    return out.getvalue() + extra_out, err.getvalue() + extra_err, code


def test_it_session_reads_the_terminal_with_the_containers_prompt(tmp_path: Path) -> None:
    """`dockersim run -it ubuntu bash`: bash's prompt, lines run in the container, `exit 5` is the status."""
    out, _err, code = run(["run", "-it", "--rm", "ubuntu", "bash"], tmp_path, "cd /etc\npwd\nexit 5\n")
    assert code == 5
    assert ":/# cd /etc" not in out  # the terminal, not the simulator, echoes what is typed
    assert ":/etc# /etc\n" in out and out.rstrip().endswith("exit")


def test_ctrl_d_ends_the_session(tmp_path: Path) -> None:
    """End of input at the prompt ends the shell with the last status."""
    out, _err, code = run(["run", "-it", "alpine", "sh"], tmp_path, "false\n")
    assert code == 1 and out.count("/ # ") == 2


def test_foreground_run_streams_until_ctrl_c(tmp_path: Path) -> None:
    """`dockersim run nginx` stays attached as real time passes; Ctrl+C stops nginx, status 0."""
    clock = FakeTime(interrupt_after=5)
    out, err, code = run(["run", "nginx"], tmp_path, clock=clock)
    assert code == 0 and clock.slept >= 5
    assert "Configuration complete" in out and "signal 2 (SIGINT) received, exiting" in err


def test_sleep_container_ends_after_real_seconds(tmp_path: Path) -> None:
    """`dockersim run alpine sleep 3` returns about 3 (fake) real seconds later, with status 0."""
    clock = FakeTime()
    _out, _err, code = run(["run", "alpine", "sleep", "3"], tmp_path, clock=clock)
    assert code == 0 and 3 <= clock.slept <= 4


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["run", "-it", "ubuntu"], True),
        (["run", "--name", "web", "-i", "alpine", "sh"], True),
        (["container", "exec", "--interactive", "web", "sh"], True),
        (["run", "-d", "nginx"], False),
        (["load", "-i", "images.tar"], False),
        (["run", "-e", "A=i", "alpine"], False),
    ],
)
def test_which_commands_read_stdin(argv: list[str], expected: bool) -> None:
    """Only -i on the commands that attach stdin makes the console read a piped stdin."""
    assert reads_stdin(argv) is expected


def test_piped_commands_to_an_interactive_shell(tmp_path: Path) -> None:
    """The issue's example: `printf 'echo hi\\nexit\\n' | dockersim run -i --rm alpine sh` prints `hi`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKERSIM_")}
    res = subprocess.run(
        [sys.executable, "-m", "dockersim", "run", "-i", "--rm", "alpine", "sh"],
        input="echo hi\nexit\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert (res.stdout, res.returncode) == ("hi\n", 0)
    tty = subprocess.run(
        [sys.executable, "-m", "dockersim", "run", "-it", "alpine", "sh"],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert (tty.stderr, tty.returncode) == ("the input device is not a TTY\n", 1)


def test_exec_it_with_piped_input_is_not_a_tty(tmp_path: Path) -> None:
    """`exec -it` with input that is not a terminal fails as the client does, once the container is found."""
    env = {"HOME": "/root", "DOCKERSIM_SEED": "4", "DOCKERSIM_STATE": str(tmp_path / "state.json")}
    main(["run", "-d", "--name", "web", "nginx"], env=env, cwd=tmp_path)
    piped = {**env, "DOCKERSIM_STDIN_TTY": "0"}
    assert main(["exec", "-it", "web", "sh"], env=piped, cwd=tmp_path, stdin="ls\n") == (
        "",
        "the input device is not a TTY\n",
        1,
    )
    _out, err, code = main(["exec", "-it", "nothere", "sh"], env=piped, cwd=tmp_path, stdin="ls\n")
    assert code == 1 and "No such container: nothere" in err
    assert main(["exec", "-i", "web", "sh"], env=piped, cwd=tmp_path, stdin="echo in\n")[::2] == ("in\n", 0)


def test_a_stream_whose_reader_goes_away_ends_quietly(tmp_path: Path) -> None:
    """`dockersim stats | head -1`: when the pipe closes the command ends as SIGPIPE ends docker (141),
    with no traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKERSIM_")}
    env["DOCKERSIM_STATE"] = str(tmp_path / "state.json")
    main(["run", "-d", "--name", "web", "nginx"], env=env, cwd=tmp_path)
    with subprocess.Popen(
        [sys.executable, "-m", "dockersim", "stats"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    ) as stats:
        assert stats.stdout is not None and stats.stderr is not None
        assert stats.stdout.readline().startswith(b"CONTAINER ID")
        stats.stdout.close()
        assert stats.wait(timeout=60) == 141
        assert b"Traceback" not in stats.stderr.read()


def test_what_another_terminal_did_meanwhile_is_kept(tmp_path: Path) -> None:
    """While `dockersim run -it` stays attached, another dockersim removes a container and creates a
    volume; when the session ends, the state keeps those and gets this session's container as it ended."""
    state = tmp_path / "state.json"
    env = {"HOME": "/root", "DOCKERSIM_SEED": "4", "DOCKERSIM_STATE": str(state)}
    main(["run", "-d", "--name", "old", "nginx"], env=env, cwd=tmp_path)

    class OtherTerminal(io.StringIO):
        """Stdin whose first read lets 'another terminal' run two commands."""

        def readline(self, *args: object) -> str:
            if not getattr(self, "done", False):
                self.done = True
                main(["rm", "-f", "old"], env=env, cwd=tmp_path)
                main(["volume", "create", "kept"], env=env, cwd=tmp_path)
            return super().readline()

    out, err = io.StringIO(), io.StringIO()
    clock = FakeTime()
    con = Console(OtherTerminal("exit 4\n"), out, err, wall=clock.wall, sleep=clock.sleep)
    assert main(["run", "-it", "--name", "box", "alpine", "sh"], env=env, cwd=tmp_path, console=con)[2] == 4
    listing = main(["ps", "-a", "--format", "{{.Names}} {{.Status}}"], env=env, cwd=tmp_path)[0]
    assert listing.startswith("box Exited (4)") and "old" not in listing
    assert "kept" in main(["volume", "ls", "-q"], env=env, cwd=tmp_path)[0]


def test_a_command_waiting_for_input_still_ends_on_its_own(tmp_path: Path) -> None:
    """`dockersim run -it alpine sleep 1` with nothing typed: the console waits for input and time at once,
    so the container's end (one real second later) ends the command without a key press."""
    read_end, write_end = os.pipe()
    try:
        with os.fdopen(read_end, "r") as stdin:
            out, err = io.StringIO(), io.StringIO()
            con = Console(stdin, out, err)
            env = {"HOME": "/root", "DOCKERSIM_SEED": "4"}
            assert main(["run", "-it", "alpine", "sleep", "1"], env=env, cwd=tmp_path, console=con)[2] == 0
    finally:
        os.close(write_end)


def test_ctrl_p_then_enter_detaches(tmp_path: Path) -> None:
    """Ctrl+P (Ctrl+Q) then Enter, as a line-buffered terminal delivers docker's escape keys, detaches:
    "read escape sequence", status 0, the container keeps running."""
    state = tmp_path / "state.json"
    env = {"HOME": "/root", "DOCKERSIM_SEED": "4", "DOCKERSIM_STATE": str(state)}
    for keys in ("\x10\n", "\x10\x11\n"):
        con, _out, err = console(keys, FakeTime())
        assert main(["run", "-it", "alpine", "sh"], env=env, cwd=tmp_path, console=con)[2] == 0
        assert err.getvalue().endswith("read escape sequence\n")
    listing = main(["ps", "--format", "{{.Image}} {{.State}}"], env=env, cwd=tmp_path)[0]
    assert listing == "alpine running\nalpine running\n"


def test_input_that_ends_before_an_answer_is_no_with_no_line_end(tmp_path: Path) -> None:
    """docker 28's PromptForConfirmation prints nothing when its stdin ends unanswered (its scanner stops):
    the question's line stays open, as the real client leaves it."""
    out, err, code = run(["container", "prune"], tmp_path, "")
    assert code == 0 and err == ""
    assert out == "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "
