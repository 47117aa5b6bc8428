"""The Dockerfile frontend and ``docker build``: parser → instructions → plan, context, cache, progress, lint.

Stages are kept apart as in BuildKit: :mod:`.parser` turns text into untyped nodes with line numbers,
:mod:`.instructions` turns nodes into typed instructions grouped in stages, :mod:`.plan` resolves
variables, stages and the target into steps, and :mod:`.builder` runs the steps against the engine
with the layer cache of :mod:`.cache`, printing BuildKit's progress through :mod:`.progress`.
"""

from __future__ import annotations
