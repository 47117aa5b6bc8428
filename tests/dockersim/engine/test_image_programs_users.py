"""Issue 16's simulator defects: users an image's build creates, programs an image ships, curl's help."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.session import Session
from dockersim.shell import Shell


@pytest.fixture
def terminal(tmp_path: Path) -> Shell:
    return Shell(Session(seed=5, cwd=tmp_path), tmp_path)


def _build(shell: Shell, tag: str, dockerfile: str) -> None:
    assert shell.run(f"cat > Dockerfile <<'EOF'\n{dockerfile}\nEOF").exit_code == 0
    built = shell.run(f"docker build -q -t {tag} .")
    assert built.exit_code == 0, built.stderr


@pytest.mark.parametrize(
    ("dockerfile", "line", "stdout"),
    [
        ("FROM alpine\nRUN adduser -D -u 1001 appuser\nUSER appuser", "id", "uid=1001(appuser) gid=1001(appuser) "
         "groups=1001(appuser)\n"),
        ("FROM alpine\nRUN adduser -D -u 1001 appuser\nUSER appuser", "id -u", "1001\n"),
        ("FROM alpine\nRUN addgroup -S app && adduser -S -G app app\nUSER app", "whoami", "app\n"),
        ("FROM ubuntu\nRUN useradd -u 1500 -m app\nUSER app", "id", "uid=1500(app) gid=1500(app) groups=1500(app)\n"),
        ("FROM ubuntu\nRUN groupadd -r app && useradd -u 1500 -r -g app app\nUSER app", "id -gn", "app\n"),
    ],
)  # fmt: skip
def test_build_created_users_keep_their_ids(terminal: Shell, dockerfile: str, line: str, stdout: str) -> None:
    """``adduser -u`` / ``useradd -u`` in a RUN step set the ids ``id`` prints for that USER."""
    _build(terminal, "users", dockerfile)
    result = terminal.run(f"docker run --rm users {line}")
    assert (result.stdout, result.exit_code) == (stdout, 0)


def test_id_of_a_named_user(terminal: Shell) -> None:
    """``id node`` prints node's ids on node images; on Alpine there is no such user."""
    assert terminal.run("docker run --rm node:18 id node").stdout == "uid=1000(node) gid=1000(node) groups=1000(node)\n"
    assert terminal.run("docker run --rm node:18 id").stdout == "uid=0(root) gid=0(root) groups=0(root)\n"
    missing = terminal.run("docker run --rm alpine id node")
    assert missing.stderr.endswith("\nid: unknown user node\n") and missing.exit_code == 1


def test_curl_help_as_entrypoint_and_cmd(terminal: Shell) -> None:
    """``ENTRYPOINT ["curl"]`` + ``CMD ["--help"]``: curl prints its help and exits 0, as real curl does."""
    _build(terminal, "my-curl", 'FROM alpine\nRUN apk add --no-cache curl\nENTRYPOINT ["curl"]\nCMD ["--help"]')
    result = terminal.run("docker run my-curl")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: curl [options...] <url>\n")
    assert 'For all options use the manual or "--help all".' in result.stdout


def test_programs_are_those_the_image_ships(terminal: Shell) -> None:
    """nginx (Debian) has curl but no ping; Alpine has BusyBox's ping and wget but no curl."""
    assert terminal.run("docker run -d --name web nginx").exit_code == 0
    execd = terminal.run("docker exec web ping -c 1 web")
    assert execd.exit_code == 127 and 'exec: "ping": executable file not found in $PATH' in execd.stderr
    scripted = terminal.run("docker exec web sh -c 'ping -c 1 web'")
    assert (scripted.stderr, scripted.exit_code) == ("sh: 1: ping: not found\n", 127)
    assert terminal.run("docker exec web curl -s localhost").exit_code == 0
    assert terminal.run("docker run --rm alpine ping -c 1 localhost").exit_code == 0
    assert terminal.run("docker run --rm alpine curl localhost").exit_code == 127
    installed = terminal.run("docker run --rm alpine sh -c 'which wget'")
    assert (installed.stdout, installed.exit_code) == ("/usr/bin/wget\n", 0)


