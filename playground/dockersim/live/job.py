"""The one interface of a command that has not ended yet."""

from __future__ import annotations

from typing import Any

Chunks = list[tuple[str, str]]
#: Ctrl+C, Ctrl+D, Ctrl+P Ctrl+Q, and the terminal going away (a page left, a tab closed).
SIGNALS = ("INT", "EOF", "DETACH", "HUP")


class Job:
    """A running command: output comes from :meth:`poll`, :meth:`feed` and :meth:`signal`.

    ``prompt`` is what the terminal shows while the job waits for a line (``None``: it reads no prompt, as a
    stream or a shell without a TTY); ``reads_input`` says whether typed lines go to it at all.
    """

    prompt: str | None = None
    reads_input: bool = False
    #: Ctrl+P Ctrl+Q detaches (only with a TTY, as docker's escape keys).
    detachable: bool = False
    #: Whether a console ends the prompt's line when the input ends with no output (a terminal's Ctrl+D).
    eof_newline: bool = True

    def __init__(self) -> None:
        self.exit_code: int | None = None
        self._chunks: Chunks = []

    @property
    def done(self) -> bool:
        """Whether the command has ended (``exit_code`` is set)."""
        return self.exit_code is not None

    def emit(self, stream: str, text: str) -> None:
        """Queue output, merged with the previous chunk of the same stream."""
        if not text:
            return
        if self._chunks and self._chunks[-1][0] == stream:
            self._chunks[-1] = (stream, self._chunks[-1][1] + text)
        else:
            self._chunks.append((stream, text))

    def take(self) -> Chunks:
        """The output queued since the last call."""
        chunks, self._chunks = self._chunks, []
        return chunks

    def finish(self, code: int) -> None:
        """The command ended with ``code``."""
        if self.exit_code is None:
            self.exit_code = code

    # -- what the caller drives -------------------------------------------------------------------

    def poll(self) -> Chunks:
        """Output produced since the last call as simulated time went on."""
        if not self.done:
            self.tick()
        return self.take()

    def feed(self, text: str) -> Chunks:
        """Input typed by the reader (one or more lines)."""
        if not self.done and self.reads_input:
            for line in text.splitlines():
                if self.done:
                    break
                self.line(line)
        return self.take()

    def signal(self, name: str) -> Chunks:
        """Ctrl+C (``INT``), Ctrl+D (``EOF``) or Ctrl+P Ctrl+Q (``DETACH``)."""
        if not self.done:
            if name == "INT":
                self.interrupt()
            elif name == "EOF":
                self.end_of_input()
            elif name == "DETACH" and self.detachable:
                self.emit("stderr", "read escape sequence\n")
                self.finish(0)
            elif name == "HUP":
                self.hang_up()
        return self.take()

    # -- what a kind of job defines ---------------------------------------------------------------

    def owned(self) -> list[Any]:
        """The containers this job acts on (an attached main process, a session's container): what a caller
        that saves the engine elsewhere must keep of this job's doing. Followers own nothing."""
        return []

    def tick(self) -> None:
        """Let the job see what time did (new log lines, a process that ended)."""

    def line(self, line: str) -> None:
        """One line of input."""

    def interrupt(self) -> None:
        """Ctrl+C: by default the command ends as a process killed by SIGINT does."""
        self.finish(130)

    def end_of_input(self) -> None:
        """Ctrl+D: by default nothing (the command does not read its input)."""

    def hang_up(self) -> None:
        """The terminal went away, as a docker client that is killed: a command that reads its input sees
        the end of it (a shell then exits, and its container stops when it is the main process); a stream
        just ends and its containers keep running."""
        if self.reads_input:
            self.end_of_input()
        self.finish(129)


def run_to_end(job: Job, stdin: str) -> Chunks:
    """Run a job that reads its input to the end of ``stdin`` (a pipe), then close the input."""
    chunks = job.take()
    chunks += job.feed(stdin)
    if not job.done:
        chunks += job.signal("EOF")
    return chunks
