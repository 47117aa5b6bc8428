"""The rest of a shell line waits for a command that keeps running: ``docker container prune && echo done``
prints ``done`` only once the ``[y/N]`` question is answered (and not at all when the answer leaves the
prune failing), as a shell runs the next command only when the previous one has ended.

The shell (:meth:`dockersim.shell.interpreter.Shell._run_lists`) stops a top-level line at the first command
that leaves a job and hands over a :class:`Chained` job: the command's own job, then ``resume(status)``,
which runs what is left of the line with that command's status and may leave a job of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dockersim.live.job import Chunks, Job

#: What runs the rest of the line: given the finished command's status, its output, status and next job.
Resume = Callable[[int], tuple[Chunks, int, "Job | None"]]


class Chained(Job):
    """A running command followed by the rest of its shell line."""

    def __init__(self, inner: Job, resume: Resume) -> None:
        super().__init__()
        self.inner = inner
        self.resume: Resume | None = resume

    @property
    def prompt(self) -> str | None:  # type: ignore[override]
        """The running command's prompt."""
        return self.inner.prompt

    @property
    def reads_input(self) -> bool:  # type: ignore[override]
        """Whether the running command reads typed lines."""
        return self.inner.reads_input

    @property
    def detachable(self) -> bool:  # type: ignore[override]
        """Whether Ctrl+P Ctrl+Q detaches the running command."""
        return self.inner.detachable

    @property
    def eof_newline(self) -> bool:  # type: ignore[override]
        """Whether the running command's prompt line is ended at the end of the input."""
        return self.inner.eof_newline

    @property
    def frame(self) -> Any:
        """The running command's frame (``docker stats``), if it has one."""
        return getattr(self.inner, "frame", None)

    def owned(self) -> list[Any]:
        """What the running command acts on."""
        return self.inner.owned()

    def _advance(self, chunks: Chunks) -> Chunks:
        for stream, text in chunks:
            self.emit(stream, text)
        while self.inner.done and not self.done:
            for stream, text in self.inner.take():
                self.emit(stream, text)
            resume, self.resume = self.resume, None
            if resume is None:
                self.finish(int(self.inner.exit_code or 0))
                break
            rest, code, job = resume(int(self.inner.exit_code or 0))
            for stream, text in rest:
                self.emit(stream, text)
            if job is None:
                self.finish(code)
                break
            self.inner = job  # the rest left a command running: it carries what follows it
            for stream, text in job.take():
                self.emit(stream, text)
        return self.take()

    def poll(self) -> Chunks:
        """The running command's output, then the rest of the line's once it has ended."""
        return self._advance([] if self.inner.done else self.inner.poll())

    def feed(self, text: str) -> Chunks:
        """Typed lines go to the running command."""
        return self._advance(self.inner.feed(text))

    def signal(self, name: str) -> Chunks:
        """Ctrl+C, Ctrl+D, Ctrl+P Ctrl+Q, hang-up: to the running command."""
        return self._advance(self.inner.signal(name))
