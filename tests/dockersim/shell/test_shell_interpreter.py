"""The shell layer: expansion, control operators, pipes, redirections and heredocs around docker commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.context import CommandResult
from dockersim.shell import Shell
from hypothesis import given, settings
from hypothesis import strategies as st


class RecordingRunner:
    """Stands in for the simulator session: records each docker argv and answers from a script."""

    def __init__(self, answers: dict[str, CommandResult] | None = None) -> None:
        self.calls: list[tuple[list[str], str]] = []
        self.answers = answers or {}

    def run(self, argv: list[str], stdin: str = "", *, piped: bool = False) -> CommandResult:
        self.calls.append((argv, stdin))
        return self.answers.get(" ".join(argv), CommandResult("", "", 0))


@pytest.fixture
def runner() -> RecordingRunner:
    return RecordingRunner(
        {
            "ps -q": CommandResult("a1b2c3\nd4e5f6\n", "", 0),
            "ps -aq": CommandResult("a1b2c3\n", "", 0),
            "ps": CommandResult("CONTAINER ID   IMAGE\na1b2c3   nginx\nd4e5f6   redis\n", "", 0),
            "rm missing": CommandResult("", "Error response from daemon: No such container: missing\n", 1),
            "ps --format {{.Image}}\t{{.Ports}}\t{{.ID}}": CommandResult(
                "nginx\t0.0.0.0:8080->80/tcp\ta1b2c3\n", "", 0
            ),
        }
    )


@pytest.fixture
def shell(runner: RecordingRunner, tmp_path: Path) -> Shell:
    return Shell(runner, tmp_path)


def test_command_substitution_splits_into_arguments(shell: Shell, runner: RecordingRunner) -> None:
    """`docker stop $(docker ps -q)` passes each ID as its own argument, as bash does."""
    shell.run("docker stop $(docker ps -q)")
    assert runner.calls[-1][0] == ["stop", "a1b2c3", "d4e5f6"]


def test_quoted_substitution_stays_one_argument(shell: Shell, runner: RecordingRunner) -> None:
    """Inside double quotes the output of $(…) is one word."""
    shell.run('docker rm "$(docker ps -q)"')
    assert runner.calls[-1][0] == ["rm", "a1b2c3\nd4e5f6"]


def test_nested_substitution(shell: Shell) -> None:
    """$(…) nests."""
    assert shell.run('echo "$(echo $(echo deep))"').stdout == "deep\n"


def test_and_or_short_circuit(shell: Shell, runner: RecordingRunner) -> None:
    """`&&` runs only after success and `||` only after failure."""
    result = shell.run("docker rm missing && echo removed || echo failed")
    assert result.stdout == "failed\n"
    assert "No such container" in result.stderr
    assert result.exit_code == 0


def test_pipe_into_grep(shell: Shell) -> None:
    """`docker ps | grep nginx` filters the docker output."""
    assert shell.run("docker ps | grep nginx").stdout == "a1b2c3   nginx\n"
    assert shell.run("docker ps | grep -v nginx | wc -l").stdout == "2\n"


def test_variables_persist_between_lines(shell: Shell, runner: RecordingRunner) -> None:
    """`VAR=x` on one line is seen by `$VAR` on the next, with ${VAR:-default} support."""
    shell.run('APP_VERSION="1.2.3"')
    shell.run("docker build --build-arg VERSION=$APP_VERSION -t app:${TAG:-latest} .")
    assert runner.calls[-1][0] == ["build", "--build-arg", "VERSION=1.2.3", "-t", "app:latest", "."]


def test_heredoc_writes_a_file(shell: Shell, tmp_path: Path) -> None:
    """`cat > .env << EOF` … `EOF` creates the file with expanded variables, as in the notes."""
    shell.run("PASS=secret")
    result = shell.run("cat > .env << EOF\nDB_PASSWORD=$PASS\nJWT_SECRET=your-secret-key\nEOF")
    assert result.exit_code == 0
    assert (tmp_path / ".env").read_text() == "DB_PASSWORD=secret\nJWT_SECRET=your-secret-key\n"


def test_quoted_heredoc_delimiter_keeps_dollars(shell: Shell, tmp_path: Path) -> None:
    """A quoted delimiter (<< 'EOF') disables expansion in the body."""
    shell.run("cat > f << 'EOF'\n$HOME\nEOF")
    assert (tmp_path / "f").read_text() == "$HOME\n"


def test_continuation_lines_are_joined(shell: Shell, runner: RecordingRunner) -> None:
    """Backslash-newline continues a docker command across lines, as the notes write them."""
    shell.run("docker run -d \\\n  --name web \\\n  -p 8080:80 \\\n  nginx")
    assert runner.calls[-1][0] == ["run", "-d", "--name", "web", "-p", "8080:80", "nginx"]


def test_comments_are_ignored(shell: Shell, runner: RecordingRunner) -> None:
    """Trailing and whole-line comments never reach docker."""
    shell.run("# list\ndocker ps -a   # all containers")
    assert runner.calls == [(["ps", "-a"], "")]


def test_docker_compose_goes_to_compose(shell: Shell, runner: RecordingRunner) -> None:
    """`docker-compose up -d` is the compose subcommand of the simulator."""
    shell.run("docker-compose up -d")
    assert runner.calls[-1][0] == ["compose", "up", "-d"]


def test_unknown_command_is_said_plainly(shell: Shell) -> None:
    """Anything the simulator does not model is answered with a clear message and exit 127."""
    result = shell.run("kubectl get pods")
    assert result.exit_code == 127
    assert "kubectl: not available in the simulator" in result.stderr


def test_redirection_and_dev_null(shell: Shell, tmp_path: Path) -> None:
    """`>` writes, `>>` appends, `2>&1` merges, and /dev/null swallows."""
    shell.run("echo one > out.txt")
    shell.run("echo two >> out.txt")
    assert (tmp_path / "out.txt").read_text() == "one\ntwo\n"
    assert shell.run("docker rm missing 2>/dev/null").stderr == ""
    assert "No such container" in shell.run("docker rm missing 2>&1 | grep daemon").stdout


def test_files_outside_the_working_directory_are_refused(shell: Shell) -> None:
    """The shell never reads or writes the host outside its working directory."""
    assert "Permission denied" in shell.run("cat /etc/passwd").stderr
    assert "Permission denied" in shell.run("echo x > ../escape.txt").stderr


def test_pwd_is_usable_in_bind_mounts(shell: Shell, runner: RecordingRunner, tmp_path: Path) -> None:
    """`-v $(pwd)/logs:/app/logs` expands to an absolute path."""
    shell.run("docker run -v $(pwd)/logs:/app/logs alpine")
    assert runner.calls[-1][0][2] == f"{tmp_path.resolve()}/logs:/app/logs"


def test_curl_answers_for_a_published_port(shell: Shell) -> None:
    """`curl http://localhost:8080` reaches the container publishing 8080; other ports refuse."""
    assert "Welcome to nginx!" in shell.run("curl http://localhost:8080").stdout
    assert shell.run("curl http://localhost:9999").exit_code == 7


def test_git_answers_like_git_outside_a_repository(shell: Shell) -> None:
    """`$(git rev-parse --short HEAD)` in the notes gets git's own answer, not a fake hash."""
    result = shell.run("GIT_COMMIT=$(git rev-parse --short HEAD)")
    assert "not a git repository" in result.stderr
    assert result.exit_code == 128


