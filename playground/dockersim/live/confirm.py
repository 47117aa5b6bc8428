"""docker's ``[y/N]`` question asked at a terminal (the prunes, ``trust revoke``): the command waits for the
reader's answer.

docker 28 prints the question, reads one line of its stdin and goes on only when the line, trimmed, is ``y``
or ``Y`` (``yes`` is a no); any other line or the end of input (Ctrl+D) is a no: nothing changes and the
command ends with status 0. Ctrl+C ends the line (the newline docker prints is the terminal's line end
here) and the command exits 0 too, having done nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from dockersim.context import CommandContext, SimulatorError
from dockersim.live.job import Job

#: The question docker's prune commands end their warning with.
CONTINUE = "Are you sure you want to continue? [y/N] "


def answered_yes(line: str) -> bool:
    """docker's rule: the line, trimmed, is ``y`` or ``Y``."""
    return line.strip().lower() == "y"


class Confirm(Job):
    """A command waiting at its ``[y/N]`` question: ``proceed`` does the rest on ``y``.

    ``prompt`` is the question's last line (the terminal shows it before what the reader types, as a
    real terminal leaves the answer on the question's line); lines before it were printed already.
    """

    reads_input = True
    #: At the end of the input docker prints nothing more (its scanner just stops): the next output follows
    #: the question on its line, so a console adds no line end (``cli.console``).
    eof_newline = False

    def __init__(
        self,
        ctx: CommandContext,
        question: str,
        proceed: Callable[[CommandContext], int],
        yes: Callable[[str], bool] = answered_yes,
    ) -> None:
        super().__init__()
        self.prompt = question
        self.engine = ctx.engine
        self.cwd = ctx.cwd
        self.env = dict(ctx.env)
        self.proceed = proceed
        self.yes = yes

    def line(self, line: str) -> None:
        """The reader's answer."""
        if not self.yes(line):
            self.finish(0)
            return
        ctx = CommandContext(engine=self.engine, cwd=self.cwd, env=self.env)
        try:
            code = self.proceed(ctx)
        except SimulatorError as exc:
            from dockersim.cli.dispatch import format_engine_error

            ctx.err.write(format_engine_error(exc).rstrip("\n") + "\n")
            code = exc.exit_code
        for stream, text in ctx.transcript:
            self.emit(stream, text)
        self.finish(code)

    def end_of_input(self) -> None:
        """Ctrl+D: no answer is a no."""
        self.finish(0)

    def interrupt(self) -> None:
        """Ctrl+C: docker ends the question's line and exits 0 without doing anything."""
        self.finish(0)

    def hang_up(self) -> None:
        """The terminal went away: the client is killed before any answer (status 129), nothing done."""
        self.finish(129)


def ask(
    ctx: CommandContext,
    question: str,
    proceed: Callable[[CommandContext], int],
    yes: Callable[[str], bool] = answered_yes,
) -> int:
    """Print ``question`` (its last line is the ``[y/N]`` prompt) and run ``proceed(ctx)`` on a yes.

    When the caller keeps commands running and nothing is piped in (``ctx.live`` without ``ctx.stdin``:
    the browser's terminal, a Try it panel, the ``dockersim`` console), the command waits for the answer as
    a :class:`Confirm` job in ``ctx.job``; otherwise the first line of the piped input answers (none: no).
    """
    head, _, last = question.rpartition("\n")
    if ctx.live and not ctx.stdin:
        if head:
            ctx.out.write(head + "\n")
        ctx.job = Confirm(ctx, last, proceed, yes)
        return 0
    ctx.out.write(question)
    first = ctx.stdin.splitlines()[0] if ctx.stdin else ""
    return proceed(ctx) if yes(first) else 0
