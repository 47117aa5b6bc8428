"""``docker run`` / ``docker create`` option validation → :class:`dockersim.runspec.ContainerSpec`.

Performs the checks the docker client makes after flag parsing and before contacting the daemon,
in the client's order, raising :class:`ClientError` with the exact text it prints.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from dockersim.cli import values as vals
from dockersim.cli.gotext import go_quote
from dockersim.cli.spec import Options
from dockersim.context import EngineError, SimulatorError, is_terminal
from dockersim.runspec import ContainerSpec, MountSpec, PortBinding


class ClientError(SimulatorError):
    """An error the docker client prints verbatim (already prefixed/hinted as docker does).

    ``stdout`` is what the client had printed before failing (``[]`` for inspect commands).
    """

    def __init__(self, message: str, exit_code: int = 1, stdout: str = "") -> None:
        super().__init__(message, exit_code)
        self.stdout = stdout


_OSES = {
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
}
_ARCHES = {
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
}
_ARCH_ALIASES = {
    "i386": "386",
    "x86_64": "amd64",
    "x86-64": "amd64",
    "aarch64": "arm64",
    "armhf": "arm",
    "armel": "arm",
}
_OS_RE = re.compile(r"^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$")
_PART_RE = re.compile(r"^[A-Za-z0-9_.-]+$")


def platform_error(text: str) -> str | None:
    """containerd ``platforms.Parse``'s error for ``text`` (``None`` when it parses)."""
    q = go_quote(text)
    if "*" in text:
        return f"{q}: wildcards not yet supported: invalid argument"
    parts = text.split("/", 3)
    for i, part in enumerate(parts):
        if i == 0 and not _OS_RE.match(part):
            return (
                f"{go_quote(part)} is an invalid OS component of {q}: OSAndVersion specifier component must "
                f"match {go_quote(_OS_RE.pattern)}: invalid argument"
            )
        if i > 0 and not _PART_RE.match(part):
            return (
                f"{go_quote(part)} is an invalid component of {q}: platform specifier component must match "
                f"{go_quote(_PART_RE.pattern)}: invalid argument"
            )
    if len(parts) == 4:
        return f"{q}: cannot parse platform specifier: invalid argument"
    if len(parts) == 1:
        m = _OS_RE.match(parts[0])
        name = (m.group(1) if m else parts[0]).lower()
        if name not in _OSES and _ARCH_ALIASES.get(name, name) not in _ARCHES:
            return f"{q}: unknown operating system or architecture: invalid argument"
    return None


def validate_platform(text: str) -> None:
    """``run``/``create --platform``: raises ValueError with the client's text when containerd rejects it."""
    err = platform_error(text)
    if err:
        raise ValueError(f"error parsing specified platform: {err}")


def _fail(command: str, message: str) -> ClientError:
    return ClientError(f"docker: {message}\n\nRun 'docker {command} --help' for more information", 125)


_HEALTH_FLAGS = (
    "health-cmd",
    "health-interval",
    "health-timeout",
    "health-start-period",
    "health-start-interval",
    "health-retries",
)


def _label_file(opts: Options, name: str) -> list[str]:
    return vals.read_env_file(name, opts.cwd, {})


