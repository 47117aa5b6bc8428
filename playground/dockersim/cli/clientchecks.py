"""Validation the docker client performs after parsing and before contacting the daemon, per command."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from dockersim.cli import values as vals
from dockersim.cli.runopts import ClientError, container_spec, platform_error
from dockersim.cli.spec import Options
from dockersim.cli.unit import unit_for

_INSPECT_TYPES = ("config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume")


def pull_push(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker image pull``."""
    try:
        ref = vals.parse_reference(args[0])
    except ValueError as exc:
        raise ClientError(str(exc), 1) from None
    if opts.get("all-tags") and (ref.tag or ref.digest):
        raise ClientError("tag can't be used with --all-tags/-a", 1)


def tag(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker image tag``."""
    for i, text in enumerate(args):
        if i == 0 and re.fullmatch(r"(sha256:)?[a-f0-9]{64}", text):
            continue
        try:
            ref = vals.parse_reference(text)
        except ValueError as exc:
            raise ClientError(f'Error parsing reference: "{text}" is not a valid repository/tag: {exc}', 1) from None
        if i == 1 and ref.digest:
            raise ClientError("refusing to create a tag with a digest reference", 1)


def rm(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container rm``."""
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


def volume_create(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker volume create``."""
    if opts.get("name") and args:
        raise ClientError(
            "conflicting options: cannot specify a volume-name through both --name and as a positional arg", 1
        )


def login(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker login``."""
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


def exec_all(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container exec``."""
    _exec(opts, args)
    _empty("container", args[:1])


def network_create(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker network create``."""
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


def run(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container create``, ``docker container run``."""
    container_spec(opts, args, daemon_checks=False)


def _empty(kind: str, names: list[str], stdout: str = "", trailer: str = "") -> None:
    """The API client refuses empty IDs before any request (only modelled when every name is empty)."""
    if names and all(n == "" for n in names):
        text = "Error: No such image: " if kind == "image" else f"invalid {kind} name or ID: value is empty"
        lines = [text] * len(names)
        if trailer:
            lines.append(trailer)
        raise ClientError("\n".join(lines), 1, stdout)


def containers(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container`` ``stop``, ``restart``, ``kill`` and ``logs``."""
    _empty("container", args)


def start_ids(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container start``."""
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


def first_container(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container port``."""
    _empty("container", args[:1])


def _inspect_out(opts: Options) -> str:
    """What inspect prints on stdout before failing: ``[]`` or, with a template, an empty line."""
    return "\n" if opts.get("format") else "[]\n"


def container_inspect(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container inspect``."""
    _empty("container", args, stdout=_inspect_out(opts))


def top_inspect(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker inspect``."""
    _inspect(opts, args)
    kind = opts.get("type", "")
    if kind in ("", "container"):
        _empty("container", args, stdout=_inspect_out(opts))
    elif kind in ("volume", "network", "image"):
        _empty(kind, args, stdout=_inspect_out(opts))


def image_inspect(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker image inspect``."""
    platforms("")(opts, args)
    _empty("image", args, stdout=_inspect_out(opts))


def volume_ids(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker volume rm``."""
    _empty("volume", args)


def volume_inspect(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker volume inspect``."""
    _empty("volume", args, stdout=_inspect_out(opts))


def network_inspect(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker network inspect``."""
    _empty("network", args, stdout=_inspect_out(opts))


def network_rm(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker network rm``."""
    _empty("network", args, trailer="exit status 1")


def network_attach(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker network connect``, ``docker network disconnect``."""
    if opts.spec is not None and opts.spec.path == "network connect":
        _network_connect(opts, args)
    _empty("network", args[:1])
    _empty("container", args[1:2])


def platforms(wrap: str) -> Callable[[Options, list[str]], None]:
    """A check of ``--platform`` (``wrap`` words the error as the command does)."""

    def check(opts: Options, args: list[str]) -> None:
        value = opts.get("platform", "")
        for spec in value if isinstance(value, list) else [value] if value else []:
            err = platform_error(spec)
            if err:
                raise ClientError(wrap.format(spec=spec) + err, 1)

    return check


def images(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker image ls``."""
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


def push(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker image push``."""
    platforms("Invalid platform {spec}")(opts, args)
    pull_push(opts, args)


# ---------------------------------------------------------------------------------- commands added for issue 17


def _local(opts: Options, name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else Path(opts.cwd) / path


def _open(opts: Options, name: str) -> None:
    """The client opens a file before it sends anything (``load -i``, ``import``)."""
    path = _local(opts, name)
    if not path.exists():
        raise ClientError(f"open {name}: no such file or directory", 1)
    if path.is_dir():
        raise ClientError(f"read {name}: is a directory", 1)


def commit(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container commit``."""
    _empty("container", args[:1])
    if len(args) > 1:
        try:
            vals.parse_reference(args[1])
        except ValueError as exc:
            raise ClientError(str(exc), 1) from None


def split_cp_arg(arg: str) -> tuple[str, str]:
    """docker's ``splitCpArg``: ``CONTAINER:PATH``, or a local path (absolute, ``.``-relative, or without a colon)."""
    if arg.startswith("/") or arg.startswith(".") or ":" not in arg:
        return "", arg
    name, _, path = arg.partition(":")
    return name, path


def cp(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container cp``."""
    src, dst = split_cp_arg(args[0]), split_cp_arg(args[1])
    if src[0] and dst[0]:
        raise ClientError("copying between containers is not supported", 1)
    if not src[0] and not dst[0]:
        raise ClientError("must specify at least one container source", 1)
    if (src[0] and not src[1]) or (dst[0] and not dst[1]):
        raise ClientError("filesystem path cannot be empty", 1)
    if dst[0] and src[1] != "-" and not _local(opts, src[1]).exists():
        raise ClientError(f"lstat {_local(opts, src[1])}: no such file or directory", 1)


UPDATE_FLAGS = (
    "blkio-weight", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus",
    "cpuset-cpus", "cpuset-mems", "kernel-memory", "memory", "memory-reservation", "memory-swap", "pids-limit",
    "restart",
)  # fmt: skip


def update(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker container update``."""
    if not any(opts.changed(name) for name in UPDATE_FLAGS):
        raise ClientError("you must provide one or more flags when using this command", 1)


def event_time_error(value: str) -> str | None:
    """``--since``/``--until`` of ``docker events`` (checked before any request): the client's error, or None."""
    if not value:
        return None
    try:
        vals.get_timestamp(value, 0.0)
    except ValueError as exc:
        return str(exc)
    return None


def events(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker system events``."""
    for flag in ("since", "until"):
        err = event_time_error(str(opts.get(flag, "") or ""))
        if err:
            raise ClientError(err, 1)


def import_archive(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker image import``."""
    if args[0] != "-" and not args[0].startswith(("http://", "https://")):
        _open(opts, args[0])
    platforms("invalid platform: ")(opts, args)


def load(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker image load``."""
    if opts.get("input"):
        _open(opts, str(opts.get("input")))
    platforms("invalid platform: ")(opts, args)


def secret_create(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker secret create``."""
    if opts.get("driver"):
        if len(args) == 2:
            raise ClientError("When using secret driver secret data must be empty", 1)
        return
    if len(args) < 2:
        raise ClientError("secret file is required", 1)
    if args[1] != "-":
        _read_source(opts, args[1], "error reading from {name}: ")


def _read_source(opts: Options, name: str, prefix: str) -> None:
    path = _local(opts, name)
    if not path.exists():
        raise ClientError(prefix.format(name=name) + f"open {name}: no such file or directory", 1)
    if path.is_dir():
        raise ClientError(prefix.format(name=name) + f"read {name}: is a directory", 1)


def config_create(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker config create``."""
    if args[1] != "-":
        _read_source(opts, args[1], 'Error reading content from "{name}": error reading from {name}: ')


_SCALE_RE = re.compile(r"^[^=]+=\d+$")


def service_scale(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker service scale``."""
    for arg in args:
        if not _SCALE_RE.match(arg):
            raise ClientError(
                f"invalid scale specifier '{arg}'.\nSee 'docker service scale --help'.\n\n"
                "Usage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\n"
                "Scale one or multiple replicated services",
                1,
            )


def join_token(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker swarm join-token``."""
    if args[0] not in ("worker", "manager"):
        raise ClientError(f"unknown role {args[0]}", 1)


def compose_file(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker stack config``, ``docker stack deploy``."""
    files = opts.get("compose-file") or []
    if not files:
        raise ClientError("Specify a Compose file (with --compose-file)", 1)
    for name in files:
        if name != "-" and not _local(opts, name).is_file():
            raise ClientError(f"open {name}: no such file or directory", 1)


def plugin_create(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker plugin create``."""
    path = _local(opts, args[1])
    if not path.exists():
        raise ClientError(f"lstat {path}: no such file or directory", 1)
    if not path.is_dir():
        raise ClientError("context must be a directory", 1)


def availability(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker swarm init``, ``docker swarm join``."""
    value = str(opts.get("availability", "") or "")
    if opts.changed("availability") and value.lower() not in ("active", "pause", "drain"):
        raise ClientError(f'invalid availability "{value}", only active, pause and drain are supported', 1)


def trust_sign(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker trust sign``."""
    if ":" not in args[0].rsplit("/", 1)[-1]:
        raise ClientError(f"no tag specified for {args[0]}", 1)


_SIGNER_RE = re.compile(r"^[a-z0-9][a-z0-9\_\-]*$")


def _key_name(kind: str, name: str) -> None:
    if not _SIGNER_RE.match(name):
        raise ClientError(
            f'{kind} name "{name}" must start with lowercase alphanumeric characters and can include "-" or "_" '
            "after the first character",
            1,
        )


def key_generate(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker trust key generate``."""
    _key_name("key", args[0])


def key_load(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker trust key load``."""
    _key_name("key", str(opts.get("name", "") or "signer"))


def manifest_inspect(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker manifest inspect``."""
    if len(args) == 2:  # a manifest of a local manifest list: the client keeps none here
        for name in args:
            try:
                ref = vals.parse_reference(name)
            except ValueError as exc:
                raise ClientError(str(exc), 1) from None
        domain = ref.domain or "docker.io"
        raise ClientError(f"No such manifest: {domain}/{ref.path}:{ref.tag or 'latest'}", 1)


def service_names(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker service rollback``."""
    _empty("service", args[:1])


def signer_add(opts: Options, args: list[str]) -> None:
    """The client-side check of ``docker trust signer add``."""
    _key_name("signer", args[0])
    if not opts.get("key"):
        raise ClientError("path to a public key must be provided using the `--key` flag", 1)
    for key in opts.get("key") or []:
        if not _local(opts, key).is_file():
            raise ClientError(f"unable to read public key from file: open {key}: no such file or directory", 1)


def _inspect_template(opts: Options) -> None:
    """Every ``inspect`` parses its ``--format`` template before it looks anything up (exit 64)."""
    from dockersim.formatting.template import Template, TemplateError

    fmt = str(opts.get("format", "") or "")
    if fmt and fmt != "json":
        try:
            Template(fmt)
        except TemplateError as exc:
            raise ClientError(f"template parsing error: {exc.message}", 64) from None


def list_template(context: str) -> Callable[[Options, list[str]], None]:
    """``ps``: the ``--format`` template is parsed, then run once against an empty row, before any request."""

    def check(opts: Options, args: list[str]) -> None:
        from dockersim.formatting.template import Ctx, Template, TemplateError

        fmt = str(opts.get("format", "") or "")
        if not fmt:
            return
        try:
            tmpl = Template(fmt)
        except TemplateError as exc:
            raise ClientError(f"failed to parse template: {exc.message}", 1) from None
        fields = dict.fromkeys(LIST_FIELDS[context], "")
        try:
            tmpl.execute(Ctx(context, fields, {"Label": lambda key: ""}))
        except TemplateError as exc:
            raise ClientError(f"failed to execute template: {exc.message}", 1) from None

    return check


#: The fields of docker's list formatter contexts (``formatter.ContainerContext``…).
LIST_FIELDS = {
    "*formatter.ContainerContext": (
        "ID", "Names", "Image", "Command", "CreatedAt", "RunningFor", "Ports", "State", "Status", "Size", "Labels",
        "Mounts", "LocalVolumes", "Networks", "Platform",
    ),
}  # fmt: skip


def check(path: str, opts: Options, args: list[str], typed_path: str = "") -> None:
    """Run the client-side checks of canonical command ``path`` (every inspect's template, then the check its
    unit declares, ``@command(path, check=…)``); raises :class:`ClientError`."""
    if path == "inspect" or path.endswith(" inspect"):
        _inspect_template(opts)
    unit = unit_for(path)
    if unit is not None and unit.check is not None:
        unit.check(opts, args)
