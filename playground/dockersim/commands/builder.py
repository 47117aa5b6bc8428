"""``docker builder prune``: the build cache the simulated builds left."""

from __future__ import annotations

from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.commands._common import confirm
from dockersim.context import CommandContext
from dockersim.formatting.units import human_size

WARNING_DANGLING = "WARNING! This will remove all dangling build cache."
WARNING_ALL = "WARNING! This will remove all build cache."


@command("builder prune")
def run_prune(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """Remove build cache records (all with ``-a``); prints what was deleted and the space reclaimed."""
    warning = WARNING_ALL if opts.all else WARNING_DANGLING
    return _prune_cache(ctx) if opts.force else confirm(ctx, warning, _prune_cache)


def _prune_cache(ctx: CommandContext) -> int:
    """Empty the build cache once confirmed: what went, then the space reclaimed."""
    cache = getattr(ctx.engine, "build_cache", None)
    removed: list[str] = []
    reclaimed = 0
    if isinstance(cache, dict):
        for key in list(cache):
            entry = cache.pop(key)
            removed.append(str(key)[:25])
            reclaimed += int(entry.get("size", 0)) if isinstance(entry, dict) else 0
    if removed:
        ctx.out.write("Deleted build cache objects:\n" + "".join(f"{r}\n" for r in removed) + "\n")
    ctx.out.write(f"Total reclaimed space: {human_size(reclaimed)}\n")
    return 0
