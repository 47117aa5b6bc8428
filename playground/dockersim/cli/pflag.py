"""An spf13/pflag 1.0.6 work-alike: flag syntax, typed values and the exact error texts.

:func:`parse` walks ``args`` as ``FlagSet.parseArgs`` does (grouped shorthands, ``--f=v``, ``-fv``,
``-f=v``, ``--`` terminator, interspersed or not) and stores typed values; errors raise
:class:`FlagError` with pflag's message (the caller adds docker's usage block).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dockersim.cli import values as vals
from dockersim.cli.gotext import (
    GoError,
    go_quote,
    go_quote_byte,
    parse_bool,
    parse_duration,
    parse_float,
    parse_int,
    parse_uint,
)
from dockersim.cli.spec import APPEND_TYPES, FlagSpec

HELP_FLAG = FlagSpec("help", "h", "bool", help="Print usage", hidden=True)


class FlagError(Exception):
    """A pflag parse error; ``message`` is pflag's text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _validate_reference_tag(value: str, env: Mapping[str, str]) -> str:
    vals.parse_reference(value)
    return value


def _validate_memswap(value: str) -> int:
    if value == "-1":
        return -1
    return vals.ram_in_bytes(value)


#: validator name → function(value, environ) returning the stored item (or raising ValueError).
VALIDATORS: dict[str, Callable[[str, Mapping[str, str]], Any]] = {
    "env": lambda v, env: vals.validate_env(v, env),
    "label": lambda v, env: vals.validate_label(v),
    "add-host": lambda v, env: vals.validate_extra_host(v),
    "ip": lambda v, env: vals.validate_ip_address(v),
    "attach": lambda v, env: vals.validate_attach(v),
    "sysctl": lambda v, env: vals.validate_sysctl(v),
    "ulimit": lambda v, env: (vals.parse_ulimit(v), v)[1],
    "mount": lambda v, env: (vals.parse_mount(v), v)[1],
    "gpus": lambda v, env: vals.parse_gpus(v),
    "reference": _validate_reference_tag,
    "memswap": lambda v, env: _validate_memswap(v),
    "device-cgroup-rule": lambda v, env: vals.validate_device_cgroup_rule(v),
    "link": lambda v, env: vals.validate_link(v),
    "dns-search": lambda v, env: vals.validate_dns_search(v),
    "weight-device": lambda v, env: vals.validate_weight_device(v),
    "throttle-bps": lambda v, env: vals.validate_throttle_bps(v),
    "throttle-iops": lambda v, env: vals.validate_throttle_iops(v),
    "network": lambda v, env: (vals.parse_network_opt(v), v)[1],
    "generic-resource": lambda v, env: _generic_resource(v),
}


def convert(flag: FlagSpec, value: str, env: Mapping[str, str]) -> Any:
    """Convert one textual value for ``flag``; raises ValueError with the pflag ``Set`` reason."""
    t = flag.type
    if flag.validator and flag.validator in VALIDATORS and t not in ("map",):
        checked = VALIDATORS[flag.validator](value, env)
        if t in ("bytes",):
            return checked
        value = checked
    if t == "bool":
        return parse_bool(value)
    if t in ("string", "gpu-request"):
        return value
    if t in ("int", "int64"):
        return parse_int(value, 0, 64)
    if t == "uint16":
        return parse_uint(value, 0, 16)
    if t in ("uint", "uint64"):
        return parse_uint(value, 0, 64)
    if t == "uint32":
        return parse_uint(value, 0, 32)
    if t == "float":
        return parse_float(value)
    if t == "stringToString":
        return _string_to_string(value)
    if t == "ipNetSlice":
        return _cidrs(value)
    if t == "port":
        return _service_port(value)
    if t == "external-ca":
        return _external_ca(value)
    if t == "pem-file":
        return _pem_file(value)
    if t == "pref" and "=" not in value:
        raise ValueError('placement preference must be of the format "<strategy>=<arg>"')
    if t == "credential-spec" and not value.startswith(("config://", "file://", "registry://")):
        raise ValueError(
            'invalid credential spec: value must be prefixed with "config://", "file://", or "registry://"'
        )
    if t == "bytes":
        return vals.ram_in_bytes(value)
    if t == "duration":
        return parse_duration(value)
    if t == "decimal":
        return vals.parse_cpus(value)
    if t == "filter":
        return vals.parse_filter(value) if value else None
    if t == "strings":
        return vals.split_csv(value)
    if t == "map":
        if flag.validator:
            VALIDATORS[flag.validator](value, env)
        key, _, val = value.partition("=")
        return (key, val)
    return value


