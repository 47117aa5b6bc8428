"""Load a compose project: find the files, interpolate, validate and normalize as compose-go does.

The pipeline mirrors compose-go: YAML → interpolation (``.env`` + environment) → schema checks
(unknown keys, types) → normalization to the canonical form ``docker compose config`` prints →
project checks (undefined services, networks, volumes; dependency cycles) → :class:`Project`.
"""

from __future__ import annotations

import errno
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from dockersim.cli.gotext import GoError, format_duration
from dockersim.cli.gotext import parse_duration as go_parse_duration
from dockersim.cli.values import ram_in_bytes
from dockersim.compose import yaml
from dockersim.compose.interpolate import interpolate_tree, parse_dotenv
from dockersim.compose.model import BuildConfig, Dependency, PortConfig, Project, Service, VolumeMount
from dockersim.context import NotModelledError, SimulatorError

#: compose's lookup order when no ``-f`` is given.
DEFAULT_FILENAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
#: Largest compose file read.
MAX_FILE_BYTES = 4_000_000

TOP_LEVEL_KEYS = frozenset(
    {"version", "name", "services", "networks", "volumes", "secrets", "configs", "include", "models"}
)

#: Service keys of the compose specification, in compose-go's ``ServiceConfig`` field order (the
#: order ``docker compose config`` prints them in).
SERVICE_KEYS = (
    "profiles",
    "annotations",
    "attach",
    "build",
    "develop",
    "blkio_config",
    "cap_add",
    "cap_drop",
    "cgroup_parent",
    "cgroup",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpus",
    "cpuset",
    "cpu_shares",
    "command",
    "configs",
    "container_name",
    "credential_spec",
    "depends_on",
    "deploy",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "entrypoint",
    "provider",
    "environment",
    "env_file",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "group_add",
    "gpus",
    "hostname",
    "healthcheck",
    "image",
    "init",
    "ipc",
    "isolation",
    "labels",
    "label_file",
    "links",
    "logging",
    "mem_limit",
    "mem_reservation",
    "memswap_limit",
    "mem_swappiness",
    "mac_address",
    "models",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "privileged",
    "pull_policy",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "userns_mode",
    "uts",
    "volume_driver",
    "volumes",
    "volumes_from",
    "working_dir",
    "post_start",
    "pre_stop",
)
_SERVICE_KEY_SET = frozenset(SERVICE_KEYS)

# What the schema accepts per key: "string", "list", "mapping", "string|list", "list|mapping", …
_SERVICE_TYPES = {
    "image": "string",
    "container_name": "string",
    "restart": "string",
    "user": "string",
    "working_dir": "string",
    "hostname": "string",
    "network_mode": "string",
    "platform": "string",
    "pull_policy": "string",
    "ports": "list",
    "expose": "list",
    "profiles": "list",
    "volumes": "list",
    "dns": "string|list",
    "cap_add": "list",
    "cap_drop": "list",
    "extra_hosts": "list|mapping",
    "env_file": "string|list",
    "environment": "list|mapping",
    "labels": "list|mapping",
    "depends_on": "list|mapping",
    "networks": "list|mapping",
    "build": "string|mapping",
    "command": "string|list|null",
    "entrypoint": "string|list|null",
    "healthcheck": "mapping",
    "deploy": "mapping",
    "logging": "mapping",
    "tty": "boolean",
    "stdin_open": "boolean",
    "privileged": "boolean",
    "read_only": "boolean",
    "init": "boolean",
    "scale": "integer",
}
_BUILD_KEYS = frozenset(
    {
        "context",
        "dockerfile",
        "dockerfile_inline",
        "args",
        "ssh",
        "labels",
        "cache_from",
        "cache_to",
        "no_cache",
        "additional_contexts",
        "network",
        "pull",
        "target",
        "shm_size",
        "extra_hosts",
        "isolation",
        "privileged",
        "secrets",
        "tags",
        "ulimits",
        "platforms",
        "entitlements",
    }
)
_HEALTH_KEYS = frozenset({"test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"})
_DEPENDS_KEYS = frozenset({"condition", "restart", "required"})
_CONDITIONS = ("service_started", "service_healthy", "service_completed_successfully")
_PROJECT_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ComposeError(SimulatorError):
    """A compose-side error (file lookup, validation); printed as compose prints it, exit 1 by default."""


