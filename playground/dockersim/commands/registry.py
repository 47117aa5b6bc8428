"""``docker login``, ``docker logout`` and ``docker search`` against a simulated registry."""

from __future__ import annotations

from dockersim.cli import clientchecks, links
from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.commands._common import parse_filters, write_list
from dockersim.context import CommandContext, SimulatorError
from dockersim.engine import catalogue
from dockersim.formatting.template import Ctx

HUB = "https://index.docker.io/v1/"


def _server(args: list[str]) -> str:
    if not args or args[0] in ("docker.io", "index.docker.io", "registry-1.docker.io", HUB):
        return HUB
    return args[0]


@command("login", check=clientchecks.login, explain=("store credentials for a registry", links.HUB))
def run_login(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker login [-u USER] [-p PASS | --password-stdin] [SERVER]``: any non-empty credentials succeed."""
    engine = ctx.engine
    user = opts.username or ""
    password = opts.password or ""
    if opts.password_stdin:
        if password:
            raise SimulatorError("--password and --password-stdin are mutually exclusive")
        if not user:
            raise SimulatorError("Must provide --username with --password-stdin")
        password = ctx.stdin.rstrip("\r\n")
    elif password:
        ctx.err.write("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
    server = _server(args)
    if not user or not password:
        raise SimulatorError(
            "dockersim: an interactive login prompt cannot be simulated; use docker login -u <user> "
            "--password-stdin (with the password on stdin) or -p <password>"
        )
    engine.auths[server] = {"username": user}
    ctx.out.write("Login Succeeded\n")
    return 0


@command("logout", explain=("forget the stored credentials of a registry", links.HUB))
def run_logout(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker logout [SERVER]``: exit 0 even when not logged in."""
    server = _server(args)
    ctx.engine.auths.pop(server, None)
    ctx.out.write(f"Removing login credentials for {server if server != HUB else 'https://index.docker.io/v1/'}\n")
    return 0


@command("search", explain=("search Docker Hub for images", links.HUB))
def run_search(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker search TERM``: from the simulator's catalogue."""
    f = parse_filters(opts, {"is-official", "stars", "is-automated"})
    hits = catalogue.search(args[0])
    for value in f.get("is-official", []):
        want = value.lower() in ("true", "1")
        hits = [h for h in hits if bool(h["official"]) == want]
    for value in f.get("stars", []):
        if not value.isdigit():
            raise SimulatorError(f"Error response from daemon: invalid filter 'stars={value}'")
        hits = [h for h in hits if h["stars"] >= int(value)]
    limit = int(opts.limit or 0)
    if limit < 0 or limit > 100:
        raise SimulatorError(f"Error response from daemon: limit {limit} is outside the range of [1, 100]")
    hits = hits[: limit or 25]
    trunc = not opts.no_trunc
    rows = []
    for h in hits:
        desc = h["description"]
        if trunc and len(desc) > 45:
            desc = desc[:44] + "…"
        rows.append(
            Ctx(
                "*formatter.searchContext",
                {
                    "Name": h["name"],
                    "Description": desc,
                    "StarCount": str(h["stars"]),
                    "IsOfficial": "[OK]" if h["official"] else "",
                    "IsAutomated": "",
                },
            )
        )
    header = {
        "Name": "NAME",
        "Description": "DESCRIPTION",
        "StarCount": "STARS",
        "IsOfficial": "OFFICIAL",
        "IsAutomated": "AUTOMATED",
    }
    write_list(
        ctx,
        opts.format or "",
        "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}",
        rows,
        header,
    )
    return 0
