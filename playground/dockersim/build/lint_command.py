"""The hidden ``dockersim lint [PATH_TO_DOCKERFILE]`` handler: hadolint-style lines, findings in ``ctx.data``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockersim.build.context import from_directory
from dockersim.build.lint import lint_text
from dockersim.build.parser import MAX_DOCKERFILE_BYTES
from dockersim.cli.spec import Arity, CommandSpec, FlagSpec
from dockersim.cli.unit import command
from dockersim.context import CommandContext
from dockersim.hostfile import read_text

#: hadolint's default ``--failure-threshold`` is ``info``: ``style`` findings alone exit 0.
FAILING = ("error", "warning", "info")


@command(
    "lint",
    own=CommandSpec(
        "lint",
        use="[OPTIONS] [DOCKERFILE]",
        short="Check a Dockerfile against best-practice rules",
        arity=Arity.at_most(1),
        flags=(FlagSpec("format", type="string", help="Output format"),),
    ),
)
def run_lint(ctx: CommandContext, opts: Mapping[str, Any], args: list[str]) -> int:
    """Lint a Dockerfile (default ``./Dockerfile``); prints ``<file>:<line> <CODE> <severity>: <message>``."""
    shown = args[0] if args else "Dockerfile"
    path = Path(os.path.normpath(ctx.cwd / shown))
    if not path.is_file():
        ctx.err.line(f"{shown}: openFile: does not exist (No such file or directory)")
        return 1
    try:
        text = read_text(path, MAX_DOCKERFILE_BYTES)  # read once, bounded
    except OSError as error:
        ctx.err.line(f"{shown}: openFile: {(error.strerror or 'cannot read').lower()}")
        return 1
    findings = lint_text(text, from_directory(path.parent, path))
    ctx.data["lint"] = [f.to_dict() for f in findings]
    for finding in findings:
        ctx.out.line(f"{shown}:{finding.line} {finding.rule} {finding.severity}: {finding.message}")
    return 1 if any(f.severity in FAILING for f in findings) else 0