@pytest.mark.parametrize(
    ("script", "status"),
    [("X=$(false); echo $?", "1"), ("X=$(exit 3); echo $?", "3"), ("X=$(false) Y=$(true); echo $?", "0"),
     ("false; X=2; echo $?", "0"), ("X=$(echo $(false)); echo $?", "0"), ("echo $(false) >/dev/null; echo $?", "0")],
)  # fmt: skip
def test_an_assignment_ends_with_its_last_substitution_status(shell: Shell, script: str, status: str) -> None:
    """POSIX: a command with no command name ends with the status of its last command substitution, else 0."""
    assert shell.run(script).stdout == status + "\n"


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("echo 'unterminated", "unexpected EOF while looking for matching"),
        ('echo "unterminated', "unexpected EOF while looking for matching"),
        ("echo $(echo", "unexpected EOF while looking for matching `)'"),
        ("&& echo", "syntax error near unexpected token `&&'"),
        ("cat << EOF\nno end", "here-document delimited by end-of-file"),
        ("echo ${X:?must be set}", "X: must be set"),
        ("echo " + "$(" * 40 + "x" + ")" * 40, "nested more than"),
    ],
)
def test_bad_input_gets_a_bash_like_error(shell: Shell, script: str, message: str) -> None:
    """Malformed lines are answered with bash's wording and a non-zero status, never an exception."""
    result = shell.run(script)
    assert message in result.stderr
    assert result.exit_code != 0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_answered_without_raising(script: str) -> None:
    """Random text (unicode, NULs, quotes, operators) never raises out of the shell."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = Shell(RecordingRunner(), Path(folder)).run(script)
        assert isinstance(result.exit_code, int)


def test_huge_line_is_handled(shell: Shell) -> None:
    """A 1 MB argument passes through in bounded time."""
    result = shell.run("echo " + "x" * 1_000_000)
    assert len(result.stdout) == 1_000_001


def test_ls_all_lists_the_directory_and_its_parent(shell: Shell, tmp_path: Path) -> None:
    """``ls -a`` shows ``.`` and ``..`` first, ``ls -A`` leaves them out, as GNU and BusyBox ls do."""
    (tmp_path / ".env").write_text("A=1\n", encoding="utf-8")
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    assert shell.run("ls -a").stdout.split() == [".", "..", ".env", "app.py"]
    assert shell.run("ls -A").stdout.split() == [".env", "app.py"]
    assert shell.run("ls -la").stdout.splitlines()[1].endswith(" .")
