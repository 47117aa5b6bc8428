"""Volume and network handlers through the CLI."""

from __future__ import annotations

import json

import pytest
from cmd_support import Docker


@pytest.fixture
def docker() -> Docker:
    return Docker(seed=31)


def test_volume_lifecycle(docker: Docker) -> None:
    """create prints the name, ls lists it, inspect shows the mountpoint, rm echoes, prune asks first."""
    assert docker.ok("volume create my-data").stdout == "my-data\n"
    assert docker.ok("volume ls").stdout == "DRIVER    VOLUME NAME\nlocal     my-data\n"
    data = json.loads(docker.ok("volume inspect my-data").stdout)
    assert data[0]["Mountpoint"] == "/var/lib/docker/volumes/my-data/_data"
    assert docker.ok("volume rm my-data").stdout == "my-data\n"
    r = docker("volume rm my-data")
    assert (r.exit_code, r.stderr) == (1, "Error response from daemon: get my-data: no such volume\n")
    anon = docker.ok("volume create").stdout.strip()
    assert len(anon) == 64


def test_volume_in_use_and_prune(docker: Docker) -> None:
    """A mounted volume cannot be removed; prune removes unused anonymous volumes (all with -a)."""
    docker.ok("run -d --name db -e POSTGRES_PASSWORD=x -v pgdata:/var/lib/postgresql/data postgres:15")
    r = docker("volume rm pgdata")
    cid = docker.engine.find_container("db").id
    assert r.stderr == f"Error response from daemon: remove pgdata: volume is in use - [{cid}]\n"
    docker.ok("run -d --name cache redis")
    docker.ok("rm -f cache")
    r = docker.ok("volume prune -f")
    assert r.stdout.startswith("Deleted Volumes:\n")
    assert "pgdata" not in r.stdout
    docker.ok("rm -f db")
    assert "pgdata" in docker.ok("volume prune -a -f").stdout
    r = docker.ok("volume prune")
    assert r.stdout.startswith("WARNING! This will remove anonymous local volumes not used by at least one container.")


def test_rm_v_removes_anonymous_volumes(docker: Docker) -> None:
    """rm -v deletes the container's anonymous volumes but never named ones."""
    docker.ok("run -d --name web-server -v /data -v named:/keep nginx")
    assert len(docker.ok("volume ls -q").stdout.split()) == 2
    docker.ok("rm -f -v web-server")
    assert docker.ok("volume ls -q").stdout == "named\n"


def test_network_lifecycle(docker: Docker) -> None:
    """create prints the ID, ls sorts by name, connect/disconnect print nothing, rm echoes."""
    nid = docker.ok("network create my-network").stdout.strip()
    assert len(nid) == 64
    names = [line.split()[1] for line in docker.ok("network ls").stdout.splitlines()[1:]]
    assert names == ["bridge", "host", "my-network", "none"]
    docker.ok("run -d --name web nginx")
    assert docker.ok("network connect my-network web").stdout == ""
    inspect = json.loads(docker.ok("network inspect my-network").stdout)[0]
    assert [c["Name"] for c in inspect["Containers"].values()] == ["web"]
    r = docker("network rm my-network")
    assert "has active endpoints" in r.stderr
    assert docker.ok("network disconnect my-network web").stdout == ""
    assert docker.ok("network rm my-network").stdout == "my-network\n"
    r = docker("network rm bridge")
    assert r.stderr == "Error response from daemon: bridge is a pre-defined network and cannot be removed\n"
    r = docker("network create bridge")
    assert r.stderr == "Error response from daemon: network with name bridge already exists\n"


def test_network_prune(docker: Docker) -> None:
    """network prune removes unused custom networks and prints no reclaimed-space line."""
    docker.ok("network create a-net")
    docker.ok("network create b-net")
    docker.ok("run -d --network b-net --name xx nginx")
    assert docker.ok("network prune -f").stdout == "Deleted Networks:\na-net\n\n"


def test_subnet_option(docker: Docker) -> None:
    """--subnet/--gateway set the IPAM config containers draw addresses from."""
    docker.ok("network create --subnet 10.10.0.0/24 --gateway 10.10.0.254 lab")
    docker.ok("run -d --name n1 --network lab nginx")
    assert docker.ok("inspect -f '{{.NetworkSettings.Networks.lab.IPAddress}}' n1").stdout == "10.10.0.1\n"
