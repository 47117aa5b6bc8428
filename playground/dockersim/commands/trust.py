"""``docker trust`` (Docker Content Trust): the playground's images carry no signatures and it runs no Notary
server, so every command answers as docker does when no signed data exists."""

from __future__ import annotations

from pathlib import Path

from dockersim.cli import clientchecks
from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.context import CommandContext, SimulatorError

NOTARY = "dial tcp: lookup notary.docker.io on 192.168.65.7:53: no such host"


@command("trust inspect")
def run_trust_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``trust inspect``: no signatures (the JSON form prints an empty list first)."""
    if not opts.pretty:
        ctx.out.write("[]\n")
    from dockersim.engine.reference import parse_client_reference

    lines = []
    for name in args:
        try:
            parse_client_reference(name)
            lines.append(f"no signatures or cannot access {name}")
        except SimulatorError as exc:
            lines.append(exc.message)
    raise SimulatorError("\n".join(lines))


@command("trust sign", check=clientchecks.trust_sign)
def run_trust_sign(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``trust sign IMAGE:TAG``."""
    if ":" not in args[0].rsplit("/", 1)[-1]:
        raise SimulatorError(f"no tag specified for {args[0]}")
    raise SimulatorError(f"error contacting notary server: {NOTARY}")


@command("trust revoke")
def run_trust_revoke(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``trust revoke IMAGE[:TAG]``: a whole repository's signatures only after asking, as docker does."""
    tagged = ":" in args[0].rsplit("/", 1)[-1]

    def revoke(ctx: CommandContext) -> int:
        raise SimulatorError(f"could not remove signature for {args[0]}: {NOTARY}")

    if tagged or opts.yes:
        return revoke(ctx)
    from dockersim.live.confirm import ask

    return ask(ctx, f"Confirm you would like to delete all signature data for {args[0]}? [y/N] ", revoke)


@command("trust key generate", check=clientchecks.key_generate)
def run_trust_key_generate(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``trust key generate NAME``: needs a passphrase typed at a terminal."""
    directory = str(opts.dir or "")
    if directory and not (Path(ctx.cwd) / directory).exists():
        raise SimulatorError(f'public key path does not exist: "{directory}"')
    raise SimulatorError(f"failed to generate key for {args[0]}: maximum number of passphrase attempts exceeded")


@command("trust key load", check=clientchecks.key_load)
def run_trust_key_load(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``trust key load FILE``."""
    path = Path(args[0]) if Path(args[0]).is_absolute() else Path(ctx.cwd) / args[0]
    ctx.out.write(f'Loading key from "{args[0]}"...\n')
    if not path.exists():
        raise SimulatorError(f"refusing to load key from {args[0]}: stat {args[0]}: no such file or directory")
    raise SimulatorError(f"failed to load private key from {args[0]}: no valid private key found")


@command("trust signer add", check=clientchecks.signer_add)
def run_trust_signer_add(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``trust signer add --key FILE NAME REPO…`` (name and key file checked client-side first)."""
    raise SimulatorError(f"error contacting notary server: {NOTARY}")


@command("trust signer remove")
def run_trust_signer_remove(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``trust signer remove NAME REPO…``."""
    raise SimulatorError(f"error retrieving signers for {args[1]}: {NOTARY}")
