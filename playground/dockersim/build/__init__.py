"""The Dockerfile frontend and ``docker build``: parser → instructions → plan, context, cache, progress, lint.

Stages are kept apart as in BuildKit: :mod:`.parser` turns text into untyped nodes with line numbers,
:mod:`.instructions` turns nodes into typed instructions grouped in stages, :mod:`.plan` resolves
variables, stages and the target into steps, and :mod:`.builder` runs the steps against the engine
with the layer cache of :mod:`.cache`, printing BuildKit's progress through :mod:`.progress`.

Entry points:

- ``dockersim.build.command:run_build(ctx, opts, args)``: ``docker build`` on a directory (``args[0]``
  relative to ``ctx.cwd``; real FS or Pyodide's in-memory FS).
- ``dockersim.build.command:build_files(ctx, files, ...)``: the same build from a ``{path: content}`` dict.
- ``dockersim.build.builder:build(engine, context, text, options)``: the library call, returns a
  ``BuildResult`` (``to_data()`` is what ``ctx.data["build"]`` holds).
- ``dockersim.build.lint:lint_text(text, context=None)``: findings (rule, severity, line, message, docs, check).
- ``dockersim.build.lint_command:run_lint(ctx, opts, args)``: the hidden ``dockersim lint`` handler.
- ``dockersim.build.cache:usage(store)`` / ``prune(store)``: for ``system df`` / ``builder prune``.
"""

from __future__ import annotations