@dataclass
class LoadOptions:
    """What the top-level compose flags and the command line say about the project."""

    files: list[str] = field(default_factory=list)
    project_name: str = ""
    project_directory: str = ""
    env_files: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    interpolate: bool = True
    explicit_services: list[str] = field(default_factory=list)


def normalize_project_name(name: str) -> str:
    """compose's ``NormalizeProjectName``: lower-case, keep ``[a-z0-9_-]``, trim leading ``_``/``-``."""
    lowered = re.sub(r"[^a-z0-9_-]", "", name.lower())
    return lowered.lstrip("_-")


def find_compose_files(cwd: Path) -> list[Path]:
    """The first compose file in ``cwd`` or a parent directory, in compose's precedence order."""
    directory = cwd
    for _ in range(64):
        for name in DEFAULT_FILENAMES:
            candidate = directory / name
            if candidate.is_file():
                return [candidate]
        if directory.parent == directory:
            break
        directory = directory.parent
    raise ComposeError("no configuration file provided: not found")


def _read_text(path: Path) -> str:
    from dockersim.hostfile import read_bytes

    try:
        return read_bytes(path, MAX_FILE_BYTES).decode("utf-8")  # a FIFO never waits, /dev/zero stops at the bound
    except FileNotFoundError:
        raise ComposeError(f"open {path}: no such file or directory") from None
    except IsADirectoryError:
        raise ComposeError(f"read {path}: is a directory") from None
    except UnicodeDecodeError:
        raise ComposeError(f"{path}: invalid UTF-8") from None
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            raise ComposeError(f"{path}: file is larger than {MAX_FILE_BYTES} bytes") from None
        raise ComposeError(f"open {path}: {exc.strerror or exc}") from None


def load_project(cwd: Path, env: dict[str, str], options: LoadOptions | None = None) -> Project:
    """Find, read, interpolate, validate and normalize the compose project seen from ``cwd``."""
    opts = options or LoadOptions()
    warnings: list[str] = []
    file_args = list(opts.files) or [f for f in env.get("COMPOSE_FILE", "").split(":") if f]
    if file_args:
        files = [(cwd / f) if not Path(f).is_absolute() else Path(f) for f in file_args]
    else:
        search = Path(opts.project_directory) if opts.project_directory else cwd
        files = find_compose_files(search if search.is_absolute() else cwd / search)
    working_dir = Path(opts.project_directory) if opts.project_directory else files[0].parent
    if not working_dir.is_absolute():
        working_dir = cwd / working_dir

    # Interpolation environment: the process environment wins over the .env file.
    dotenv: dict[str, str] = {}
    dotenv_paths = [cwd / f if not Path(f).is_absolute() else Path(f) for f in opts.env_files]
    if not dotenv_paths and (working_dir / ".env").is_file():
        dotenv_paths = [working_dir / ".env"]
    for path in dotenv_paths:
        if not path.is_file():
            raise ComposeError(f"couldn't find env file: {path}")
        dotenv.update(parse_dotenv(_read_text(path), lambda k: env.get(k, dotenv.get(k))))
    interp_env = {**dotenv, **env}

    merged: dict[str, Any] = {}
    for path in files:
        if not path.is_file():
            raise ComposeError(f"open {path}: no such file or directory")
        text = _read_text(path)
        data = yaml.load(text)
        if data is None:
            raise ComposeError("empty compose file")
        if not isinstance(data, dict):
            raise ComposeError("Top-level object must be a mapping")
        data = {str(k): v for k, v in data.items()}
        if "version" in data:
            warnings.append(
                f"{path}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid "
                "potential confusion"
            )
        if opts.interpolate:
            data = interpolate_tree(data, interp_env, warnings.append)
        _validate_top(data, path)
        _merge(merged, data)

    name = _project_name(opts, interp_env, merged, working_dir)
    try:
        normalized = _normalize(merged, name, working_dir, interp_env, files[0])
        return _build_project(normalized, name, working_dir, files, interp_env, warnings, opts)
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
        # A value of a shape the checks above let through; still a compose error, never a traceback.
        raise ComposeError(f"validating {files[0]}: invalid value ({type(exc).__name__}: {exc})") from None


