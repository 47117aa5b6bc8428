"""The docker 28.2.2 command table: one :class:`CommandSpec` per modelled command.

Flag names, shorthands, types, usage texts and shown defaults come from ``_helpdata`` (generated
from the real client's help); this module adds what help does not show: arity, handler, whether
flags are interspersed, hidden flags, and the value validators the client runs while parsing.
"""

from __future__ import annotations

import json
from typing import Any

from dockersim.cli import _helpdata
from dockersim.cli.spec import Arity, CommandSpec, FlagSpec

# canonical path → handler ("module:function"); arity and interspersing come from the client's probed data.
_HANDLERS: dict[str, str] = {
    "container run": "dockersim.commands.container:run_run",
    "container create": "dockersim.commands.container:run_create",
    "container ls": "dockersim.commands.container:run_ls",
    "container start": "dockersim.commands.container:run_start",
    "container stop": "dockersim.commands.container:run_stop",
    "container restart": "dockersim.commands.container:run_restart",
    "container kill": "dockersim.commands.container:run_kill",
    "container rm": "dockersim.commands.container:run_rm",
    "container exec": "dockersim.commands.container:run_exec",
    "container logs": "dockersim.commands.container:run_logs",
    "container port": "dockersim.commands.container:run_port",
    "container inspect": "dockersim.commands.container:run_inspect",
    "container prune": "dockersim.commands.container:run_prune",
    "image ls": "dockersim.commands.image:run_ls",
    "image pull": "dockersim.commands.image:run_pull",
    "image push": "dockersim.commands.image:run_push",
    "image rm": "dockersim.commands.image:run_rm",
    "image tag": "dockersim.commands.image:run_tag",
    "image history": "dockersim.commands.image:run_history",
    "image inspect": "dockersim.commands.image:run_inspect",
    "image prune": "dockersim.commands.image:run_prune",
    "image build": "dockersim.build.command:run_build",
    "volume create": "dockersim.commands.volume:run_create",
    "volume ls": "dockersim.commands.volume:run_ls",
    "volume inspect": "dockersim.commands.volume:run_inspect",
    "volume rm": "dockersim.commands.volume:run_rm",
    "volume prune": "dockersim.commands.volume:run_prune",
    "network create": "dockersim.commands.network:run_create",
    "network ls": "dockersim.commands.network:run_ls",
    "network inspect": "dockersim.commands.network:run_inspect",
    "network connect": "dockersim.commands.network:run_connect",
    "network disconnect": "dockersim.commands.network:run_disconnect",
    "network rm": "dockersim.commands.network:run_rm",
    "network prune": "dockersim.commands.network:run_prune",
    "system prune": "dockersim.commands.system:run_prune",
    "system info": "dockersim.commands.system:run_info",
    "version": "dockersim.commands.system:run_version",
    "inspect": "dockersim.commands.system:run_inspect",
    "login": "dockersim.commands.registry:run_login",
    "logout": "dockersim.commands.registry:run_logout",
    "search": "dockersim.commands.registry:run_search",
}
_MODULES = {
    "container": "dockersim.commands.container_ops",
    "image": "dockersim.commands.image_archive",
    "system": "dockersim.commands.system",
    "builder": "dockersim.commands.builder",
    "volume": "dockersim.commands.volume",
    "network": "dockersim.commands.network",
    "checkpoint": "dockersim.commands.checkpoint",
    "context": "dockersim.commands.contexts",
    "manifest": "dockersim.commands.manifest",
    "plugin": "dockersim.commands.plugin",
    "trust": "dockersim.commands.trust",
    "config": "dockersim.commands.swarm",
    "node": "dockersim.commands.swarm",
    "secret": "dockersim.commands.swarm",
    "service": "dockersim.commands.swarm",
    "stack": "dockersim.commands.swarm",
    "swarm": "dockersim.commands.swarm",
}


def handler_for(path: str) -> str:
    """The handler of a command: declared in ``_HANDLERS``, else ``<group module>:run_<words>``."""
    if path in _HANDLERS:
        return _HANDLERS[path]
    words = path.split()
    module = _MODULES.get(words[0], "dockersim.commands.system")
    name = "_".join(
        w.replace("-", "_")
        for w in (words[1:] if words[0] in ("container", "image", "system", "builder", "volume", "network") else words)
    )
    return f"{module}:run_{name}"


