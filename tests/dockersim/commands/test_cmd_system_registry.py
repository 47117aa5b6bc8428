"""system prune/info/version, top-level inspect, login/logout/search."""

from __future__ import annotations

import json

import pytest
from cmd_support import Docker, check_golden


@pytest.fixture
def docker() -> Docker:
    return Docker(seed=41)


def test_version_golden(docker: Docker) -> None:
    """version prints the 28.2.2 client block and a simulated server block."""
    r = docker.ok("version")
    check_golden("version.txt", r.stdout)
    assert docker.ok("version --format '{{.Client.Version}}'").stdout == "28.2.2\n"


def test_info_counts(docker: Docker) -> None:
    """info counts containers by state and images."""
    docker.ok("run -d nginx")
    docker.ok("run alpine true")
    out = docker.ok("info").stdout
    assert " Containers: 2\n  Running: 1\n  Paused: 0\n  Stopped: 1\n Images: 2\n" in out
    assert docker.ok("info --format '{{.ContainersRunning}}'").stdout == "1\n"


def test_system_prune_prompts_and_sections(docker: Docker) -> None:
    """system prune prints docker's exact warning; -f removes stopped containers, networks, dangling images."""
    r = docker.ok("system prune")
    assert r.stdout == (
        "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one "
        "container\n  - all dangling images\n  - unused build cache\n\nAre you sure you want to continue? [y/N] "
    )
    r = docker.ok("system prune -a --volumes")
    assert r.stdout == (
        "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one "
        "container\n  - all anonymous volumes not used by at least one container\n  - all images without at least "
        "one container associated to them\n  - all build cache\n\nAre you sure you want to continue? [y/N] "
    )
    docker.ok("run alpine true")
    docker.ok("network create tmp-net")
    r = docker.ok("system prune -a -f")
    assert "Deleted Containers:\n" in r.stdout
    assert "Deleted Networks:\ntmp-net\n" in r.stdout
    assert "Deleted Images:\nuntagged: alpine:latest\n" in r.stdout
    assert r.stdout.endswith("Total reclaimed space: 7.8MB\n")


def test_top_level_inspect(docker: Docker) -> None:
    """inspect finds containers, images, volumes and networks; misses print [] and No such object."""
    docker.ok("run -d --name web1 nginx")
    docker.ok("volume create v1")
    assert json.loads(docker.ok("inspect web1").stdout)[0]["Name"] == "/web1"
    assert "IPAddress" in docker.ok("inspect web1").stdout
    assert json.loads(docker.ok("inspect nginx").stdout)[0]["RepoTags"] == ["nginx:latest"]
    assert json.loads(docker.ok("inspect v1").stdout)[0]["Driver"] == "local"
    assert json.loads(docker.ok("inspect bridge").stdout)[0]["Driver"] == "bridge"
    r = docker("inspect missing")
    assert (r.stdout, r.stderr, r.exit_code) == ("[]\n", "Error: No such object: missing\n", 1)
    r = docker("inspect -f '{{.Name}}' missing")
    assert (r.stdout, r.exit_code) == ("\n", 1)
    r = docker("inspect --type bogus x")
    assert r.stderr.startswith('unknown type: "bogus": must be one of "config", "container"')
    r = docker("inspect -f '{{.Name' web1")
    assert (r.exit_code, r.stderr) == (64, "template parsing error: template: :1: unclosed action\n")
    assert docker.ok("inspect -f '{{range .Mounts}}{{.Name}}{{end}}' web1").stdout == "\n"


def test_login_logout(docker: Docker) -> None:
    """login stores credentials (warning for -p), logout removes them and always succeeds."""
    r = docker.ok("login -u alice -p pw")
    assert (r.stdout, r.stderr) == (
        "Login Succeeded\n",
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n",
    )
    assert docker.engine.auths["https://index.docker.io/v1/"] == {"username": "alice"}
    assert docker.ok("logout").stdout == "Removing login credentials for https://index.docker.io/v1/\n"
    assert docker.ok("logout").exit_code == 0
    r = docker("login")
    assert r.exit_code == 1 and "cannot be simulated" in r.stderr


def test_search(docker: Docker) -> None:
    """search lists catalogue repositories with docker's columns; --limit and is-official filter."""
    out = docker.ok("search redis").stdout.splitlines()
    assert out[0].split() == ["NAME", "DESCRIPTION", "STARS", "OFFICIAL"]
    assert out[1].startswith("redis ")
    assert out[1].rstrip().endswith("[OK]")
    assert len(docker.ok("search redis --limit 1").stdout.splitlines()) == 2
    official = docker.ok("search redis --filter is-official=true --format '{{.Name}}'").stdout
    assert official == "redis\n"


def test_trust_revoke_asks_only_for_a_whole_repository(docker: Docker) -> None:
    """docker asks before deleting every signature of a repository, never for one tag's."""
    whole = docker("trust revoke example/app")
    assert whole.stdout == "Confirm you would like to delete all signature data for example/app? [y/N] "
    tagged = docker("trust revoke example/app:1")
    assert "Confirm" not in tagged.stdout
    assert tagged.stderr.startswith("could not remove signature for example/app:1: ")


def test_set_plain_uint_flag_prints_no_default_in_help(docker: Docker) -> None:
    """--replicas-max-per-node is pflag's own uint64: once set, help still prints no ``(default )`` for it
    (opts.Uint64Opt's --replicas does: pflag judges it by its current value)."""
    help_text = docker.ok("service create --replicas-max-per-node=7 --replicas=2 --help").stdout
    max_line = next(line for line in help_text.splitlines() if "--replicas-max-per-node" in line)
    assert "(default )" not in max_line
    assert "(default )" in next(line for line in help_text.splitlines() if "--replicas " in line)