def _project_name(opts: LoadOptions, env: dict[str, str], data: dict[str, Any], working_dir: Path) -> str:
    if opts.project_name:
        explicit = opts.project_name
    elif env.get("COMPOSE_PROJECT_NAME"):
        explicit = env["COMPOSE_PROJECT_NAME"]
    elif isinstance(data.get("name"), str) and data["name"]:
        explicit = data["name"]
    else:
        derived = normalize_project_name(working_dir.name)
        if not derived:
            raise ComposeError(
                f'project name must not be empty (directory "{working_dir.name}" has no usable characters); '
                "use -p to name the project"
            )
        return derived
    if not _PROJECT_NAME_RE.match(explicit):
        raise ComposeError(
            f'invalid project name "{explicit}": must consist only of lowercase alphanumeric characters, '
            "hyphens, and underscores as well as start with a letter or number"
        )
    return explicit


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    """Merge a later ``-f`` file over earlier ones (mappings merge, other values replace)."""
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "mapping"


def _type_error(path: Path, where: str, expected: str) -> ComposeError:
    names = expected.split("|")
    if len(names) == 1:
        return ComposeError(f"validating {path}: {where} must be a {names[0]}")
    return ComposeError(f"validating {path}: {where} must be a {', '.join(names[:-1])} or {names[-1]}")


def _check_properties(path: Path, where: str, value: Any, allowed: frozenset[str]) -> None:
    """The compose schema's ``additionalProperties: false`` on a mapping (``x-`` extensions allowed)."""
    if not isinstance(value, dict):
        return
    for key in value:
        if key not in allowed and not str(key).startswith("x-"):
            raise ComposeError(f"validating {path}: {where} additional properties '{key}' not allowed")


def _validate_top(data: dict[str, Any], path: Path) -> None:
    for key in data:
        if key not in TOP_LEVEL_KEYS and not str(key).startswith("x-"):
            raise ComposeError(f"validating {path}: additional properties '{key}' not allowed")
    if data.get("include"):
        raise NotModelledError("the compose 'include:' section")
    for section in ("services", "networks", "volumes", "secrets", "configs"):  # before any section is read
        value = data.get(section)
        if value is not None and not isinstance(value, dict):
            raise _type_error(path, section, "mapping")
    for name, service in (data.get("services") or {}).items():
        if isinstance(service, dict):
            if service.get("extends") is not None:
                raise NotModelledError(f"'extends:' (service {name!r})")
            build = service.get("build")
            if isinstance(build, dict) and build.get("dockerfile_inline") is not None:
                raise NotModelledError(f"'build.dockerfile_inline' (service {name!r})")
    for name, service in (data.get("services") or {}).items():
        if service is None:
            continue
        if not isinstance(service, dict):
            raise _type_error(path, f"services.{name}", "mapping")
        for key, value in service.items():
            key = str(key)
            if key.startswith("x-"):
                continue
            if key not in _SERVICE_KEY_SET:
                raise ComposeError(f"validating {path}: services.{name} additional properties '{key}' not allowed")
            expected = _SERVICE_TYPES.get(key)
            if expected and value is not None and _kind(value) not in expected.split("|"):
                if expected == "integer" and isinstance(value, str) and value.isdigit():
                    continue
                raise _type_error(path, f"services.{name}.{key}", expected)
        _check_properties(path, f"services.{name}.build", service.get("build"), _BUILD_KEYS)
        _check_properties(path, f"services.{name}.healthcheck", service.get("healthcheck"), _HEALTH_KEYS)
        deps = service.get("depends_on")
        if isinstance(deps, dict):
            for dep, spec in deps.items():
                if spec is None:
                    continue
                if not isinstance(spec, dict):
                    raise _type_error(path, f"services.{name}.depends_on.{dep}", "mapping")
                for key in spec:
                    if key not in _DEPENDS_KEYS:
                        raise ComposeError(
                            f"validating {path}: services.{name}.depends_on.{dep} additional properties "
                            f"'{key}' not allowed"
                        )
                condition = spec.get("condition", "service_started")
                if condition not in _CONDITIONS:
                    raise ComposeError(
                        f"validating {path}: services.{name}.depends_on.{dep}.condition must be one of the "
                        'following: "service_started", "service_healthy", "service_completed_successfully"'
                    )


