"""Value parsers shared with engine/compose/build: ports, mounts, -v, restart, env files, references, sizes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dockersim.cli import values as vals
from dockersim.cli.gotext import GoError, format_duration, go_quote, parse_duration, parse_int
from dockersim.runspec import MountSpec, PortBinding, RestartPolicy


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("80", [PortBinding(80)]),
        ("8080:80", [PortBinding(80, host_port="8080")]),
        ("127.0.0.1:8080:80/udp", [PortBinding(80, "udp", "127.0.0.1", "8080")]),
        ("[::1]:8080:80", [PortBinding(80, host_ip="::1", host_port="8080")]),
        ("::80", [PortBinding(80)]),
        ("8000-8001:80-81", [PortBinding(80, host_port="8000"), PortBinding(81, host_port="8001")]),
        ("8000-8002:80", [PortBinding(80, host_port="8000-8002")]),
        ("0:80", [PortBinding(80, host_port="0")]),
        ("80/SCTP", [PortBinding(80, "sctp")]),
    ],
)
def test_parse_port_spec(raw: str, expected: list[PortBinding]) -> None:
    """nat.ParsePortSpec grammar: [IP:][HOST:]CONTAINER[/PROTO], ranges, IPv6 brackets."""
    assert vals.parse_port_spec(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "invalid containerPort: abc"),
        ("99999:80", "invalid hostPort: 99999"),
        ("8080-8070:80", "invalid hostPort: 8080-8070"),
        ("80:", "no port specified: 80:<empty>"),
        ("", "no port specified: <empty>"),
        ("8080:80/xyz", "invalid proto: xyz"),
        ("8080:80:90", "invalid IP address: 8080"),
        ("8000-8002:80-81", "invalid ranges specified for container and host Ports: 80-81 and 8000-8002"),
    ],
)
def test_parse_port_spec_errors(raw: str, message: str) -> None:
    """Invalid port specs raise docker's exact message."""
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        vals.parse_port_spec(raw)


def test_publish_long_syntax() -> None:
    """--publish target=80,published=8080 converts to the short form; a bad field is docker's error."""
    assert vals.convert_publish_long_syntax("target=80,published=8080") == "8080:80/tcp"
    with pytest.raises(ValueError, match="should be name=value but got '=8080:80'"):
        vals.convert_publish_long_syntax("=8080:80")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("mydata:/data", MountSpec("volume", "/data", "mydata")),
        ("/host:/ctr:ro", MountSpec("bind", "/ctr", "/host", True)),
        ("./src:/app", MountSpec("bind", "/app", "/work/proj/src")),
        ("../x:/app", MountSpec("bind", "/app", "/work/x")),
        ("/data", MountSpec("volume", "/data")),
    ],
)
def test_parse_volume_flag(spec: str, expected: MountSpec) -> None:
    """-v: named volume vs bind (., /, ~ prefixes), relative binds made absolute, anonymous volumes."""
    assert vals.parse_volume_flag(spec, Path("/work/proj")) == expected


def test_parse_volume_flag_errors() -> None:
    """Empty spec and malformed colons are rejected with docker's texts."""
    with pytest.raises(ValueError, match="invalid empty volume spec"):
        vals.parse_volume_flag("")
    with pytest.raises(ValueError, match="empty section between colons"):
        vals.parse_volume_flag("a::b")


def test_parse_mount() -> None:
    """--mount fields: type/source/target aliases, readonly, errors."""
    assert vals.parse_mount("type=bind,src=/a,dst=/b,readonly") == MountSpec("bind", "/b", "/a", True)
    assert vals.parse_mount("target=/data") == MountSpec("volume", "/data")
    with pytest.raises(ValueError, match="invalid field 'foo' must be a key=value pair"):
        vals.parse_mount("foo")
    with pytest.raises(ValueError, match="target is required"):
        vals.parse_mount("type=bind")


def test_restart_policy() -> None:
    """--restart parsing (client) and validation (daemon)."""
    assert vals.parse_restart_policy("on-failure:3") == RestartPolicy("on-failure", 3)
    assert vals.parse_restart_policy("always") == RestartPolicy("always")
    with pytest.raises(ValueError, match="maximum retry count must be an integer"):
        vals.parse_restart_policy("on-failure:abc")
    with pytest.raises(ValueError, match="no policy provided before colon"):
        vals.parse_restart_policy(":3")
    with pytest.raises(ValueError, match="unknown policy 'bogus'"):
        vals.validate_restart_policy(RestartPolicy("bogus"))
    with pytest.raises(ValueError, match="can only be used with 'on-failure'"):
        vals.validate_restart_policy(RestartPolicy("always", 2))


def test_env_file_lines() -> None:
    """Env files: comments, blank lines, pass-through names, whitespace errors."""
    text = "# c\n\nA=1\n  B= 2\nC\nD\n"
    assert vals.parse_env_file_lines(text, {"C": "3"}.get) == ["A=1", "B= 2", "C=3"]
    with pytest.raises(ValueError, match="variable 'A B' contains whitespaces"):
        vals.parse_env_file_lines("A B=1\n")
    with pytest.raises(ValueError, match="no variable name on line '=x'"):
        vals.parse_env_file_lines("=x\n")


