"""The compose loader: file lookup, project name, interpolation, validation errors and normalization."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.compose.interpolate import InterpolationError, parse_dotenv
from dockersim.compose.loader import (
    ComposeError,
    LoadOptions,
    format_duration,
    load_project,
    normalize_project_name,
    parse_bytes,
    parse_duration,
)
from dockersim.compose.yaml import YAMLError
from dockersim.context import SimulatorError

ENV = {"HOME": "/root"}


def write(directory: Path, body: str, name: str = "compose.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(body, encoding="utf-8")
    return path


def test_no_file_error(tmp_path: Path) -> None:
    """Without a compose file compose says exactly this."""
    with pytest.raises(ComposeError) as info:
        load_project(tmp_path / "empty" if (tmp_path / "empty").mkdir() is None else tmp_path, ENV)
    assert info.value.message == "no configuration file provided: not found"


def test_file_precedence(tmp_path: Path) -> None:
    """compose.yaml wins over compose.yml, docker-compose.yaml and docker-compose.yml."""
    for index, name in enumerate(
        reversed(("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"))
    ):
        write(tmp_path, f"services:\n  s{index}:\n    image: nginx\n", name)
    assert list(load_project(tmp_path, ENV).services) == ["s3"]


def test_parent_directory_lookup(tmp_path: Path) -> None:
    """A compose file in a parent directory is found (and names the project)."""
    write(tmp_path / "proj", "services:\n  web:\n    image: nginx\n")
    (tmp_path / "proj" / "sub").mkdir()
    project = load_project(tmp_path / "proj" / "sub", ENV)
    assert project.name == "proj"


def test_dash_f_overrides_and_merges(tmp_path: Path) -> None:
    """-f files are read in order, later ones merged over earlier ones."""
    write(tmp_path, "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n", "a.yml")
    write(tmp_path, "services:\n  web:\n    image: httpd\n", "b.yml")
    project = load_project(tmp_path, ENV, LoadOptions(files=["a.yml", "b.yml"]))
    assert project.services["web"].image == "httpd"
    assert project.services["web"].ports[0].published == "80"


@pytest.mark.parametrize(
    ("directory", "expected"),
    [("My App", "myapp"), ("my-ecommerce", "my-ecommerce"), ("_x.Y_z", "xy_z"), ("Hello_World-2", "hello_world-2")],
)
def test_project_name_normalization(directory: str, expected: str) -> None:
    """The directory name becomes a project name as compose normalizes it."""
    assert normalize_project_name(directory) == expected


def test_project_name_sources(tmp_path: Path) -> None:
    """-p beats COMPOSE_PROJECT_NAME beats top-level name: beats the directory."""
    write(tmp_path / "dir", "name: fromfile\nservices:\n  web:\n    image: nginx\n")
    assert load_project(tmp_path / "dir", ENV).name == "fromfile"
    assert load_project(tmp_path / "dir", {**ENV, "COMPOSE_PROJECT_NAME": "fromenv"}).name == "fromenv"
    assert load_project(tmp_path / "dir", ENV, LoadOptions(project_name="flag")).name == "flag"
    with pytest.raises(ComposeError, match='invalid project name "Bad Name"'):
        load_project(tmp_path / "dir", ENV, LoadOptions(project_name="Bad Name"))


def test_version_warning_text(tmp_path: Path) -> None:
    """The obsolete version: key warns with compose v2's exact sentence."""
    path = write(tmp_path, "version: '3.8'\nservices:\n  web:\n    image: nginx\n", "docker-compose.yml")
    project = load_project(tmp_path, ENV)
    assert project.warnings == [
        f"{path}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential "
        "confusion"
    ]


@pytest.mark.parametrize(
    ("value", "env", "expected"),
    [
        ("${A}", {"A": "x"}, "x"),
        ("$A-$B", {"A": "1", "B": "2"}, "1-2"),
        ("${A:-def}", {}, "def"),
        ("${A:-def}", {"A": ""}, "def"),
        ("${A-def}", {"A": ""}, ""),
        ("${A:+alt}", {"A": "x"}, "alt"),
        ("${A:+alt}", {}, ""),
        ("$$HOME", {}, "$HOME"),
        ("cost 5$", {}, "cost 5$"),
        ("${A:-${B:-deep}}", {}, "deep"),
        ("${MISSING}", {}, ""),
    ],
)
def test_interpolation(tmp_path: Path, value: str, env: dict[str, str], expected: str) -> None:
    """Variable substitution follows compose-go's template rules."""
    write(tmp_path, f"services:\n  web:\n    image: nginx\n    labels:\n      v: '{value}'\n")
    project = load_project(tmp_path, {**ENV, **env})
    assert project.services["web"].labels["v"] == expected