# -- value parsing ------------------------------------------------------------------------------


def parse_duration(text: Any) -> float:
    """A Go duration (``1m30s``, ``500ms``) in seconds (Go's ``time.ParseDuration``); a YAML number is seconds."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    try:
        return go_parse_duration(str(text).strip())
    except GoError as exc:
        raise ComposeError(str(exc)) from None


def parse_bytes(value: Any) -> int:
    """docker's ``RAMInBytes`` (:func:`dockersim.cli.values.ram_in_bytes`): ``512M``, ``1g``, ``256mb`` or bytes."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return ram_in_bytes(str(value).strip())
    except ValueError:
        raise ComposeError(f"invalid size: '{value}'") from None


def _scalar_str(value: Any) -> str | None:
    """A YAML scalar as compose stringifies it for environment, labels and args."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def _kv_mapping(value: Any, sep: str = "=") -> dict[str, str | None]:
    """A list of ``KEY=VALUE`` (``KEY`` alone → None) or a mapping, as a string-valued dict."""
    result: dict[str, str | None] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            result[str(key)] = _scalar_str(item)
    elif isinstance(value, list):
        for item in value:
            text = str(_scalar_str(item))
            key, found, val = text.partition(sep)
            result[key] = val if found else None
    return result


def _command(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return [str(_scalar_str(v)) for v in value]
    try:
        return shlex.split(str(value))
    except ValueError:
        return [str(value)]


def _parse_port(value: Any, where: str) -> list[dict[str, Any]]:
    """Short (``[ip:][host:]container[/proto]``) or long port syntax → compose-go port mappings."""
    if isinstance(value, dict):
        out: dict[str, Any] = {"mode": str(value.get("mode", "ingress"))}
        if value.get("host_ip"):
            out["host_ip"] = str(value["host_ip"])
        if "target" not in value:
            raise ComposeError(f"{where}.target is required")
        out["target"] = int(value["target"])
        if value.get("published") is not None:
            out["published"] = str(value["published"])
        out["protocol"] = str(value.get("protocol", "tcp"))
        return [out]
    text = str(_scalar_str(value))
    proto = "tcp"
    if "/" in text:
        text, proto = text.rsplit("/", 1)
    host_ip = ""
    published = ""
    if text.startswith("["):  # [::1]:80:80
        close = text.find("]")
        host_ip, text = text[1:close], text[close + 2 :]
    parts = text.split(":")
    if len(parts) == 3:
        host_ip, published, target = parts
    elif len(parts) == 2:
        published, target = parts
    elif len(parts) == 1:
        target = parts[0]
    else:
        raise ComposeError(f"invalid port format: {value}")
    targets = _port_range(target, value)
    publisheds = _port_range(published, value) if published else []
    if publisheds and len(publisheds) != len(targets) and len(targets) != 1:
        raise ComposeError(f"invalid port range: {value}")
    result = []
    for index, port in enumerate(targets):
        item: dict[str, Any] = {"mode": "ingress"}
        if host_ip:
            item["host_ip"] = host_ip
        item["target"] = port
        if publisheds:
            item["published"] = (
                str(publisheds[index]) if len(publisheds) == len(targets) else f"{publisheds[0]}-{publisheds[-1]}"
            )
        item["protocol"] = proto
        result.append(item)
    return result


def _port_range(text: str, original: Any) -> list[int]:
    try:
        if "-" in text:
            low, high = (int(p) for p in text.split("-", 1))
            if high < low or high - low > 1000:
                raise ValueError
            return list(range(low, high + 1))
        port = int(text)
    except ValueError:
        raise ComposeError(f"invalid containerPort: {original}") from None
    if not 0 <= port <= 65535:
        raise ComposeError(f"invalid containerPort: {original}")
    return [port]


def _is_path(source: str) -> bool:
    return source.startswith((".", "/", "~")) or (len(source) > 1 and source[1] == ":")


def _parse_volume(value: Any, working_dir: Path, home: str) -> dict[str, Any]:
    """Short (``src:dst[:mode]``) or long volume syntax → compose-go's ServiceVolumeConfig mapping."""
    if isinstance(value, dict):
        out: dict[str, Any] = {"type": str(value.get("type", "volume"))}
        source = value.get("source")
        if source:
            out["source"] = _resolve_source(str(source), working_dir, home) if out["type"] == "bind" else str(source)
        out["target"] = str(value.get("target", ""))
        if value.get("read_only"):
            out["read_only"] = True
        if out["type"] == "bind":
            out["bind"] = {"create_host_path": True}
        elif out["type"] == "volume":
            out["volume"] = {}
        return out
    text = str(value)
    parts = text.split(":")
    mode = ""
    if len(parts) >= 3:
        source, target, mode = parts[0], parts[1], ":".join(parts[2:])
    elif len(parts) == 2:
        source, target = parts
    else:
        source, target = "", parts[0]
    out = {}
    if not source:
        out = {"type": "volume", "target": target, "volume": {}}
    elif _is_path(source):
        out = {"type": "bind", "source": _resolve_source(source, working_dir, home), "target": target}
    else:
        out = {"type": "volume", "source": source, "target": target}
    modes = set(mode.split(",")) if mode else set()
    if "ro" in modes:
        out["read_only"] = True
    if out["type"] == "bind":
        out["bind"] = {"create_host_path": True}
    elif "volume" not in out:
        out["volume"] = {}
    return out


