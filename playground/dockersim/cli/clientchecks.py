"""Validation the docker client performs after parsing and before contacting the daemon, per command."""

from __future__ import annotations

import re
from collections.abc import Callable

from dockersim.cli import values as vals
from dockersim.cli.runopts import ClientError, container_spec, platform_error
from dockersim.cli.spec import Options

_INSPECT_TYPES = ("config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume")


def _pull_push(opts: Options, args: list[str]) -> None:
    try:
        ref = vals.parse_reference(args[0])
    except ValueError as exc:
        raise ClientError(str(exc), 1) from None
    if opts.get("all-tags") and (ref.tag or ref.digest):
        raise ClientError("tag can't be used with --all-tags/-a", 1)


def _tag(opts: Options, args: list[str]) -> None:
    for i, text in enumerate(args):
        if i == 0 and re.fullmatch(r"(sha256:)?[a-f0-9]{64}", text):
            continue
        try:
            ref = vals.parse_reference(text)
        except ValueError as exc:
            raise ClientError(f'Error parsing reference: "{text}" is not a valid repository/tag: {exc}', 1) from None
        if i == 1 and ref.digest:
            raise ClientError("refusing to create a tag with a digest reference", 1)


def _rm(opts: Options, args: list[str]) -> None:
    if all(a.strip("/") == "" for a in args):
        raise ClientError("\n".join(["container name cannot be empty"] * len(args)), 1)


def _start(opts: Options, args: list[str]) -> None:
    if (opts.get("attach") or opts.get("interactive")) and len(args) > 1:
        raise ClientError("you cannot start and attach multiple containers at once", 1)


def _inspect(opts: Options, args: list[str]) -> None:
    kind = opts.get("type", "")
    allowed = ", ".join(f'"{t}"' for t in _INSPECT_TYPES)
    if opts.changed("type") and not kind:
        raise ClientError(f"type is empty: must be one of {allowed}", 1)
    if kind and kind not in _INSPECT_TYPES:
        allowed = ", ".join(f'"{t}"' for t in _INSPECT_TYPES)
        raise ClientError(f'unknown type: "{kind}": must be one of {allowed}', 1)


def _volume_create(opts: Options, args: list[str]) -> None:
    if opts.get("name") and args:
        raise ClientError(
            "conflicting options: cannot specify a volume-name through both --name and as a positional arg", 1
        )


def _login(opts: Options, args: list[str]) -> None:
    if opts.changed("password-stdin"):
        if opts.changed("password"):
            raise ClientError("conflicting options: cannot specify both --password and --password-stdin", 1)
        if not opts.changed("username"):
            raise ClientError("the --password-stdin option requires --username to be set", 1)
    if opts.changed("username") and not opts.get("username"):
        raise ClientError("username is empty", 1)
    if opts.changed("password") and not opts.get("password"):
        raise ClientError("password is empty", 1)


def _exec(opts: Options, args: list[str]) -> None:
    try:
        for name in opts.get("env-file", []):
            vals.read_env_file(name, opts.cwd, opts.environ)
    except ValueError as exc:
        raise ClientError(str(exc), 1) from None


def _exec_all(opts: Options, args: list[str]) -> None:
    _exec(opts, args)
    _empty("container", args[:1])


def _network_create(opts: Options, args: list[str]) -> None:
    try:
        vals.consolidate_ipam(
            opts.get("subnet", []), opts.get("ip-range", []), opts.get("gateway", []), opts.get("aux-address", {})
        )
    except ValueError as exc:
        raise ClientError(str(exc), 1) from None


def _network_connect(opts: Options, args: list[str]) -> None:
    for item in opts.get("driver-opt", []):
        if not item.partition("=")[0] or "=" not in item:
            raise ClientError("invalid key/value pair format in driver options", 1)


def _run(opts: Options, args: list[str]) -> None:
    container_spec(opts, args, daemon_checks=False)


def _empty(kind: str, names: list[str], stdout: str = "", trailer: str = "") -> None:
    """The API client refuses empty IDs before any request (only modelled when every name is empty)."""
    if names and all(n == "" for n in names):
        text = "Error: No such image: " if kind == "image" else f"invalid {kind} name or ID: value is empty"
        lines = [text] * len(names)
        if trailer:
            lines.append(trailer)
        raise ClientError("\n".join(lines), 1, stdout)