_RUN_VALIDATORS = {
    "env": "env",
    "label": "label",
    "add-host": "add-host",
    "dns": "ip",
    "attach": "attach",
    "sysctl": "sysctl",
    "ulimit": "ulimit",
    "mount": "mount",
    "gpus": "gpus",
    "memory-swap": "memswap",
    "device-cgroup-rule": "device-cgroup-rule",
    "link": "link",
    "dns-search": "dns-search",
    "blkio-weight-device": "weight-device",
    "device-read-bps": "throttle-bps",
    "device-write-bps": "throttle-bps",
    "device-read-iops": "throttle-iops",
    "device-write-iops": "throttle-iops",
    "network": "network",
}
# canonical path → long flag → validator name
#: pflag type → the value check every flag of that type runs (docker/cli's option types validate while parsing)
_TYPE_VALIDATORS = {"mount": "mount", "ulimit": "ulimit"}
_SERVICE_VALIDATORS = {"dns": "ip", "dns-add": "ip", "generic-resource": "generic-resource"}
_VALIDATORS: dict[str, dict[str, str]] = {
    "service create": _SERVICE_VALIDATORS,
    "service update": _SERVICE_VALIDATORS,
    "container run": _RUN_VALIDATORS,
    "container create": _RUN_VALIDATORS,
    "container exec": {"env": "env"},
    "image build": {
        "add-host": "add-host",
        "tag": "reference",
        "build-arg": "env",
        "label": "label",
        "ulimit": "ulimit",
        "memory-swap": "memswap",
    },
    "network connect": {"link": "link"},
    "volume create": {"label": "label"},
    "network create": {"label": "label"},
}

_RUN_HIDDEN = (
    FlagSpec("dns-opt", type="list", hidden=True, dest="dns-option", help="Set DNS options"),
    FlagSpec(
        "net", type="network", hidden=True, dest="network", help="Connect a container to a network", validator="network"
    ),
    FlagSpec("net-alias", type="list", hidden=True, dest="network-alias", help="Add network-scoped alias"),
)
_STOP_HIDDEN = (
    FlagSpec(
        "time",
        type="int",
        hidden=True,
        dest="timeout",
        deprecated="use --timeout instead",
        help="Seconds to wait before killing the container (deprecated: use --timeout)",
    ),
)
_HIDDEN: dict[str, tuple[FlagSpec, ...]] = {
    "container run": _RUN_HIDDEN,
    "container create": _RUN_HIDDEN,
    "container stop": _STOP_HIDDEN,
    "container restart": _STOP_HIDDEN,
    "volume create": (FlagSpec("name", type="string", hidden=True, help="Specify volume name"),),
    # dockersim only: ask the build to explain each cache hit or miss.
    "image build": (
        FlagSpec("explain-cache", hidden=True, help="Explain every cache hit and miss (dockersim)"),
        *(
            # buildx flags: the simulator's build models BuildKit, i.e. `docker build` with the buildx plugin
            # installed (the normal case). Hidden so `docker build --help` stays the 28.2.2 client's text.
            FlagSpec(long, short, ftype, default, f"(buildx) {long}", hidden=True)
            for long, short, ftype, default in (
                ("allow", "", "stringArray", None),
                ("annotation", "", "stringArray", None),
                ("attest", "", "stringArray", None),
                ("build-context", "", "stringArray", None),
                ("builder", "", "string", None),
                ("cache-to", "", "stringArray", None),
                ("call", "", "string", "build"),
                ("check", "", "bool", None),
                ("load", "", "bool", None),
                ("metadata-file", "", "string", None),
                ("no-cache-filter", "", "stringArray", None),
                ("output", "o", "stringArray", None),
                ("progress", "", "string", "auto"),
                ("provenance", "", "string", None),
                ("push", "", "bool", None),
                ("sbom", "", "string", None),
                ("secret", "", "stringArray", None),
                ("ssh", "", "stringArray", None),
            )
        ),
    ),
}

_ROOT_SHORTS: dict[str, str] = {}


def _root_shorts() -> dict[str, str]:
    if not _ROOT_SHORTS:
        for line in _helpdata.ROOT_HELP.splitlines():
            if line.startswith("  ") and not line.startswith("   ") and not line.lstrip().startswith("-"):
                name, _, short = line.strip().partition(" ")
                _ROOT_SHORTS[name] = short.strip()
    return _ROOT_SHORTS


def root_commands() -> dict[str, str]:
    """Every top-level command the real client lists in ``docker --help`` → its short description."""
    return dict(_root_shorts())