def test_package_managers_install_into_a_running_container(terminal: Shell) -> None:
    """``apk add curl`` makes curl exist; ``apt-get install`` needs ``apt-get update`` first, as in Debian images."""
    assert (
        terminal.run(
            "docker run -d --name box alpine sleep 1000 && docker run -d --name deb debian sleep 1000"
        ).exit_code
        == 0
    )
    assert terminal.run("docker exec box curl --version").exit_code == 127
    added = terminal.run("docker exec box apk add curl")
    assert added.exit_code == 0 and "(1/1) Installing curl" in added.stdout
    assert terminal.run("docker exec box curl --version").stdout.startswith("curl 8.")
    early = terminal.run("docker exec deb apt-get install -y iputils-ping")
    assert (early.exit_code, early.stderr) == (100, "E: Unable to locate package iputils-ping\n")
    assert terminal.run("docker exec deb sh -c 'apt-get update && apt-get install -y iputils-ping'").exit_code == 0
    assert terminal.run("docker exec deb ping -c 1 localhost").exit_code == 0
    assert terminal.run("docker run --rm alpine python --version").exit_code == 127


def test_ping_speaks_as_the_image_s_ping(terminal: Shell) -> None:
    """BusyBox ping on Alpine, iputils ping on Debian once installed; a huge -c is shown in part, never hangs."""
    assert (
        terminal.run(
            "docker run -d --name box alpine sleep 1000 && docker run -d --name deb debian sleep 1000"
        ).exit_code
        == 0
    )
    busybox = terminal.run("docker exec box ping -c 1 localhost")
    assert busybox.stdout.startswith("PING localhost (127.0.0.1): 56 data bytes\n64 bytes from 127.0.0.1: seq=0 ")
    assert terminal.run("docker exec deb sh -c 'apt-get update && apt-get install -y iputils-ping'").exit_code == 0
    iputils = terminal.run("docker exec deb ping -c 2 localhost")
    assert iputils.stdout.startswith(
        "PING localhost (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 "
    )
    assert "2 packets transmitted, 2 received, 0% packet loss, time 1003ms\nrtt min/avg/max/mdev = " in iputils.stdout
    unknown = terminal.run("docker exec deb ping -c 1 nowhere")
    assert (unknown.stderr, unknown.exit_code) == ("ping: nowhere: Name or service not known\n", 2)
    many = terminal.run("docker exec box ping -c 1000000000 localhost")
    assert many.exit_code == 0 and many.stdout.count("64 bytes from") == 100
    assert "showing the first 100" in many.stderr


def test_users_must_exist_in_the_image(terminal: Shell) -> None:
    """A named user the image's passwd lacks fails as docker does; ``useradd`` in the container adds one."""
    failed = terminal.run("docker run -u appuser alpine id")
    assert failed.exit_code == 125
    assert "docker: Error response from daemon: unable to find user appuser: no matching entries in passwd file" in (
        failed.stderr
    )
    assert terminal.run("docker run --rm -u 4321 alpine id -u").stdout == "4321\n"
    assert terminal.run("docker run -d --name box ubuntu sleep 1000").exit_code == 0
    assert terminal.run("docker exec -u bob box id").exit_code == 126
    assert terminal.run("docker exec box useradd -u 1500 -m bob").exit_code == 0
    assert terminal.run("docker exec -u bob box id").stdout == "uid=1500(bob) gid=1500(bob) groups=1500(bob)\n"
    again = terminal.run("docker exec box useradd bob")
    assert (again.stderr, again.exit_code) == ("useradd: user 'bob' already exists\n", 9)
    assert terminal.run("docker exec -u bob box useradd eve").exit_code == 1