def _containers(opts: Options, args: list[str]) -> None:
    _empty("container", args)


def _start_ids(opts: Options, args: list[str]) -> None:
    _start(opts, args)
    if opts.get("attach") or opts.get("interactive"):
        _empty("container", args)
        return
    if opts.get("checkpoint"):
        if len(args) > 1:
            raise ClientError("you cannot restore multiple containers at once", 1)
        _empty("container", args)
        return
    _empty("container", args, trailer="Error: failed to start containers: " + ", ".join(args))


def _first_container(opts: Options, args: list[str]) -> None:
    _empty("container", args[:1])


def _inspect_out(opts: Options) -> str:
    """What inspect prints on stdout before failing: ``[]`` or, with a template, an empty line."""
    return "\n" if opts.get("format") else "[]\n"


def _container_inspect(opts: Options, args: list[str]) -> None:
    _empty("container", args, stdout=_inspect_out(opts))


def _top_inspect(opts: Options, args: list[str]) -> None:
    _inspect(opts, args)
    kind = opts.get("type", "")
    if kind in ("", "container"):
        _empty("container", args, stdout=_inspect_out(opts))
    elif kind in ("volume", "network", "image"):
        _empty(kind, args, stdout=_inspect_out(opts))


def _image_inspect(opts: Options, args: list[str]) -> None:
    _platforms("")(opts, args)
    _empty("image", args, stdout=_inspect_out(opts))


def _volume_ids(opts: Options, args: list[str]) -> None:
    _empty("volume", args)


def _volume_inspect(opts: Options, args: list[str]) -> None:
    _empty("volume", args, stdout=_inspect_out(opts))


def _network_inspect(opts: Options, args: list[str]) -> None:
    _empty("network", args, stdout=_inspect_out(opts))


def _network_rm(opts: Options, args: list[str]) -> None:
    _empty("network", args, trailer="exit status 1")


def _network_attach(opts: Options, args: list[str]) -> None:
    if opts.spec is not None and opts.spec.path == "network connect":
        _network_connect(opts, args)
    _empty("network", args[:1])
    _empty("container", args[1:2])


def _platforms(wrap: str) -> Callable[[Options, list[str]], None]:
    def check(opts: Options, args: list[str]) -> None:
        value = opts.get("platform", "")
        for spec in value if isinstance(value, list) else [value] if value else []:
            err = platform_error(spec)
            if err:
                raise ClientError(wrap.format(spec=spec) + err, 1)

    return check


def _images(opts: Options, args: list[str]) -> None:
    if not opts.get("tree"):
        return
    for flag, name in (
        ("quiet", "--quiet"),
        ("no-trunc", "--no-trunc"),
        ("digests", "--show-digest"),
        ("format", "--format"),
    ):
        if opts.get(flag):
            raise ClientError(f"{name} is not yet supported with --tree", 1)


def _push(opts: Options, args: list[str]) -> None:
    _platforms("Invalid platform {spec}")(opts, args)
    _pull_push(opts, args)


_CHECKS = {
    "image pull": _pull_push,
    "image push": _push,
    "image tag": _tag,
    "container rm": _rm,
    "container start": _start_ids,
    "container stop": _containers,
    "container restart": _containers,
    "container kill": _containers,
    "container logs": _containers,
    "container port": _first_container,
    "container inspect": _container_inspect,
    "inspect": _top_inspect,
    "volume rm": _volume_ids,
    "volume inspect": _volume_inspect,
    "network inspect": _network_inspect,
    "network rm": _network_rm,
    "network disconnect": _network_attach,
    "image inspect": _image_inspect,
    "image ls": _images,
    "image rm": _platforms(""),
    "image history": _platforms("invalid platform: "),
    "volume create": _volume_create,
    "login": _login,
    "container run": _run,
    "container create": _run,
    "container exec": _exec_all,
    "network create": _network_create,
    "network connect": _network_attach,
}


def check(path: str, opts: Options, args: list[str], typed_path: str = "") -> None:
    """Run the client-side checks of canonical command ``path``; raises :class:`ClientError`."""
    fn = _CHECKS.get(path)
    if fn is not None:
        fn(opts, args)