def _typed_default(ftype: str, shown: str | None) -> Any:
    if shown is None:
        return None
    if ftype == "bool":
        return shown == "true"
    if ftype == "string":
        return json.loads(shown)
    if ftype in ("int", "uint16", "uint", "uint32", "int64", "uint64"):
        return int(shown)
    if ftype == "float":
        return float(shown)
    if ftype == "duration":
        return 0.0
    if ftype == "map":
        return {}
    return [] if shown == "[]" else None


#: docker/cli's own option types in the swarm commands: pflag judges them by their current value, so once set,
#: help prints their registration-time text as the default (``(default )``, ``(default 0)`` for Float64Opt).
_OPT_TYPES = {"config": "", "secret": "", "pref": "", "port": "", "external-ca": "", "credential-spec": "",
              "command": "", "float": "0"}  # fmt: skip


def _set_default(path: str, name: str, ftype: str, shown: str | None) -> str | None:
    if shown is not None:
        return None
    if ftype in _OPT_TYPES:
        return _OPT_TYPES[ftype]
    # opts.DurationOpt / opts.Uint64Opt; the update-* and rollback-* settings are pflag's own types
    if path.startswith("service ") and ftype in ("duration", "uint") and not name.startswith(("update-", "rollback-")):
        return ""
    return None


def _flags(path: str, raw: list[tuple[str, str, str, str, str | None]]) -> tuple[FlagSpec, ...]:
    validators = _VALIDATORS.get(path, {})
    out = [
        FlagSpec(
            long,
            short,
            ftype,
            _typed_default(ftype, shown),
            usage,
            shown_default=shown,
            validator=validators.get(long, "") or _TYPE_VALIDATORS.get(ftype, ""),
            set_default=_set_default(path, long, ftype, shown),
        )
        for short, long, ftype, usage, shown in raw
    ]
    return (*out, *_HIDDEN.get(path, ()))


def _short(path: str) -> str:
    words = path.split()
    if len(words) >= 2:
        return _helpdata.GROUP_COMMANDS[" ".join(words[:-1])][words[-1]]
    return _root_shorts()[words[0]]


def build_specs() -> list[CommandSpec]:
    """Every modelled docker command's spec, canonical path first in its alias list."""
    specs = []
    for path, data in _helpdata.COMMANDS.items():
        kind, lo, hi = data["arity"]
        aliases_line = data["aliases"]
        aliases = tuple(a.removeprefix("docker ") for a in aliases_line.split(", ") if a and a != f"docker {path}")
        use = data["use"].removeprefix(f"docker {path}").lstrip(" ")
        specs.append(
            CommandSpec(
                path=path,
                use=use,
                short=_short(path),
                long=data["description"],
                aliases=aliases,
                aliases_line=aliases_line,
                flags=_flags(path, data["flags"]),
                arity=Arity(kind, lo, hi),
                handler=handler_for(path),
                interspersed=data["interspersed"],
            )
        )
    return specs


#: dockersim-only hidden commands.
EXTRA_SPECS = (
    CommandSpec(
        "explain",
        use="COMMAND-LINE...",
        short="Explain a docker command line token by token",
        arity=Arity.at_least(1),
        handler="dockersim.cli.explain:run_explain",
        interspersed=False,
        hidden=True,
    ),
    CommandSpec(
        "lint",
        use="[OPTIONS] [DOCKERFILE]",
        short="Check a Dockerfile against best-practice rules",
        arity=Arity.at_most(1),
        handler="dockersim.build.lint_command:run_lint",
        hidden=True,
        flags=(FlagSpec("format", type="string", help="Output format"),),
    ),
)

#: management command path → the usage its "unknown command" error prints (``volume COMMAND``, ``swarm``).
GROUP_USES = dict(_helpdata.GROUP_USES)
#: management command path → its short description (as its parent lists it).
GROUP_SHORTS = {
    path: (_helpdata.GROUP_COMMANDS[" ".join(path.split()[:-1])][path.split()[-1]] if " " in path else "")
    or _root_shorts().get(path, "")
    for path in _helpdata.GROUP_COMMANDS
}
#: hidden persistent flags of management commands (``docker stack --orchestrator``, deprecated and ignored).
GROUP_FLAGS: dict[str, tuple[FlagSpec, ...]] = {
    "stack": (FlagSpec("orchestrator", type="string", hidden=True, deprecated="option will be ignored"),),
}
