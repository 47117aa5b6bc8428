"""Reading the ``dockersim`` command's state file (``DOCKERSIM_STATE``) without trusting it.

The file must be a regular file under :data:`MAX_STATE_BYTES`; it is opened without blocking (a FIFO
never waits for a writer), checked on the open descriptor, read once with a bound, and parsed with depth
errors caught. Every refusal is a :class:`SimulatorError` saying why; the file is left as it is.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

from dockersim.context import SimulatorError
from dockersim.hostfile import read_open
from dockersim.textsafe import may_hold_surrogates, scrub_data

#: Largest state file read (a simulated engine with 10,000 containers saves about 30 MB).
MAX_STATE_BYTES = 256 * 1024 * 1024
_LEAVE = "not touching it (move it away or point DOCKERSIM_STATE elsewhere)"
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _need_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise SimulatorError(f"dockersim: state file {path} is {_kind(mode)}, not a file; {_LEAVE}")


def read_state(path: Path, limit: int = MAX_STATE_BYTES) -> Any:
    """The JSON data of the state file at ``path``; :class:`SimulatorError` when it cannot be used."""
    try:
        _need_regular(path, path.stat().st_mode)  # a socket cannot even be opened: say what it is first
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SimulatorError(f"dockersim: cannot read state file {path}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        _need_regular(path, info.st_mode)  # again on what was opened: it may have been swapped meanwhile
        if info.st_size > limit:
            raise SimulatorError(f"dockersim: state file {path} is larger than {limit} bytes; {_LEAVE}")
        data_bytes = read_open(fd, limit, path)
    except OSError as exc:
        if exc.errno == errno.EFBIG:  # it grew past the limit after its size was checked
            raise SimulatorError(f"dockersim: state file {path} is larger than {limit} bytes; {_LEAVE}") from None
        raise SimulatorError(f"dockersim: cannot read state file {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    try:
        text = data_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise SimulatorError(f"dockersim: state file {path} is not UTF-8 text; {_LEAVE}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SimulatorError(
            f"dockersim: state file {path} is corrupt ({exc.msg} at line {exc.lineno}); {_LEAVE}"
        ) from None
    except RecursionError:
        raise SimulatorError(f"dockersim: state file {path} is nested too deeply to be a state; {_LEAVE}") from None
    return scrub_data(data) if may_hold_surrogates(text) else data  # a lone "\\ud800" would break its files