def container_spec(opts: Options, args: list[str], *, daemon_checks: bool = True) -> ContainerSpec:
    """Validate ``run``/``create`` options like the docker client and build the :class:`ContainerSpec`.

    Raises :class:`ClientError` (exit 125 with ``docker: …`` and the help hint, or exit 1 for the
    attach/detach conflict and ``create``'s reference errors), or :class:`EngineError` for values
    only the daemon rejects (``-v a::b``) unless ``daemon_checks`` is false (the client-only pass
    the dispatcher makes before calling the handler).
    """
    command = "create" if opts.spec is not None and opts.spec.path.endswith("create") else "run"
    get = opts.get
    pull = get("pull", "missing")
    if pull not in ("always", "missing", "never", ""):
        raise _fail(command, f'invalid pull option: \'{pull}\': must be one of "always", "missing" or "never"')
    mac = get("mac-address", "")
    if mac and not vals.valid_mac(mac):
        raise _fail(command, f"{mac} is not a valid mac address")
    swappiness = get("memory-swappiness", -1)
    if swappiness != -1 and not 0 <= swappiness <= 100:
        raise _fail(command, f"invalid value: {swappiness}. Valid memory swappiness range is 0-100")
    mounts: list[MountSpec] = []
    for spec in get("volume", []):
        if spec == "":
            raise _fail(command, "invalid empty volume spec")
    ports: list[PortBinding] = []
    try:
        for raw in get("publish", []):
            ports.extend(vals.parse_port_spec(vals.convert_publish_long_syntax(raw)))
    except ValueError as exc:
        raise _fail(command, str(exc)) from None
    exposed: list[tuple[int, str]] = []
    try:
        for raw in get("expose", []):
            exposed.extend(vals.parse_expose(raw))
    except ValueError as exc:
        raise _fail(command, str(exc)) from None
    env: list[str] = []
    try:
        for name in get("env-file", []):
            env.extend(vals.read_env_file(name, opts.cwd, opts.environ))
        label_items: list[str] = []
        for name in get("label-file", []):
            label_items.extend(_label_file(opts, name))
    except ValueError as exc:
        raise _fail(command, str(exc)) from None
    env.extend(get("env", []))
    label_items.extend(get("label", []))
    for flag, word, allowed in (
        ("pid", "PID", ("", "host")),
        ("uts", "UTS", ("", "host")),
        ("userns", "USER", ("", "host")),
        ("cgroupns", "CGROUP", ("", "host", "private")),
    ):
        value = get(flag, "")
        if value not in allowed and not (flag == "pid" and value.startswith("container:") and value[10:]):
            raise _fail(command, f"--{flag}: invalid {word} mode")
    try:
        restart = vals.parse_restart_policy(get("restart", "no"))
    except ValueError as exc:
        raise _fail(command, str(exc)) from None
    healthcheck = _healthcheck(opts, command)
    if get("rm") and restart.name not in ("", "no"):
        raise _fail(command, "conflicting options: cannot specify both --restart and --rm")
    _security_and_storage(opts, command)
    networks = get("network", [])
    names = [str(vals.parse_network_opt(n)["name"]) for n in networks]
    kinds = {vals.is_user_defined_network(n) for n in names}
    if len(kinds) > 1:
        raise _fail(command, "conflicting options: cannot attach both user-defined and non-user-defined network-modes")
    first_net = names[0] if names else ""
    if get("network-alias") and not vals.is_user_defined_network(first_net):
        raise _fail(command, "network-scoped aliases are only supported for user-defined networks")
    detach = bool(get("detach", False))
    if detach and get("attach"):
        raise ClientError("conflicting options: cannot specify both --attach and --detach", 1)
    attach_stdin = bool(get("interactive")) or "stdin" in get("attach", [])
    if command == "run" and not detach and attach_stdin and get("tty") and not is_terminal(opts.environ, "stdin"):
        # The simulator normally plays a terminal; DOCKERSIM_STDIN_TTY=0 says stdin is not one.
        raise ClientError("the input device is not a TTY", 1)
    image = args[0]
    if not re.fullmatch(r"(sha256:)?[a-f0-9]{64}", image):
        try:
            vals.parse_reference(image)
        except ValueError as exc:
            if command == "create":
                raise ClientError(str(exc), 1) from None
            raise _fail(command, str(exc)) from None
    platform = get("platform", "")
    if platform:
        try:
            validate_platform(platform)
        except ValueError as exc:
            if command == "create":  # create reports it as a plain error, exit 1 (as with the image name)
                raise ClientError(str(exc), 1) from None
            raise _fail(command, str(exc)) from None
    for spec in get("volume", []):
        try:
            mounts.append(vals.parse_volume_flag(spec, opts.cwd))
        except ValueError:
            if daemon_checks:
                raise EngineError(f"invalid volume specification: '{spec}'", 125) from None
    for raw in get("mount", []):
        mounts.append(vals.parse_mount(raw, opts.cwd))
    for raw in get("tmpfs", []):
        target = raw.split(":", 1)[0]
        mounts.append(MountSpec(type="tmpfs", target=target))
    entrypoint: list[str] | None = None
    if opts.changed("entrypoint"):
        entrypoint = [get("entrypoint")] if get("entrypoint") else []
    known = {
        "name",
        "detach",
        "interactive",
        "tty",
        "rm",
        "env",
        "env-file",
        "publish",
        "publish-all",
        "volume",
        "mount",
        "tmpfs",
        "network",
        "network-alias",
        "restart",
        "label",
        "label-file",
        "workdir",
        "user",
        "entrypoint",
        "hostname",
        "memory",
        "cpus",
        "read-only",
        "expose",
        "pull",
        "platform",
        *_HEALTH_FLAGS,
        "no-healthcheck",
    }
    extra: dict[str, Any] = {k: v for k, v in opts.items() if opts.changed(k) and k not in known}
    extra["pull"] = pull or "missing"
    if platform:
        extra["platform"] = platform
    if exposed:
        extra["expose"] = [f"{p}/{proto}" for p, proto in exposed]
    if len(networks) > 1:
        extra["networks"] = list(networks)
    return ContainerSpec(
        image=image,
        command=list(args[1:]),
        name=get("name", ""),
        detach=detach,
        interactive=bool(get("interactive")),
        tty=bool(get("tty")),
        auto_remove=bool(get("rm")),
        env=env,
        ports=ports,
        publish_all=bool(get("publish-all")),
        mounts=mounts,
        network=names[0] if names else "",
        network_aliases=list(get("network-alias", [])),
        restart=restart,
        labels=vals.key_values(label_items),
        workdir=get("workdir", ""),
        user=get("user", ""),
        entrypoint=entrypoint,
        hostname=get("hostname", ""),
        memory=int(get("memory", 0) or 0),
        cpus=float(get("cpus", 0.0) or 0.0),
        read_only=bool(get("read-only")),
        healthcheck=healthcheck,
        extra=extra,
    )