def _resolve_source(source: str, working_dir: Path, home: str) -> str:
    if source.startswith("~"):
        source = home + source[1:]
    path = PurePosixPath(source)
    if not path.is_absolute():
        path = PurePosixPath(working_dir.as_posix()) / path
    parts: list[str] = []
    for part in path.parts[1:]:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/" + "/".join(parts)


# -- normalization -------------------------------------------------------------------------------


def _normalize(
    data: dict[str, Any], name: str, working_dir: Path, env: dict[str, str], first_file: Path
) -> dict[str, Any]:
    """The canonical project mapping ``docker compose config`` prints."""
    services_in = data.get("services") or {}
    home = env.get("HOME", "/root")
    services: dict[str, Any] = {}
    for svc_name, raw in services_in.items():
        services[str(svc_name)] = _normalize_service(str(svc_name), raw or {}, working_dir, env, home)
    networks: dict[str, Any] = {}
    uses_default = any("networks" in svc and "default" in svc["networks"] for svc in services.values())
    for key, raw in (data.get("networks") or {}).items():
        networks[str(key)] = _normalize_resource(str(key), raw, name)
    if uses_default and "default" not in networks:
        networks["default"] = {"name": f"{name}_default"}
    volumes = {str(k): _normalize_resource(str(k), v, name) for k, v in (data.get("volumes") or {}).items()}
    out: dict[str, Any] = {"name": name, "services": dict(sorted(services.items()))}
    if networks:
        out["networks"] = networks
    if volumes:
        out["volumes"] = volumes
    for extra in ("secrets", "configs"):
        if data.get(extra):
            out[extra] = data[extra]
    for key, value in data.items():  # top-level extensions print last, as compose-go inlines them
        if key.startswith("x-"):
            out[key] = value
    return out


def _normalize_resource(key: str, raw: Any, project: str) -> dict[str, Any]:
    raw = raw if isinstance(raw, dict) else {}
    external = raw.get("external")
    if isinstance(external, dict):  # legacy external: {name: x}
        external_name = external.get("name")
        external = True
    else:
        external_name = None
    out: dict[str, Any] = {}
    if raw.get("name"):
        out["name"] = str(raw["name"])
    elif external:
        out["name"] = str(external_name or key)
    else:
        out["name"] = f"{project}_{key}"
    for field_name in ("driver", "driver_opts", "ipam"):
        if raw.get(field_name) is not None:
            out[field_name] = raw[field_name]
    if external:
        out["external"] = True
    for field_name in ("internal", "attachable", "labels", "enable_ipv6"):
        if raw.get(field_name) is not None:
            out[field_name] = raw[field_name]
    return out