def test_read_env_file_missing(tmp_path: Path) -> None:
    """A missing env file gives Go's open error naming the file as written."""
    with pytest.raises(ValueError, match=r"^open missing\.env: no such file or directory$"):
        vals.read_env_file("missing.env", tmp_path, {})
    (tmp_path / "ok.env").write_text("X=1\n")
    assert vals.read_env_file("ok.env", tmp_path, {}) == ["X=1"]


@pytest.mark.parametrize(
    ("ref", "canonical", "familiar"),
    [
        ("nginx", "docker.io/library/nginx:latest", "nginx:latest"),
        ("nginx:1.27", "docker.io/library/nginx:1.27", "nginx:1.27"),
        ("user/app", "docker.io/user/app:latest", "user/app:latest"),
        ("index.docker.io/library/nginx", "docker.io/library/nginx:latest", "nginx:latest"),
        ("ghcr.io/owner/image:tag", "ghcr.io/owner/image:tag", "ghcr.io/owner/image:tag"),
        ("localhost:5000/app", "localhost:5000/app:latest", "localhost:5000/app:latest"),
        ("MyRepo/app", "MyRepo/app:latest", "MyRepo/app:latest"),
        ("nginx@sha256:" + "a" * 64, "docker.io/library/nginx@sha256:" + "a" * 64, "nginx@sha256:" + "a" * 64),
    ],
)
def test_reference_normalisation(ref: str, canonical: str, familiar: str) -> None:
    """distribution/reference normalisation: docker.io, library/, :latest."""
    assert vals.normalize_image(ref) == canonical
    assert vals.familiar_image(ref) == familiar


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("NGINX", "invalid reference format: repository name (library/NGINX) must be lowercase"),
        ("nginx:", "invalid reference format"),
        ("nginx:a:b", "invalid reference format"),
        ("nginx@sha256:abc", "invalid reference format"),
        ("http://nginx", "invalid reference format"),
        ("a..b", "invalid reference format"),
        ("", "invalid reference format"),
        ("a" * 64, f"invalid repository name ({'a' * 64}), cannot specify 64-byte hexadecimal strings"),
        ("nginx:" + "t" * 129, "invalid reference format"),
    ],
)
def test_reference_errors(ref: str, message: str) -> None:
    """Invalid references give distribution/reference's texts."""
    with pytest.raises(ValueError) as info:
        vals.parse_reference(ref)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("512", 512),
        ("512b", 512),
        ("1k", 1024),
        ("1KB", 1024),
        ("1kib", 1024),
        ("1.5g", 1610612736),
        ("2 m", 2 * 1024**2),
    ],
)
def test_ram_in_bytes(text: str, size: int) -> None:
    """go-units RAMInBytes: binary units with optional b/ib suffix."""
    assert vals.ram_in_bytes(text) == size


def test_cpus_and_go_numbers() -> None:
    """Decimal CPUs, strconv integers and Go quoting."""
    assert vals.parse_cpus("0.000000001") == 1e-9
    with pytest.raises(ValueError, match="too precise"):
        vals.parse_cpus("0.0000000001")
    assert parse_int("0b101") == 5
    assert parse_int("-0o17") == -15
    with pytest.raises(GoError, match="value out of range"):
        parse_int("9223372036854775808")
    assert go_quote('a"b\n\x00é') == '"a\\"b\\n\\x00é"'


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0", 0.0),
        ("1s", 1.0),
        ("1m30s", 90.0),
        ("1.5h", 5400.0),
        ("300ms", 0.3),
        ("-2s", -2.0),
        (".5s", 0.5),
        ("1h1m1s", 3661.0),
        ("10us", 1e-5),
        ("10µs", 1e-5),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    """Go time.ParseDuration."""
    assert parse_duration(text) == pytest.approx(seconds)


def test_duration_errors_and_format() -> None:
    """ParseDuration errors and Duration.String()."""
    for text, msg in (
        ("5", 'missing unit in duration "5"'),
        ("5x", 'unknown unit "x" in duration "5x"'),
        ("", 'invalid duration ""'),
        ("s", 'invalid duration "s"'),
        (".s", 'invalid duration ".s"'),
    ):
        with pytest.raises(GoError, match=msg):
            parse_duration(text)
    assert format_duration(90) == "1m30s"
    assert format_duration(0) == "0s"
    assert format_duration(0.5) == "500ms"
    assert format_duration(3600) == "1h0m0s"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10m", 1000.0 - 600),
        ("-5m", 1300.0),
        ("1700000000", 1700000000.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("2024-01-01", 1704067200.0),
        ("2024-01-01T10:00:00+02:00", 1704067200.0 + 8 * 3600),
        ("x", 'failed to parse value as time or duration: "x"'),
        ("1e3", 'failed to parse value as time or duration: "1e3"'),
        ("2024-13-01", 'parsing time "2024-13-01": month out of range'),
        ("2024-02-30", 'parsing time "2024-02-30": day out of range'),
        ("2024-01-01 10:00", 'parsing time "2024-01-01 10:00": extra text: " 10:00"'),
    ],
)
def test_get_timestamp_is_dockers(value: str, expected: float | str) -> None:
    """--since/--until: Go durations before now, RFC 3339 dates and times, Unix seconds (verified with 28.2.2)."""
    from dockersim.cli.values import get_timestamp

    if isinstance(expected, str):
        with pytest.raises(ValueError, match="^" + re.escape(expected) + "$"):
            get_timestamp(value, 1000.0)
    else:
        assert get_timestamp(value, 1000.0) == expected