def _string_to_string(value: str) -> dict[str, str]:
    """pflag ``stringToString``: ``k=v,k2=v2`` (CSV) into a mapping."""
    out: dict[str, str] = {}
    for item in vals.split_csv(value) if value else []:
        key, eq, val = item.partition("=")
        if not eq:
            raise ValueError(f"{item} must be formatted as key=value")
        out[key] = val
    return out


def _cidrs(value: str) -> list[str]:
    """pflag ``ipNetSlice``: comma-separated CIDRs."""
    import ipaddress

    out = []
    for item in vals.split_csv(value) if value else []:
        text = item.strip()
        try:
            if "/" not in text:
                raise ValueError(text)
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise ValueError(f"invalid string being converted to CIDR: {text}") from None
        out.append(text)
    return out


def _generic_resource(value: str) -> str:
    """docker/cli's ``ValidateSingleGenericResource``."""
    if value.count("=") < 1:
        raise ValueError(f"invalid generic-resource format `{value}` expected `name=value`")
    return value


def _service_port(value: str) -> str:
    """docker/cli ``opts.PortOpt``: the long ``k=v`` form, or the short form ``nat.ParsePortSpec`` reads."""
    if "=" in value:
        for item in vals.split_csv(value):
            key, eq, _ = item.partition("=")
            if not eq:
                raise ValueError(f"invalid field {item}")
            if key.lower() not in ("protocol", "target", "published", "mode", "name"):
                raise ValueError(f"invalid field key {key}")
        return value
    vals.parse_port_spec(value)
    return value


def _external_ca(value: str) -> str:
    """docker/cli ``ExternalCAOption``: CSV ``key=value`` fields."""
    for item in vals.split_csv(value):
        if "=" not in item:
            raise ValueError(f"invalid field '{item}' must be a key=value pair")
    return value


def _pem_file(value: str) -> str:
    """docker/cli ``PEMFile``: the client reads the file while parsing."""
    from pathlib import Path

    if not Path(value).is_file():
        raise ValueError(f"open {value}: no such file or directory")
    return value