def _normalize_service(
    name: str, raw: dict[str, Any], working_dir: Path, env: dict[str, str], home: str
) -> dict[str, Any]:
    svc: dict[str, Any] = {}
    raw = {str(k): v for k, v in raw.items()}
    build = raw.get("build")
    if build is not None:
        build_map = {"context": build} if isinstance(build, str) else dict(build)
        context = str(build_map.get("context", "."))
        if "://" not in context and not context.startswith("git@"):
            context = _resolve_source(context, working_dir, home)
        nb: dict[str, Any] = {"context": context, "dockerfile": str(build_map.get("dockerfile", "Dockerfile"))}
        if build_map.get("args") is not None:
            nb["args"] = _kv_mapping(build_map["args"])
        for key in ("labels", "cache_from", "no_cache", "pull", "network"):
            if build_map.get(key) is not None:
                nb[key] = build_map[key]
        if build_map.get("target"):
            nb["target"] = str(build_map["target"])
        svc["build"] = nb
    for key in ("profiles", "cpus", "cap_add", "cap_drop"):
        if raw.get(key) is not None:
            svc[key] = raw[key]
    if "command" in raw:
        svc["command"] = _command(raw["command"])
    if raw.get("container_name") is not None:
        svc["container_name"] = str(raw["container_name"])
    depends = raw.get("depends_on")
    if depends is not None:
        deps: dict[str, Any] = {}
        if isinstance(depends, list):
            for dep in depends:
                deps[str(dep)] = {"condition": "service_started", "required": True}
        else:
            for dep, spec in depends.items():
                spec = spec or {}
                entry: dict[str, Any] = {"condition": str(spec.get("condition", "service_started"))}
                if spec.get("restart"):
                    entry["restart"] = True
                entry["required"] = bool(spec.get("required", True))
                deps[str(dep)] = entry
        svc["depends_on"] = dict(sorted(deps.items()))
    if raw.get("deploy") is not None:
        svc["deploy"] = _normalize_deploy(raw["deploy"])
    if "entrypoint" in raw:
        svc["entrypoint"] = _command(raw["entrypoint"])
    environment: dict[str, str | None] = {}
    env_files = raw.get("env_file")
    if env_files is not None:
        env_list = [env_files] if isinstance(env_files, str) else list(env_files)
        svc["env_file"] = []
        for item in env_list:
            path_text = item.get("path") if isinstance(item, dict) else item
            required = item.get("required", True) if isinstance(item, dict) else True
            path = Path(_resolve_source(str(path_text), working_dir, home))
            svc["env_file"].append({"path": path.as_posix(), "required": bool(required)})
            if not path.is_file():
                if required:
                    raise ComposeError(f"env file {path} not found: stat {path}: no such file or directory")
                continue
            environment.update(parse_dotenv(_read_text(path), env.get))
    if raw.get("environment") is not None:
        for key, value in _kv_mapping(raw["environment"]).items():
            environment[key] = env.get(key) if value is None else value
    if environment or raw.get("environment") is not None:
        svc["environment"] = dict(sorted(environment.items()))
    if raw.get("expose") is not None:
        svc["expose"] = [str(_scalar_str(v)) for v in raw["expose"]]
    if raw.get("hostname") is not None:
        svc["hostname"] = str(raw["hostname"])
    if raw.get("healthcheck") is not None:
        svc["healthcheck"] = _normalize_health(raw["healthcheck"])
    if raw.get("image") is not None:
        svc["image"] = str(raw["image"])
    if raw.get("labels") is not None:
        svc["labels"] = {k: (v or "") for k, v in sorted(_kv_mapping(raw["labels"]).items())}
    if raw.get("network_mode") is not None:
        svc["network_mode"] = str(raw["network_mode"])
    networks = raw.get("networks")
    if networks is not None:
        if isinstance(networks, list):
            svc["networks"] = {str(n): None for n in networks}
        else:
            svc["networks"] = {str(k): v for k, v in networks.items()}
        svc["networks"] = dict(sorted(svc["networks"].items()))
    elif "network_mode" not in raw:
        svc["networks"] = {"default": None}
    if raw.get("ports") is not None:
        ports: list[dict[str, Any]] = []
        for item in raw["ports"]:
            ports.extend(_parse_port(item, f"services.{name}.ports"))
        svc["ports"] = ports
    for key in ("privileged", "read_only", "stdin_open", "tty", "init"):
        if raw.get(key) is not None:
            svc[key] = bool(raw[key])
    if raw.get("restart") is not None:
        svc["restart"] = str(raw["restart"])
    if raw.get("scale") is not None:
        svc["scale"] = int(raw["scale"])
    if raw.get("user") is not None:
        svc["user"] = str(_scalar_str(raw["user"]))
    if raw.get("volumes") is not None:
        svc["volumes"] = [_parse_volume(v, working_dir, home) for v in raw["volumes"]]
    if raw.get("working_dir") is not None:
        svc["working_dir"] = str(raw["working_dir"])
    # Everything else the spec allows passes through unchanged.
    for key, value in raw.items():
        if key not in svc and key not in ("build", "environment", "env_file", "networks") and value is not None:
            svc[key] = value
    order = {k: i for i, k in enumerate(SERVICE_KEYS)}
    return dict(sorted(svc.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def _normalize_health(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if raw.get("disable"):
        return {"test": ["NONE"]}
    test = raw.get("test")
    if isinstance(test, str):
        out["test"] = ["CMD-SHELL", test]
    elif isinstance(test, list):
        out["test"] = [str(_scalar_str(t)) for t in test]
    for key in ("timeout", "interval"):
        if raw.get(key) is not None:
            out[key] = format_duration(parse_duration(raw[key]))
    if raw.get("retries") is not None:
        out["retries"] = int(raw["retries"])
    for key in ("start_period", "start_interval"):
        if raw.get(key) is not None:
            out[key] = format_duration(parse_duration(raw[key]))
    return out


def _normalize_deploy(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("mode",):
        if raw.get(key) is not None:
            out[key] = raw[key]
    if raw.get("replicas") is not None:
        out["replicas"] = int(raw["replicas"])
    if raw.get("labels") is not None:
        out["labels"] = _kv_mapping(raw["labels"])
    resources = raw.get("resources")
    if isinstance(resources, dict):
        res: dict[str, Any] = {}
        for part in ("limits", "reservations"):
            spec = resources.get(part)
            if isinstance(spec, dict):
                item: dict[str, Any] = {}
                if spec.get("cpus") is not None:
                    item["cpus"] = float(spec["cpus"])
                if spec.get("memory") is not None:
                    item["memory"] = str(parse_bytes(spec["memory"]))
                if spec.get("pids") is not None:
                    item["pids"] = int(spec["pids"])
                res[part] = item
        out["resources"] = res
    for key in ("restart_policy", "placement", "update_config", "rollback_config", "endpoint_mode"):
        if raw.get(key) is not None:
            out[key] = raw[key]
    return out


# -- project -------------------------------------------------------------------------------------


def _build_project(
    config: dict[str, Any],
    name: str,
    working_dir: Path,
    files: list[Path],
    env: dict[str, str],
    warnings: list[str],
    opts: LoadOptions,
) -> Project:
    services: dict[str, Service] = {}
    for svc_name, svc in config["services"].items():
        services[svc_name] = _service(svc_name, svc)
    # keep file order for start order and listings
    active_profiles = set(opts.profiles) | {p for p in env.get("COMPOSE_PROFILES", "").split(",") if p}
    enabled: dict[str, Service] = {}
    disabled: dict[str, Service] = {}
    for svc_name, service in services.items():
        if (
            not service.profiles
            or "*" in active_profiles
            or active_profiles & set(service.profiles)
            or svc_name in opts.explicit_services
        ):
            enabled[svc_name] = service
        else:
            disabled[svc_name] = service
    project = Project(
        name=name,
        working_dir=working_dir,
        files=files,
        services=enabled,
        disabled=disabled,
        networks=config.get("networks", {}),
        volumes=config.get("volumes", {}),
        environment=env,
        warnings=warnings,
        config=config,
    )
    _check_project(project)
    return project


def _service(name: str, svc: dict[str, Any]) -> Service:
    build = None
    if "build" in svc:
        b = svc["build"]
        build = BuildConfig(
            context=b["context"],
            dockerfile=b.get("dockerfile", "Dockerfile"),
            args=dict(b.get("args", {})),
            target=b.get("target", ""),
            no_cache=bool(b.get("no_cache", False)),
            pull=bool(b.get("pull", False)),
        )
    deploy = svc.get("deploy", {})
    limits = deploy.get("resources", {}).get("limits", {})
    replicas = deploy.get("replicas", svc.get("scale", 1))
    return Service(
        name=name,
        config=svc,
        image=svc.get("image", ""),
        build=build,
        container_name=svc.get("container_name", ""),
        command=svc.get("command"),
        entrypoint=svc.get("entrypoint"),
        environment=dict(svc.get("environment", {})),
        ports=[
            PortConfig(p["target"], p.get("published", ""), p.get("host_ip", ""), p.get("protocol", "tcp"), p["mode"])
            for p in svc.get("ports", [])
        ],
        expose=list(svc.get("expose", [])),
        volumes=[
            VolumeMount(v["type"], v["target"], v.get("source", ""), bool(v.get("read_only", False)))
            for v in svc.get("volumes", [])
        ],
        networks=list(svc.get("networks", {})),
        network_mode=svc.get("network_mode", ""),
        depends_on={
            dep: Dependency(spec["condition"], spec.get("required", True), spec.get("restart", False))
            for dep, spec in svc.get("depends_on", {}).items()
        },
        restart=svc.get("restart", ""),
        healthcheck=svc.get("healthcheck"),
        replicas=int(replicas),
        cpus=float(limits.get("cpus", svc.get("cpus", 0.0)) or 0.0),
        memory=int(limits.get("memory", 0) or 0),
        labels=dict(svc.get("labels", {})),
        working_dir=svc.get("working_dir", ""),
        user=svc.get("user", ""),
        hostname=svc.get("hostname", ""),
        profiles=[str(p) for p in svc.get("profiles", [])],
    )


def container_name_error(service: str) -> str:
    """compose-go's refusal of a fixed container name for more than one replica."""
    return (
        f"services.deploy.replicas: can't set container_name and {service} as container name must be unique: "
        "invalid compose project"
    )


def _check_project(project: Project) -> None:
    """compose-go's project checks: image/build, undefined references, dependency cycles."""
    every = {**project.services, **project.disabled}
    for name, service in every.items():
        if service.container_name and service.replicas > 1:
            raise ComposeError(container_name_error(name))
        if not service.image and service.build is None:
            raise ComposeError(
                f'service "{name}" has neither an image nor a build context specified: invalid compose project'
            )
    for name, service in project.services.items():
        for dep, spec in service.depends_on.items():
            if dep not in project.services and spec.required:
                raise ComposeError(f'service "{name}" depends on undefined service "{dep}": invalid compose project')
        for net in service.networks:
            if net not in project.networks:
                raise ComposeError(f'service "{name}" refers to undefined network {net}: invalid compose project')
        for mount in service.volumes:
            if mount.type == "volume" and mount.source and mount.source not in project.volumes:
                raise ComposeError(
                    f'service "{name}" refers to undefined volume {mount.source}: invalid compose project'
                )
    _check_cycles(project)


def _check_cycles(project: Project) -> None:
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for dep in project.services[name].depends_on:
            if dep not in project.services:
                continue
            if state.get(dep) == 1:
                cycle = [*trail[trail.index(dep) :], dep] if dep in trail else [name, dep]
                raise ComposeError(f"dependency cycle detected: {' -> '.join(cycle)}")
            if dep not in state:
                visit(dep, [*trail, dep])
        state[name] = 2

    for name in project.services:
        if name not in state:
            visit(name, [name])


def load_for(cwd: Path, env: dict[str, str], opts: LoadOptions, warn: Callable[[str], None]) -> Project:
    """Load the project and hand its warnings to ``warn`` (compose prints them before anything else)."""
    project = load_project(cwd, env, opts)
    for message in project.warnings:
        warn(message)
    return project
