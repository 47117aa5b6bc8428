"""RUN steps are read by the one shell parser: control operators, ``if`` branches and continuations."""

from __future__ import annotations

from dockersim.build.context import BuildContext
from dockersim.build.runsim import RunState, simulate, split_commands


def _state(distro: str = "debian") -> RunState:
    return RunState(env={}, workdir="/app", distro=distro, context=BuildContext())


def test_split_commands_sees_through_operators_and_continuations() -> None:
    """``&&``, ``||``, ``;``, ``|`` and backslash-newlines split where sh splits, quotes do not."""
    script = "apt-get update && \\\n    apt-get install -y curl; echo 'a && b' | tee x || true"
    assert split_commands(script) == ["apt-get update", "apt-get install -y curl", "echo 'a && b'", "tee x", "true"]


def test_or_true_recovers_a_failed_command() -> None:
    """``apk add curl || true`` on Debian: apk is missing, ``|| true`` keeps the step green."""
    assert simulate("apk add curl", _state()).exit_code == 127
    assert simulate("apk add curl || true", _state()).exit_code == 0


def test_if_branches_run_only_the_taken_one() -> None:
    """``if [ a = b ]`` runs the else branch's command only."""
    outcome = simulate('if [ "x" = "y" ]; then echo yes; else echo no; fi', _state())
    assert [text for _, text in outcome.lines] == ["no"]


def test_pip_install_names_its_packages() -> None:
    """``pip install flask gunicorn`` collects both (the first operand after ``install`` was skipped)."""
    outcome = simulate("pip install --no-cache-dir flask gunicorn", _state())
    assert "Successfully installed flask-1.0 gunicorn-1.0" in [text for _, text in outcome.lines]