def _security_and_storage(opts: Options, command: str) -> None:
    for opt in opts.get("security-opt", []):
        key, sep, val = opt.partition("=")
        if not sep and key != "no-new-privileges":
            key, sep, val = opt.partition(":")
        if (not sep or not val) and key != "no-new-privileges":
            raise _fail(command, f"Invalid --security-opt: {go_quote(opt)}")
        if key == "seccomp" and val not in ("builtin", "unconfined"):
            path = opts.cwd / val if not val.startswith("/") else Path(val)
            if not path.is_file():
                raise _fail(command, f"opening seccomp profile ({val}) failed: open {val}: no such file or directory")
    for opt in opts.get("storage-opt", []):
        if "=" not in opt:
            raise _fail(command, "invalid storage option")


def _healthcheck(opts: Options, command: str) -> dict[str, Any] | None:
    any_health = any(opts.changed(f) for f in _HEALTH_FLAGS)
    if opts.get("no-healthcheck"):
        if any_health:
            raise _fail(command, "--no-healthcheck conflicts with --health-* options")
        return {"test": ["NONE"]}
    if not any_health:
        return None
    for name in ("health-interval", "health-timeout", "health-start-period", "health-start-interval"):
        if opts.get(name, 0.0) < 0:
            raise _fail(command, f"--{name} cannot be negative")
    if opts.get("health-retries", 0) < 0:
        raise _fail(command, "--health-retries cannot be negative")
    cmd = opts.get("health-cmd", "")
    return {
        "test": ["CMD-SHELL", cmd] if cmd else [],
        "interval": opts.get("health-interval", 0.0),
        "timeout": opts.get("health-timeout", 0.0),
        "start_period": opts.get("health-start-period", 0.0),
        "start_interval": opts.get("health-start-interval", 0.0),
        "retries": opts.get("health-retries", 0),
    }