def test_unset_variable_warns_once(tmp_path: Path) -> None:
    """An unset variable defaults to blank with compose's warning, once per variable."""
    write(tmp_path, "services:\n  web:\n    image: nginx\n    environment:\n      - A=${NOPE}\n      - B=${NOPE}\n")
    project = load_project(tmp_path, ENV)
    assert project.warnings == ['The "NOPE" variable is not set. Defaulting to a blank string.']


def test_required_variable_error(tmp_path: Path) -> None:
    """${VAR:?message} fails with compose-go's wording."""
    write(tmp_path, "services:\n  web:\n    image: ${IMG:?set IMG first}\n")
    with pytest.raises(InterpolationError) as info:
        load_project(tmp_path, ENV)
    assert info.value.message == (
        "error while interpolating services.web.image: required variable IMG is missing a value: set IMG first"
    )


def test_invalid_interpolation(tmp_path: Path) -> None:
    """An unterminated ${ is compose's 'invalid interpolation format' error."""
    write(tmp_path, "services:\n  web:\n    image: nginx\n    command: echo ${oops\n")
    with pytest.raises(InterpolationError) as info:
        load_project(tmp_path, ENV)
    assert info.value.message.startswith("invalid interpolation format for services.web.command.\n")


def test_dotenv_and_environment_precedence(tmp_path: Path) -> None:
    """.env in the project directory feeds interpolation; the process environment wins over it."""
    write(tmp_path, "services:\n  web:\n    image: nginx:${TAG}\n    environment:\n      K: ${K}\n")
    (tmp_path / ".env").write_text("TAG=1.25\nK=fromfile\n# comment\n", encoding="utf-8")
    project = load_project(tmp_path, {**ENV, "K": "fromenv"})
    assert project.services["web"].image == "nginx:1.25"
    assert project.services["web"].environment == {"K": "fromenv"}


def test_parse_dotenv() -> None:
    """.env syntax: export, quotes, comments, references to earlier keys."""
    text = "export A=1\nB=\"two words\"\nC='raw $A'\nD=${A}x\nE=val # comment\n"
    assert parse_dotenv(text) == {"A": "1", "B": "two words", "C": "raw $A", "D": "1x", "E": "val"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("services:\n  web:\n    imag: nginx\n", "services.web additional properties 'imag' not allowed"),
        ("services:\n  web:\n    image: nginx\n    ports: 80\n", "services.web.ports must be a list"),
        (
            "services:\n  web:\n    image: nginx\n    environment: FOO\n",
            "services.web.environment must be a list or mapping",
        ),
        ("servics:\n  web:\n    image: nginx\n", "additional properties 'servics' not allowed"),
    ],
)
def test_schema_errors(tmp_path: Path, body: str, message: str) -> None:
    """Schema violations are reported as compose's 'validating <file>: …' errors."""
    path = write(tmp_path, body)
    with pytest.raises(ComposeError) as info:
        load_project(tmp_path, ENV)
    assert info.value.message == f"validating {path}: {message}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "services:\n  web:\n    image: nginx\n    depends_on: [db]\n",
            'service "web" depends on undefined service "db": invalid compose project',
        ),
        (
            "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n",
            "dependency cycle detected: a -> b -> a",
        ),
        ("services:\n  web:\n    build: {}\n    image: null\n", None),
        (
            "services:\n  web:\n    restart: always\n",
            'service "web" has neither an image nor a build context specified: invalid compose project',
        ),
        (
            "services:\n  web:\n    image: x\n    volumes: ['data:/d']\n",
            'service "web" refers to undefined volume data: invalid compose project',
        ),
        (
            "services:\n  web:\n    image: x\n    networks: [front]\n",
            'service "web" refers to undefined network front: invalid compose project',
        ),
        ("[1, 2]\n", "Top-level object must be a mapping"),
        ("# nothing\n", "empty compose file"),
    ],
)
def test_project_errors(tmp_path: Path, body: str, message: str | None) -> None:
    """Project-level checks fail with compose's messages."""
    write(tmp_path, body)
    if message is None:
        load_project(tmp_path, ENV)
        return
    with pytest.raises(ComposeError) as info:
        load_project(tmp_path, ENV)
    assert info.value.message == message


def test_yaml_errors_surface(tmp_path: Path) -> None:
    """A YAML syntax error reaches the reader with go-yaml's text."""
    write(tmp_path, "services:\n  web:\n    image: nginx\n      ports: x\n")
    with pytest.raises(YAMLError, match="mapping values are not allowed in this context"):
        load_project(tmp_path, ENV)


