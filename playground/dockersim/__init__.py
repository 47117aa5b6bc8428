"""dockersim: a pure-Python simulator of the docker CLI, a docker engine and ``docker build``."""

from __future__ import annotations

__version__ = "0.1.0"
