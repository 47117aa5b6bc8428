"""Value parsers of the docker client, reusable by every package (compose, build, engine).

Each parser accepts what docker 28.2.2 accepts and raises :class:`ValueError` subclasses whose text
is exactly the client's message (without the ``docker:`` prefix or flag wrapper, which the caller
adds). Sources: docker/cli ``opts/*.go``, go-connections ``nat``, go-units, distribution/reference,
``cli/compose/loader/volume.go``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from dockersim.cli.gotext import GoError, go_quote, parse_duration, parse_float, parse_int, parse_uint
from dockersim.engine.reference import ImageRef, InvalidReferenceError, parse_client_reference
from dockersim.runspec import MountSpec, PortBinding, RestartPolicy


class ValueParseError(ValueError):
    """A value the docker client rejects; ``str()`` is the client's message."""


# --------------------------------------------------------------------------- sizes and numbers

_BINARY = {"k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}
_DECIMAL = {"k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4, "p": 1000**5}


def _parse_size(text: str, units: Mapping[str, int]) -> int:
    sep = max(text.rfind(c) for c in "01234567890. ")
    if sep == -1:
        raise ValueParseError(f"invalid size: '{text}'")
    if text[sep] != " ":
        num, sfx = text[: sep + 1], text[sep + 1 :]
    else:
        num, sfx = text[:sep], text[sep + 1 :]
    try:
        size = parse_float(num)
    except GoError as exc:
        raise ValueParseError(str(exc)) from None
    if size < 0:
        raise ValueParseError(f"invalid size: '{text}'")
    if size != size:  # NaN
        size = 0.0
    if not sfx:
        return _to_int64(size)
    if len(sfx) > 3:
        raise ValueParseError(f"invalid suffix: '{sfx}'")
    sfx = sfx.lower()
    if sfx[0] == "b":
        if len(sfx) > 1:
            raise ValueParseError(f"invalid suffix: '{sfx}'")
        return _to_int64(size)
    if sfx[0] not in units:
        raise ValueParseError(f"invalid suffix: '{sfx}'")
    size *= units[sfx[0]]
    if (len(sfx) == 2 and sfx[1] != "b") or (len(sfx) == 3 and sfx[1:] != "ib"):
        raise ValueParseError(f"invalid suffix: '{sfx}'")
    return _to_int64(size)


def _to_int64(size: float) -> int:
    if size >= 2.0**63:
        return -(2**63)
    return int(size)


def ram_in_bytes(text: str) -> int:
    """go-units ``RAMInBytes``: ``512m`` → 536870912 (binary units, optional ``b``/``ib``)."""
    return _parse_size(text, _BINARY)


def key_values(items: Iterable[str]) -> dict[str, str]:
    """docker/cli ``opts.ConvertKVStringsToMap``: ``KEY=VALUE`` items (a bare ``KEY`` maps to ``""``), later wins."""
    out: dict[str, str] = {}
    for item in items:
        key, _, value = item.partition("=")
        out[key] = value
    return out


def from_human_size(text: str) -> int:
    """go-units ``FromHumanSize``: decimal units (``1kB`` = 1000)."""
    return _parse_size(text, _DECIMAL)


_RAT_RE = re.compile(r"^[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$")


def parse_cpus(text: str) -> float:
    """``opts.ParseCPUs``: a rational number with at most 9 decimals; returns CPUs as float."""
    if not _RAT_RE.match(text) or len(text) > 400:
        raise ValueParseError(f"failed to parse {text} as a rational number")
    from fractions import Fraction  # here, not at the top: only --cpus needs it, and the snapshot holds less

    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueParseError(f"failed to parse {text} as a rational number") from None
    nano = value * 10**9
    if nano.denominator != 1:
        raise ValueParseError("value is too precise")
    return float(value)


# --------------------------------------------------------------------------- simple validators


def valid_ip(text: str) -> bool:
    """Go ``net.ParseIP`` accepts ``text`` (dotted IPv4 or IPv6 without zone)."""
    if "%" in text or not text:
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def validate_ip_address(text: str) -> str:
    """``opts.ValidateIPAddress``."""
    if valid_ip(text.strip()):
        return text
    raise ValueParseError(f"IP address is not correctly formatted: {text}")


def validate_env(value: str, environ: Mapping[str, str] | None = None) -> str:
    """``opts.ValidateEnv``: ``KEY=value``; a bare ``KEY`` takes the client's environment value."""
    key, eq, _ = value.partition("=")
    if not key:
        raise ValueParseError("invalid environment variable: " + value)
    if not eq and environ is not None and key in environ:
        return f"{key}={environ[key]}"
    return value


def validate_label(value: str) -> str:
    """``opts.ValidateLabel``."""
    if not value.partition("=")[0].strip():
        raise ValueParseError(f"invalid label '{value}': empty name")
    return value


def validate_extra_host(value: str) -> str:
    """``opts.ValidateExtraHost``: ``host:ip`` or ``host=ip`` (``host-gateway`` allowed)."""
    key, sep, ip = value.partition("=")
    if not sep:
        key, sep, ip = value.partition(":")
    if not sep or not key or ":" in key:
        raise ValueParseError(f"bad format for add-host: {_q(value)}")
    if ip != "host-gateway":
        if len(ip) > 2 and ip[0] == "[" and ip[-1] == "]":
            ip = ip[1:-1]
        if not valid_ip(ip.strip()):
            raise ValueParseError(f"invalid IP address in add-host: {_q(ip)}")
    return value


def _q(text: str) -> str:
    from dockersim.cli.gotext import go_quote

    return go_quote(text)


_CGROUP_RULE_RE = re.compile(r"^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$")
_MAC_RE = re.compile(
    r"^(?:[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){7}"
    r"|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){19}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}"
    r"|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){3}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){9})$"
)


def validate_device_cgroup_rule(value: str) -> str:
    """``opts.ValidateDeviceCgroupRule``: ``type major:minor access``."""
    if _CGROUP_RULE_RE.match(value):
        return value
    raise ValueParseError(f"invalid device cgroup format '{value}'")


def valid_mac(value: str) -> bool:
    """Go ``net.ParseMAC`` accepts ``value`` (and uses one separator throughout)."""
    return bool(_MAC_RE.match(value)) and not (":" in value and "-" in value)


def parse_cidr(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """Go ``net.ParseCIDR`` (host bits allowed); error ``invalid CIDR address: …``."""
    try:
        if "/" not in text or "%" in text:
            raise ValueError(text)
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValueParseError(f"invalid CIDR address: {text}") from None


def _subnet_matches(subnet: str, data: str) -> bool:
    try:
        net = parse_cidr(subnet)
    except ValueError as exc:
        raise ValueParseError(f"invalid subnet: {exc}") from None
    if "/" in data:
        try:
            addr = ipaddress.ip_interface(data).ip
        except ValueError:
            raise ValueParseError(f"invalid CIDR address: {data}") from None
    else:
        try:
            addr = ipaddress.ip_address(data)
        except ValueError:
            return False
    return addr.version == net.version and addr in net


def consolidate_ipam(
    subnets: list[str], ranges: list[str], gateways: list[str], aux: Mapping[str, str]
) -> list[dict[str, object]]:
    """``network create`` IPAM options → one config per subnet (docker's ``consolidateIpam``)."""
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        raise ValueParseError("every ip-range or gateway must have a corresponding subnet")
    data: dict[str, dict[str, object]] = {}
    for s in subnets:
        for k in data:
            if _subnet_matches(s, k) or _subnet_matches(k, s):
                raise ValueParseError("multiple overlapping subnet configuration is not supported")
        data[s] = {"subnet": s, "ip_range": "", "gateway": "", "aux_addresses": {}}
    for kind, items in (("range", ranges), ("gateway", gateways)):
        field = "ip_range" if kind == "range" else "gateway"
        for r in items:
            match = False
            for s in subnets:
                if not _subnet_matches(s, r):
                    continue
                if data[s][field]:
                    plural = "ranges" if kind == "range" else "gateways"
                    where = "on the same subnet" if kind == "range" else "for the same subnet"
                    raise ValueParseError(f"cannot configure multiple {plural} ({r}, {data[s][field]}) {where} ({s})")
                data[s][field] = r
                match = True
            if not match:
                raise ValueParseError(f"no matching subnet for {kind} {r}")
    for key, addr in aux.items():
        match = False
        for s in subnets:
            if _subnet_matches(s, addr):
                data[s]["aux_addresses"][key] = addr  # type: ignore[index]
                match = True
        if not match:
            raise ValueParseError(f"no matching subnet for aux-address {addr}")
    return list(data.values())


def validate_link(value: str) -> str:
    """``opts.ValidateLink``: ``name[:alias]``."""
    if value == "":
        raise ValueParseError("empty string specified for links")
    if len(value.split(":", 2)) > 2:
        raise ValueParseError("bad format for links: " + value)
    return value


_DOMAIN_RE = re.compile(
    r"^(:?(?:[a-zA-Z0-9]|(?:[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9]))"
    r"(:?\.(?:[a-zA-Z0-9]|(?:[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])))*)\.?\s*$"
)


def validate_dns_search(value: str) -> str:
    """``opts.ValidateDNSSearch``: a domain name (or ``.``)."""
    value = value.strip(" ")
    if value == ".":
        return value
    m = _DOMAIN_RE.match(value)
    if not re.search(r"[a-zA-Z]", value) or not m or len(m.group(1)) >= 255:
        raise ValueParseError(f"{value} is not a valid domain")
    return m.group(1)


def _device_pair(value: str) -> tuple[str, str]:
    key, sep, val = value.partition(":")
    if not sep or not key:
        raise ValueParseError(f"bad format: {value}")
    if not key.startswith("/dev/"):
        raise ValueParseError(f"bad format for device path: {value}")
    return key, val


def validate_weight_device(value: str) -> str:
    """``opts.ValidateWeightDevice``: ``/dev/x:weight`` with weight 0 or 10–1000."""
    _, val = _device_pair(value)
    try:
        weight = parse_uint(val, 10, 16)
    except GoError:
        raise ValueParseError(f"invalid weight for device: {value}") from None
    if weight and not 10 <= weight <= 1000:
        raise ValueParseError(f"invalid weight for device: {value}")
    return value


def validate_throttle_bps(value: str) -> str:
    """``opts.ValidateThrottleBpsDevice``: ``/dev/x:rate[unit]``."""
    _, val = _device_pair(value)
    try:
        rate = ram_in_bytes(val)
    except ValueError:
        rate = -1
    if rate < 0:
        raise ValueParseError(
            f"invalid rate for device: {value}. The correct format is <device-path>:<number>[<unit>]."
            " Number must be a positive integer. Unit is optional and can be kb, mb, or gb"
        )
    return value


def validate_throttle_iops(value: str) -> str:
    """``opts.ValidateThrottleIOpsDevice``: ``/dev/x:number``."""
    _, val = _device_pair(value)
    try:
        parse_uint(val, 10, 64)
    except GoError:
        raise ValueParseError(
            f"invalid rate for device: {value}. The correct format is <device-path>:<number>. "
            "Number must be a positive integer"
        ) from None
    return value


_NETWORK_KEYS = {"name", "alias", "ip", "ip6", "mac-address", "link-local-ip", "driver-opt", "gw-priority"}


def parse_network_opt(value: str) -> dict[str, object]:
    """``opts.NetworkOpt``: a network name, or ``name=…,alias=…,ip=…`` (long syntax)."""
    if not re.search(r"\w+=\w+(,\w+=\w+)*", value):
        return {"name": value, "aliases": []}
    out: dict[str, object] = {"name": "", "aliases": []}
    for field in split_csv(value):
        key, sep, val = field.lower().partition("=")
        if not sep or not key:
            raise ValueParseError(f"invalid field {field}")
        key, val = key.strip(), val.strip()
        if key not in _NETWORK_KEYS:
            raise ValueParseError(f"invalid field key {key}")
        if key == "alias":
            out["aliases"].append(val)  # type: ignore[union-attr]
        elif key == "driver-opt":
            if "=" not in val:
                raise ValueParseError("invalid key value pair format in driver options")
        elif key == "gw-priority":
            try:
                parse_int(val, 10)
            except GoError as exc:
                raise ValueParseError(f"invalid gw-priority ({val}): {exc}") from None
        else:
            out[key] = val
    if not out["name"]:
        raise ValueParseError("network name/id is not specified")
    return out


def is_user_defined_network(name: str) -> bool:
    """docker's ``NetworkMode.IsUserDefined``: not default/bridge/host/none/container:…"""
    return name not in ("", "default", "bridge", "host", "none") and not name.startswith("container:")


def validate_attach(value: str) -> str:
    """``opts.ValidateAttach``: ``stdin``, ``stdout`` or ``stderr`` (any case)."""
    if value.lower() in ("stdin", "stdout", "stderr"):
        return value.lower()
    raise ValueParseError("valid streams are STDIN, STDOUT and STDERR")


def parse_filter(value: str) -> str:
    """``opts.FilterOpt``: ``name=value`` → normalised ``name=value`` (name lower-cased, trimmed)."""
    if "=" not in value:
        raise ValueParseError("bad format of filter (expected name=value)")
    name, _, val = value.partition("=")
    return f"{name.strip().lower()}={val.strip()}"


_ULIMITS = {
    "core",
    "cpu",
    "data",
    "fsize",
    "locks",
    "memlock",
    "msgqueue",
    "nice",
    "nofile",
    "nproc",
    "rss",
    "rtprio",
    "rttime",
    "sigpending",
    "stack",
}


def parse_ulimit(value: str) -> tuple[str, int, int]:
    """go-units ``ParseUlimit``: ``name=soft[:hard]`` → (name, soft, hard)."""
    name, sep, limits = value.partition("=")
    if not sep:
        raise ValueParseError(f"invalid ulimit argument: {value}")
    if name not in _ULIMITS:
        raise ValueParseError(f"invalid ulimit type: {name}")
    parts = limits.split(":")
    if len(parts) > 2:
        raise ValueParseError(f"too many limit value arguments - {limits}, can only have up to two, `soft[:hard]`")
    try:
        soft = parse_int(parts[0], 10)
        hard = parse_int(parts[1], 10) if len(parts) == 2 else soft
    except GoError as exc:
        raise ValueParseError(str(exc)) from None
    if hard != -1 and soft > hard:
        raise ValueParseError(f"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}")
    return name, soft, hard


_SYSCTLS = {
    "kernel.msgmax",
    "kernel.msgmnb",
    "kernel.msgmni",
    "kernel.sem",
    "kernel.shmall",
    "kernel.shmmax",
    "kernel.shmmni",
    "kernel.shm_rmid_forced",
}


def validate_sysctl(value: str) -> str:
    """``opts.ValidateSysctl``: namespaced kernel parameters only."""
    key, sep, _ = value.partition("=")
    if sep and key and (key in _SYSCTLS or key.startswith(("net.", "fs.mqueue."))):
        return value
    raise ValueParseError(f"sysctl '{value}' is not allowed")


def _gpu_count(text: str) -> int:
    if text == "all":
        return -1
    try:
        return parse_int(text, 10)
    except GoError as exc:
        reason = "value out of range" if "out of range" in str(exc) else "invalid syntax"
        raise ValueParseError(f'invalid count ({text}): value must be either "all" or an integer: {reason}') from None


def parse_gpus(value: str) -> str:
    """``opts.GpuOpts``: ``all``, a count, or ``count=…,device=…,driver=…,capabilities=…,options=…``."""
    seen: set[str] = set()
    for field in split_csv(value):
        key, sep, val = field.partition("=")
        if key in seen:
            raise ValueParseError(f"gpu request key '{key}' can be specified only once")
        seen.add(key)
        if not sep:
            seen.add("count")
            _gpu_count(key)
            continue
        if key not in ("count", "device", "driver", "capabilities", "options"):
            raise ValueParseError(f"unexpected key '{key}' in '{field}'")
        if key == "count":
            _gpu_count(val)
    return value


def split_csv(value: str) -> list[str]:
    """One line of Go ``encoding/csv`` (quotes allowed around fields)."""
    if value == "":
        return []
    fields: list[str] = []
    cur: list[str] = []
    i, quoted_field = 0, False
    while i <= len(value):
        if i == len(value) or value[i] == ",":
            fields.append("".join(cur))
            cur, quoted_field = [], False
            i += 1
            continue
        ch = value[i]
        if ch == '"' and not cur and not quoted_field:
            quoted_field = True
            i += 1
            while i < len(value):
                if value[i] == '"':
                    if i + 1 < len(value) and value[i + 1] == '"':
                        cur.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                cur.append(value[i])
                i += 1
            else:
                raise ValueParseError(
                    f'parse error on line 1, column {len(value) + 1}: extraneous or missing " in quoted-field'
                )
            continue
        if ch == '"':
            raise ValueParseError(f'parse error on line 1, column {i + 1}: bare " in non-quoted-field')
        cur.append(ch)
        i += 1
    return fields


# --------------------------------------------------------------------------- mounts and volumes


def _go_bool(text: str) -> bool:
    from dockersim.cli.gotext import parse_bool

    return parse_bool(text)


def parse_mount(value: str, cwd: Path | None = None) -> MountSpec:
    """``--mount type=…,source=…,target=…[,readonly]`` → :class:`MountSpec` (``opts.MountOpt.Set``)."""
    mtype, source, target, readonly = "volume", "", "", False
    groups: set[str] = set()
    recursive = ""
    propagation = ""
    for field in split_csv(value):
        key, sep, val = field.partition("=")
        key = key.lower()
        if not sep:
            if key in ("readonly", "ro"):
                readonly = True
                continue
            if key == "volume-nocopy":
                groups.add("volume")
                continue
            if key == "bind-nonrecursive":
                groups.add("bind")
                continue
            raise ValueParseError(f"invalid field '{field}' must be a key=value pair")
        if key == "type":
            mtype = val.lower()
        elif key in ("source", "src"):
            source = val
            if (val.startswith("./") or val == ".") and cwd is not None:
                source = _abspath(cwd, val)
        elif key in ("target", "destination", "dst"):
            target = val
        elif key in ("readonly", "ro"):
            try:
                readonly = _go_bool(val)
            except ValueError:
                raise ValueParseError(f"invalid value for {key}: {val}") from None
        elif key == "consistency":
            pass
        elif key == "bind-propagation":
            groups.add("bind")
            propagation = val.lower()
        elif key == "bind-nonrecursive":
            raise ValueParseError("bind-nonrecursive is deprecated, use bind-recursive=disabled instead")
        elif key == "bind-recursive":
            groups.add("bind")
            mode = val
            if val in ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"):
                mode = "enabled" if _go_bool(val) else "disabled"
            if mode not in ("enabled", "disabled", "writable", "readonly"):
                raise ValueParseError(
                    f'invalid value for {key}: {val} (must be "enabled", "disabled", "writable", or "readonly")'
                )
            recursive = mode
        elif key in ("volume-subpath", "volume-label", "volume-driver", "volume-opt"):
            groups.add("volume")
        elif key == "volume-nocopy":
            groups.add("volume")
            try:
                _go_bool(val)
            except ValueError:
                raise ValueParseError(f"invalid value for volume-nocopy: {val}") from None
        elif key == "image-subpath":
            groups.add("image")
        elif key == "tmpfs-size":
            groups.add("tmpfs")
            try:
                ram_in_bytes(val)
            except ValueError:
                raise ValueParseError(f"invalid value for {key}: {val}") from None
        elif key == "tmpfs-mode":
            groups.add("tmpfs")
            try:
                parse_uint(val, 8, 32) if val and all(c in "01234567" for c in val) else parse_uint("x", 8, 32)
            except GoError:
                raise ValueParseError(f"invalid value for {key}: {val}") from None
        else:
            raise ValueParseError(f"unexpected key '{key}' in '{field}'")
    if not mtype:
        raise ValueParseError("type is required")
    if not target:
        raise ValueParseError("target is required")
    for group in ("volume", "image", "bind", "tmpfs"):
        if group in groups and mtype != group:
            raise ValueParseError(f"cannot mix '{group}-*' options with mount type '{mtype}'")
    if recursive == "writable" and not readonly:
        raise ValueParseError("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction")
    if recursive == "readonly":
        if not readonly:
            raise ValueParseError("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction")
        if propagation != "rprivate":
            raise ValueParseError(
                "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction"
            )
    return MountSpec(type=mtype, target=target, source=source, read_only=readonly)


def _is_file_path(source: str) -> bool:
    if source in (".", ".."):
        return True
    if source[0] in "./~":
        return True
    if source.startswith("\\\\"):
        return True
    return len(source) > 1 and source[0].isalpha() and source[1] == ":"


def parse_volume_flag(spec: str, cwd: Path | None = None) -> MountSpec:
    """``-v [SOURCE:]TARGET[:OPTIONS]`` → :class:`MountSpec` (compose loader ``ParseVolume``).

    A source starting with ``.``, ``/`` or ``~`` is a bind mount (relative ones resolved against
    ``cwd`` as the client does); any other source is a named volume; no source is anonymous.
    """
    if spec == "":
        raise ValueParseError("invalid empty volume spec")
    if len(spec) <= 2:
        return MountSpec(type="volume", target=spec)
    parts = spec.split(":")
    source = target = ""
    readonly = False
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "":
            raise ValueParseError(f"invalid spec: {spec}: empty section between colons")
        if not source and last and not target:
            target = part
        elif not source:
            source = part
        elif not target:
            target = part
        elif not last:
            raise ValueParseError(f"invalid spec: {spec}: too many colons")
        else:
            for option in part.split(","):
                if option == "ro":
                    readonly = True
                elif option == "rw":
                    readonly = False
    if not source:
        return MountSpec(type="volume", target=target, read_only=readonly)
    if _is_file_path(source):
        if cwd is not None and source.startswith("."):
            source = _abspath(cwd, source)
        return MountSpec(type="bind", target=target, source=source, read_only=readonly)
    return MountSpec(type="volume", target=target, source=source, read_only=readonly)


def _abspath(cwd: Path, rel: str) -> str:
    """``filepath.Abs`` without touching the file system (lexical clean)."""
    parts: list[str] = []
    for piece in (str(cwd) + "/" + rel).split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
            continue
        parts.append(piece)
    return "/" + "/".join(parts)


# --------------------------------------------------------------------------- ports


def _port_range(text: str) -> tuple[int, int]:
    if text == "":
        raise ValueError("empty string specified for ports")
    if "-" not in text:
        value = parse_uint(text, 10, 16)
        return value, value
    parts = text.split("-")
    start = parse_uint(parts[0], 10, 16)
    end = parse_uint(parts[1], 10, 16)
    if end < start:
        raise ValueError(f"invalid range specified for port: {text}")
    return start, end


def parse_port_range(text: str) -> tuple[int, int]:
    """nat ``ParsePortRange``: ``80`` or ``8000-8010`` → (start, end); ValueError when invalid."""
    try:
        return _port_range(text)
    except (GoError, IndexError) as exc:
        raise ValueParseError(str(exc)) from None


def convert_publish_long_syntax(value: str) -> str:
    """``--publish target=80,published=8080,protocol=udp`` → ``8080:80/udp`` (others unchanged)."""
    if "=" not in value:
        return value
    params = {"protocol": "tcp"}
    for param in value.split(","):
        key, sep, val = param.partition("=")
        if not sep or not key:
            raise ValueParseError(f"invalid publish opts format (should be name=value but got '{param}')")
        params[key] = val
    return f"{params.get('published', '')}:{params.get('target', '')}/{params['protocol']}"


def _split_host_port_error(hostport: str) -> str:
    """Why Go's ``net.SplitHostPort`` rejects a bracketed ``hostport`` ("" when it accepts it)."""
    i = hostport.rfind(":")
    end = hostport.find("]")
    if end < 0:
        return "missing ']' in address"
    if end + 1 == len(hostport):
        return "missing port in address"
    if end + 1 != i:
        return "too many colons in address" if hostport[end + 1] == ":" else "missing port in address"
    if "[" in hostport[1:]:
        return "unexpected '[' in address"
    if "]" in hostport[end + 1 :]:
        return "unexpected ']' in address"
    return ""


def parse_port_spec(raw: str) -> list[PortBinding]:
    """nat ``ParsePortSpec``: ``[IP:][HOSTPORT:]CONTAINERPORT[/PROTO]`` → one binding per port."""
    parts = raw.split(":")
    n = len(parts)
    container = parts[-1]
    if n == 1:
        ip, host = "", ""
    elif n == 2:
        ip, host = "", parts[0]
    elif n == 3:
        ip, host = parts[0], parts[1]
    else:
        ip, host = ":".join(parts[:-2]), parts[-2]
    pparts = container.split("/")
    if not container or not pparts[0]:
        proto, container = "", ""
    elif len(pparts) == 1:
        proto = "tcp"
    elif not pparts[1]:
        proto, container = "tcp", pparts[0]
    else:
        proto, container = pparts[1], pparts[0]
    if ip.startswith("["):
        why = _split_host_port_error(ip + ":")
        if why:
            raise ValueParseError(f"invalid IP address {ip}: address {ip}:: {why}")
        ip = ip[1 : ip.index("]")]
    if ip and not valid_ip(ip):
        raise ValueParseError("invalid IP address: " + ip)
    if container == "":
        raise ValueParseError(f"no port specified: {raw}<empty>")
    try:
        start, end = _port_range(container)
    except (GoError, ValueError, IndexError):
        raise ValueParseError("invalid containerPort: " + container) from None
    hstart = hend = 0
    if host:
        try:
            hstart, hend = _port_range(host)
        except (GoError, ValueError, IndexError):
            raise ValueParseError("invalid hostPort: " + host) from None
    if host and (end - start) != (hend - hstart) and end != start:
        raise ValueParseError(f"invalid ranges specified for container and host Ports: {container} and {host}")
    proto = proto.lower()
    if proto not in ("tcp", "udp", "sctp"):
        raise ValueParseError("invalid proto: " + proto)
    out = []
    for i in range(end - start + 1):
        host_port = str(hstart + i) if host else ""
        if start == end and hstart != hend:
            host_port = f"{host_port}-{hend}"
        out.append(PortBinding(container_port=start + i, protocol=proto, host_ip=ip, host_port=host_port))
    return out


def parse_expose(value: str) -> list[tuple[int, str]]:
    """``--expose 80[-90][/proto]`` → [(port, proto)]."""
    port, _, proto = value.partition("/")
    try:
        start, end = _port_range(port)
    except (GoError, ValueError, IndexError) as exc:
        raise ValueParseError(f"invalid range format for --expose: {value}, error: {exc}") from None
    return [(p, proto or "tcp") for p in range(start, end + 1)]


# --------------------------------------------------------------------------- restart policy, env files


def parse_restart_policy(policy: str) -> RestartPolicy:
    """``opts.ParseRestartPolicy`` (client side: only the shape is checked, not the name)."""
    if policy == "":
        return RestartPolicy()
    name, sep, count = policy.partition(":")
    if sep and not name:
        raise ValueParseError("invalid restart policy format: no policy provided before colon")
    retries = 0
    if count:
        try:
            retries = parse_int(count, 10)
        except GoError:
            raise ValueParseError("invalid restart policy format: maximum retry count must be an integer") from None
    return RestartPolicy(name=name, maximum_retry_count=retries)


def validate_restart_policy(policy: RestartPolicy) -> None:
    """The daemon's check (``hostconfig.go``); raises ValueError with dockerd's message."""
    if policy.name in ("", "no", "always", "unless-stopped"):
        if policy.maximum_retry_count:
            raise ValueParseError("invalid restart policy: maximum retry count can only be used with 'on-failure'")
        return
    if policy.name == "on-failure":
        if policy.maximum_retry_count < 0:
            raise ValueParseError("invalid restart policy: maximum retry count cannot be negative")
        return
    raise ValueParseError(
        f"invalid restart policy: unknown policy '{policy.name}'; use one of 'no', 'always', "
        "'on-failure', or 'unless-stopped'"
    )


def parse_env_file_lines(text: str, lookup: Callable[[str], str | None] | None = None, filename: str = "") -> list[str]:
    """``opts.ParseEnvFile`` on file content: ``KEY=value`` lines; ``#`` comments; bare ``KEY`` looked up."""
    lines: list[str] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    for raw in text.splitlines():
        line = raw.lstrip()
        if not line or line.startswith("#"):
            continue
        variable, eq, value = line.partition("=")
        variable = variable.lstrip(" \t")
        if " " in variable or "\t" in variable:
            raise ValueParseError(f"poorly formatted environment: variable '{variable}' contains whitespaces")
        if not variable:
            raise ValueParseError(f"poorly formatted environment: no variable name on line '{line}'")
        if eq:
            lines.append(f"{variable}={value}")
        elif lookup is not None:
            found = lookup(variable.strip())
            if found is not None:
                lines.append(f"{variable.strip()}={found}")
    return lines


#: The name other packages may look for.
parse_env_file = parse_env_file_lines


def read_env_file(name: str, cwd: Path, environ: Mapping[str, str]) -> list[str]:
    """Read an ``--env-file`` relative to ``cwd``; errors worded as Go's ``os.Open``."""
    path = Path(name) if name.startswith("/") else cwd / name
    if not name:
        raise ValueParseError("open : no such file or directory")
    from dockersim.hostfile import read_bytes

    try:
        data = read_bytes(path)  # a FIFO never waits for a writer, /dev/zero ends in "file too large"
    except FileNotFoundError:
        raise ValueParseError(f"open {name}: no such file or directory") from None
    except IsADirectoryError:
        raise ValueParseError(f"invalid env file ({name}): read {name}: is a directory") from None
    except OSError as exc:
        raise ValueParseError(f"open {name}: {(exc.strerror or 'error').lower()}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueParseError(f"env file {name} contains invalid utf8 bytes") from None
    try:
        return parse_env_file_lines(text, environ.get, name)
    except ValueParseError as exc:  # docker 28's kvfile names the file instead of "poorly formatted environment"
        reason = str(exc).removeprefix("poorly formatted environment: ")
        raise ValueParseError(f"invalid env file ({name}): {reason}") from None


# --------------------------------------------------------------------------- image references


def parse_reference(text: str) -> ImageRef:
    """distribution/reference ``ParseNormalizedNamed`` with the client's exact error texts."""
    try:
        return parse_client_reference(text)
    except InvalidReferenceError as exc:
        raise ValueParseError(exc.message) from None


def normalize_image(text: str) -> str:
    """``nginx`` → ``docker.io/library/nginx:latest``."""
    return parse_reference(text).canonical


def familiar_image(text: str) -> str:
    """``nginx`` → ``nginx:latest``; ``docker.io/library/nginx:1`` → ``nginx:1``."""
    return parse_reference(text).familiar


# --------------------------------------------------------------------------- timestamps (--since, --until)

_DATE_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?)?(Z|z|[+-]\d{2}:\d{2})?"
)


def get_timestamp(value: str, now: float) -> float:
    """docker's ``timetypes.GetTimestamp``: a Go duration before ``now``, an RFC 3339 date or time, or Unix
    seconds; returns seconds since the epoch, or raises :class:`ValueParseError` with the client's words."""
    import calendar

    try:
        if value != "0":
            return now - parse_duration(value)
    except GoError:
        pass
    quoted = go_quote(value)
    if any(c in value for c in "-T.") and "-" in value:
        m = _DATE_TIME_RE.match(value)
        if m is None:
            raise ValueParseError(f'parsing time {quoted} as "2006-01-02": cannot parse {quoted} as "2006"')
        if m.end() != len(value):
            raise ValueParseError(f"parsing time {quoted}: extra text: {go_quote(value[m.end():])}")
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        hour, minute, second = (int(m.group(i) or 0) for i in (4, 5, 6))
        if not 1 <= month <= 12:
            raise ValueParseError(f"parsing time {quoted}: month out of range")
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueParseError(f"parsing time {quoted}: day out of range")
        if hour > 23:
            raise ValueParseError(f"parsing time {quoted}: hour out of range")
        if minute > 59:
            raise ValueParseError(f"parsing time {quoted}: minute out of range")
        if second > 59:
            raise ValueParseError(f"parsing time {quoted}: second out of range")
        stamp = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)) + float(m.group(7) or 0)
        zone = m.group(8) or ""
        if zone and zone not in "Zz":
            sign = 1 if zone[0] == "+" else -1
            stamp -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
        return stamp
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    raise ValueParseError(f"failed to parse value as time or duration: {quoted}")