def test_service_model(tmp_path: Path) -> None:
    """Short and long syntaxes normalize to the service model."""
    write(
        tmp_path / "app",
        """
services:
  web:
    image: nginx
    command: nginx -g 'daemon off;'
    ports:
      - "8080:80"
      - "127.0.0.1:9000:9000/udp"
      - target: 443
        published: 8443
    volumes:
      - data:/data
      - ./html:/usr/share/nginx/html:ro
      - /anon
      - type: tmpfs
        target: /tmp
    environment:
      A: 1
      B: true
      C:
    depends_on:
      db:
        condition: service_healthy
    deploy:
      replicas: 2
      resources:
        limits: {cpus: '0.5', memory: 512M}
    healthcheck:
      test: curl -f http://localhost
      interval: 90s
  db:
    image: postgres
volumes:
  data:
""",
    )
    project = load_project(tmp_path / "app", {**ENV, "C": "from-env"})
    web = project.services["web"]
    assert web.command == ["nginx", "-g", "daemon off;"]
    assert [(p.host_ip, p.published, p.target, p.protocol) for p in web.ports] == [
        ("", "8080", 80, "tcp"),
        ("127.0.0.1", "9000", 9000, "udp"),
        ("", "8443", 443, "tcp"),
    ]
    assert [(v.type, v.source, v.target, v.read_only) for v in web.volumes] == [
        ("volume", "data", "/data", False),
        ("bind", f"{tmp_path.as_posix()}/app/html", "/usr/share/nginx/html", True),
        ("volume", "", "/anon", False),
        ("tmpfs", "", "/tmp", False),
    ]
    assert web.environment == {"A": "1", "B": "true", "C": "from-env"}
    assert web.depends_on["db"].condition == "service_healthy"
    assert web.replicas == 2 and web.cpus == 0.5 and web.memory == 512 * 1024 * 1024
    assert web.healthcheck == {"test": ["CMD-SHELL", "curl -f http://localhost"], "interval": "1m30s"}
    assert project.volume_name("data") == "app_data"
    assert project.network_name("default") == "app_default"
    assert [s.name for s in project.dependency_order()] == ["db", "web"]


def test_profiles(tmp_path: Path) -> None:
    """Services behind a profile are enabled by --profile, COMPOSE_PROFILES or by naming them."""
    write(tmp_path, "services:\n  web:\n    image: x\n  debug:\n    image: y\n    profiles: [dev]\n")
    assert list(load_project(tmp_path, ENV).services) == ["web"]
    assert "debug" in load_project(tmp_path, ENV, LoadOptions(profiles=["dev"])).services
    assert "debug" in load_project(tmp_path, {**ENV, "COMPOSE_PROFILES": "dev"}).services
    assert "debug" in load_project(tmp_path, ENV, LoadOptions(explicit_services=["debug"])).services


def test_env_file(tmp_path: Path) -> None:
    """env_file values are read relative to the project; environment: overrides them; a missing file fails."""
    write(tmp_path, "services:\n  web:\n    image: x\n    env_file: web.env\n    environment: [B=2]\n")
    (tmp_path / "web.env").write_text("A=1\nB=1\n", encoding="utf-8")
    assert load_project(tmp_path, ENV).services["web"].environment == {"A": "1", "B": "2"}
    (tmp_path / "web.env").unlink()
    with pytest.raises(ComposeError, match=r"web\.env not found"):
        load_project(tmp_path, ENV)


@pytest.mark.parametrize(
    ("text", "seconds", "shown"),
    [("30s", 30, "30s"), ("1m30s", 90, "1m30s"), ("1h", 3600, "1h0m0s"), ("500ms", 0.5, "500ms")],
)
def test_durations(text: str, seconds: float, shown: str) -> None:
    """Go durations parse and print as Go prints them."""
    assert parse_duration(text) == seconds
    assert format_duration(seconds) == shown


@pytest.mark.parametrize(
    ("text", "size"), [("512M", 536870912), ("1g", 1073741824), ("256mb", 268435456), (1024, 1024)]
)
def test_bytes(text: object, size: int) -> None:
    """Memory sizes follow docker's RAMInBytes."""
    assert parse_bytes(text) == size


@pytest.mark.parametrize(
    "body",
    [
        "include:\n  - other.yaml\nservices:\n  web:\n    image: x\n",
        "services:\n  base:\n    image: x\n  web:\n    extends: base\n",
        "services:\n  web:\n    build:\n      dockerfile_inline: FROM alpine\n",
    ],
)
def test_unmodelled_features_say_so(tmp_path: Path, body: str) -> None:
    """include:, extends: and dockerfile_inline are refused plainly rather than silently ignored."""
    write(tmp_path, body)
    with pytest.raises(SimulatorError, match="is not modelled by the simulator"):
        load_project(tmp_path, ENV)