@dataclass
class FlagSet:
    """The flags one command accepts, indexed by long name and shorthand."""

    flags: list[FlagSpec]
    by_long: dict[str, FlagSpec] = field(default_factory=dict)
    by_short: dict[str, FlagSpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for f in self.flags:
            self.by_long.setdefault(f.long, f)
            if f.short and f.short not in self.by_short:
                self.by_short[f.short] = f

    @classmethod
    def build(cls, flags: Iterable[FlagSpec], with_help: bool = True) -> FlagSet:
        """A flag set of ``flags`` plus cobra's ``--help`` (``-h`` unless taken)."""
        items = list(flags)
        if with_help and not any(f.long == "help" for f in items):
            shorts = {f.short for f in items}
            items.append(HELP_FLAG if "h" not in shorts else FlagSpec("help", "", "bool", hidden=True))
        return cls(items)


@dataclass
class ParseResult:
    """Values (by ``Options`` key), which keys were set, positionals and notices pflag printed."""

    values: dict[str, Any]
    changed: set[str]
    args: list[str]
    notices: list[str]
    dash_at: int = -1


def flag_display(flag: FlagSpec) -> str:
    """``-m, --memory`` or ``--cpus`` as pflag names a flag in errors."""
    if flag.short and flag.long != "help":
        return f"-{flag.short}, --{flag.long}"
    return f"--{flag.long}"


def new_values(fs: FlagSet) -> dict[str, Any]:
    """Every key of ``fs`` at its zero value."""
    out: dict[str, Any] = {}
    for f in fs.flags:
        out.setdefault(f.key, f.zero())
    return out


def _set(fs: FlagSet, res: ParseResult, flag: FlagSpec, value: str, env: Mapping[str, str]) -> None:
    try:
        converted = convert(flag, value, env)
    except (GoError, ValueError) as exc:
        raise FlagError(f"invalid argument {go_quote(value)} for {go_quote(flag_display(flag))} flag: {exc}") from None
    key = flag.key
    if flag.type in APPEND_TYPES:
        if key not in res.changed:
            res.values[key] = []
        res.values[key].append(converted)
    elif flag.type == "filter":
        if key not in res.changed:
            res.values[key] = []
        if converted is not None:
            res.values[key].append(converted)
    elif flag.type in ("strings", "ipNetSlice"):
        if key not in res.changed:
            res.values[key] = []
        res.values[key].extend(converted)
    elif flag.type == "map":
        if key not in res.changed:
            res.values[key] = {}
        res.values[key][converted[0]] = converted[1]
    elif flag.type == "stringToString":
        if key not in res.changed:
            res.values[key] = {}
        res.values[key].update(converted)
    else:
        res.values[key] = converted
    res.changed.add(key)
    if flag.key != flag.long:
        res.changed.add(flag.long)
    if flag.deprecated:
        res.notices.append(f"Flag --{flag.long} has been deprecated, {flag.deprecated}")


def parse(
    fs: FlagSet,
    args: list[str],
    *,
    interspersed: bool = True,
    env: Mapping[str, str] | None = None,
    result: ParseResult | None = None,
) -> ParseResult:
    """pflag ``FlagSet.Parse``; raises :class:`FlagError` on the first bad flag."""
    environ = env or {}
    res = result or ParseResult(new_values(fs), set(), [], [])
    i, n = 0, len(args)
    while i < n:
        s = args[i]
        i += 1
        if len(s) < 2 or s[0] != "-":
            if not interspersed:
                res.args.append(s)
                res.args.extend(args[i:])
                return res
            res.args.append(s)
            continue
        if s[1] == "-":
            if len(s) == 2:
                res.dash_at = len(res.args)
                res.args.extend(args[i:])
                return res
            i = _parse_long(fs, res, s, args, i, environ)
        else:
            i = _parse_short(fs, res, s, args, i, environ)
    return res


def _parse_long(fs: FlagSet, res: ParseResult, s: str, args: list[str], i: int, env: Mapping[str, str]) -> int:
    name = s[2:]
    if not name or name[0] in "-=":
        raise FlagError(f"bad flag syntax: {s}")
    name, eq, value = name.partition("=")
    flag = fs.by_long.get(name)
    if flag is None:
        raise FlagError(f"unknown flag: --{name}")
    if eq:
        pass
    elif not flag.takes_value:
        value = "true"
    elif i < len(args):
        value = args[i]
        i += 1
    else:
        raise FlagError(f"flag needs an argument: {s}")
    _set(fs, res, flag, value, env)
    return i


def _first_byte(text: str) -> int:
    return text[0].encode("utf-8", "surrogatepass")[0]


def _parse_short(fs: FlagSet, res: ParseResult, s: str, args: list[str], i: int, env: Mapping[str, str]) -> int:
    """pflag ``parseShortArg``: walk the group by index (no re-slicing, so huge groups stay linear)."""
    pos, end = 1, len(s)
    while pos < end:
        c = s[pos]
        flag = fs.by_short.get(c)
        if flag is None:
            raise FlagError(f"unknown shorthand flag: {go_quote_byte(_first_byte(c))} in -{s[pos:]}")
        nxt = pos + 1
        if end - pos > 2 and s[pos + 1] == "=":
            value, nxt = s[pos + 2 :], end
        elif not flag.takes_value:
            value = "true"
        elif end - pos > 1:
            value, nxt = s[pos + 1 :], end
        elif i < len(args):
            value = args[i]
            i += 1
        else:
            raise FlagError(f"flag needs an argument: {go_quote_byte(_first_byte(c))} in -{s[pos:]}")
        if flag.long == "help":
            res.notices.append("Flag shorthand -h has been deprecated, use --help")
        _set(fs, res, flag, value, env)
        pos = nxt
    return i
