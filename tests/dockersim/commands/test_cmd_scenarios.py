"""The notes' walkthroughs replayed through the handlers, checking engine state after each step."""

from __future__ import annotations

from cmd_support import Docker, check_golden
from dockersim.engine import ImageConfig, ImageRecord, LayerRecord


def _names(docker: Docker, all_: bool = True) -> list[str]:
    return docker.ok("ps -a --format '{{.Names}}'" if all_ else "ps --format '{{.Names}}'").stdout.split()


def test_run_ps_stop_rm() -> None:
    """beginner.md: run -d, ps shows it Up, stop makes it Exited (0), rm removes it."""
    docker = Docker(seed=101)
    docker.ok("run -d --name web-server nginx")
    assert docker.engine.find_container("web-server").state == "running"
    assert _names(docker, all_=False) == ["web-server"]
    assert docker.ok("stop web-server").stdout == "web-server\n"
    c = docker.engine.find_container("web-server")
    assert (c.state, c.exit_code) == ("exited", 0)
    assert _names(docker, all_=False) == []
    assert docker.ok("ps -a --format '{{.Status}}'").stdout.startswith("Exited (0) ")
    docker.ok("rm web-server")
    assert docker.engine.containers == {}


def test_same_host_port_twice() -> None:
    """-p 8080:80 twice: the second container is created but cannot start."""
    docker = Docker(seed=102)
    docker.ok("run -d -p 8080:80 nginx")
    r = docker("run -d -p 8080:80 nginx")
    assert r.exit_code == 125
    assert "port is already allocated" in r.stderr
    states = sorted(c.state for c in docker.engine.containers.values())
    assert states == ["created", "running"]


def test_postgres_volume_persistence() -> None:
    """intermediate.md: data written to pgdata survives rm -f and is read by postgres-db-new."""
    docker = Docker(seed=103)
    docker.ok("run -d --name postgres-db -e POSTGRES_PASSWORD=secret -v pgdata:/var/lib/postgresql/data postgres:15")
    assert "pgdata" in docker.engine.volumes
    assert "database system is ready to accept connections" in docker.ok("logs postgres-db").stderr
    docker.ok('exec postgres-db psql -U postgres -c "CREATE TABLE notes (id serial, body text)"')
    docker.ok("exec postgres-db psql -U postgres -c \"INSERT INTO notes (body) VALUES ('persist me')\"")
    docker.ok("rm -f postgres-db")
    assert "pgdata" in docker.engine.volumes
    docker.ok(
        "run -d --name postgres-db-new -e POSTGRES_PASSWORD=secret -v pgdata:/var/lib/postgresql/data postgres:15"
    )
    logs = docker.ok("logs postgres-db-new").stdout
    assert "Skipping initialization" in logs
    out = docker.ok('exec postgres-db-new psql -U postgres -c "SELECT * FROM notes"').stdout
    assert "persist me" in out and "(1 row)" in out


def test_mongo_volume_persistence() -> None:
    """intermediate.md: insertOne in mongodb is found by find() in mongodb-new on the same volume."""
    docker = Docker(seed=104)
    docker.ok("volume create mongodb-data")
    docker.ok("run -d --name mongodb -v mongodb-data:/data/db -p 27017:27017 mongo:7")
    r = docker.ok("exec mongodb mongosh --eval \"db.users.insertOne({name: 'Alice'})\"")
    assert "acknowledged: true" in r.stdout
    docker.ok("rm -f mongodb")
    docker.ok("run -d --name mongodb-new -v mongodb-data:/data/db -p 27017:27017 mongo:7")
    r = docker.ok('exec mongodb-new mongosh --eval "db.users.find()"')
    assert "name: 'Alice'" in r.stdout


def test_file_written_in_one_container_seen_by_next() -> None:
    """A file echoed into a volume is read by a later --rm alpine container."""
    docker = Docker(seed=105)
    docker.ok("run -d --name my-app -v app-logs:/var/log/app alpine sleep 1000")
    docker.ok("exec my-app sh -c 'echo started > /var/log/app/application.log'")
    r = docker.ok("run --rm -v app-logs:/logs alpine cat /logs/application.log")
    assert r.stdout == "started\n"


def test_default_bridge_vs_user_defined_network() -> None:
    """intermediate.md Networking: names do not resolve on the default bridge; they do on my-network.

    nginx:alpine, because the Debian nginx image has no ping (docker answers "executable file not found").
    """
    docker = Docker(seed=106)
    docker.ok("run -d --name web1 nginx:alpine")
    docker.ok("run -d --name web2 nginx:alpine")
    r = docker("exec web1 ping web2")
    assert (r.exit_code, r.stderr) == (1, "ping: bad address 'web2'\n")
    ip2 = docker.ok("inspect -f '{{.NetworkSettings.IPAddress}}' web2").stdout.strip()
    assert '"IPAddress": "172.17.0.' in docker.ok("inspect web1").stdout
    assert docker.ok(f"exec web1 ping -c 2 {ip2}").stdout.startswith(f"PING {ip2} ({ip2}): 56 data bytes\n")
    docker.ok("rm -f web1 web2")
    docker.ok("network create my-network")
    docker.ok("run -d --name web1 --network my-network nginx:alpine")
    docker.ok("run -d --name web2 --network my-network nginx:alpine")
    r = docker.ok("exec web1 ping -c 3 web2")
    assert r.stdout.startswith("PING web2 (172.18.0.3): 56 data bytes\n")
    assert "3 packets transmitted, 3 packets received, 0% packet loss" in r.stdout
    assert "<h1>Welcome to nginx!</h1>" in docker.ok("exec web2 curl http://web1").stdout
    docker.ok("network disconnect my-network web2")
    assert docker("exec web1 ping -c 1 web2").exit_code == 1


def test_network_none_has_only_loopback() -> None:
    """intermediate.md: --network none leaves only lo."""
    docker = Docker(seed=107)
    docker.ok("run -d --network none --name isolated alpine sleep 1000")
    out = docker.ok("exec isolated ip addr show").stdout
    assert out.startswith("1: lo: <LOOPBACK,UP,LOWER_UP>")
    assert "inet 127.0.0.1/8 scope host lo" in out
    assert "eth0" not in out
    assert docker("exec isolated ping -c 1 google.com").exit_code == 1


def test_host_network_port_clash() -> None:
    """intermediate.md: a second nginx on the host network fails to bind port 80 and exits 1."""
    docker = Docker(seed=108)
    docker.ok("run -d -p 80:80 --name published nginx")
    docker.ok("run -d --network host --name hosty nginx")
    c = docker.engine.find_container("hosty")
    assert (c.state, c.exit_code) == ("exited", 1)
    assert "Address already in use" in docker("logs hosty").stderr


def test_cleanup_workflow() -> None:
    """Clean-up: stop $(ps -q) as two calls, rm $(ps -aq -f status=exited), container prune."""
    docker = Docker(seed=109)
    for name in ("web-server", "api-server", "database"):
        docker.ok(f"run -d --name {name} nginx")
    docker.ok("run --name job alpine echo done")
    ids = docker.ok("ps -q").stdout.split()
    assert len(ids) == 3
    assert docker.ok("stop " + " ".join(ids)).stdout.split() == ids
    assert all(not c.running for c in docker.engine.containers.values())
    exited = docker.ok("ps -aq -f status=exited").stdout.split()
    assert len(exited) == 4
    docker.ok("rm " + " ".join(exited[:2]))
    r = docker.ok("container prune -f")
    assert r.stdout.startswith("Deleted Containers:\n")
    assert docker.engine.containers == {}


def test_security_walkthrough_non_root_user() -> None:
    """advanced.md: an image with USER appuser answers whoami/id and refuses writes to /etc."""
    docker = Docker(seed=110)
    engine = docker.engine
    engine.add_image(
        ImageRecord(
            id="sha256:" + "ab" * 32,
            repo_tags=["my-secure-app:latest"],
            layers=[
                LayerRecord("ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit", 7_800_000, engine.now()),
                LayerRecord(
                    "RUN /bin/sh -c addgroup -g 1001 -S appgroup &&     adduser -S appuser -u 1001 -G appgroup "
                    "# buildkit",
                    4_000,
                    engine.now(),
                ),
                LayerRecord("COPY . /app # buildkit", 12_000, engine.now()),
            ],
            config=ImageConfig(cmd=["node", "server.js"], user="appuser", workdir="/app", env=["NODE_VERSION=18.20.5"]),
            created=engine.now(),
            built_locally=True,
            parent_ref="node:18-alpine",
            # node runs what the image holds: a server that keeps the container up
            files={"/app/server.js": 'require("http").createServer().listen(3000, () => console.log("up"));\n'},
        )
    )
    docker.ok("run -d --name test-app my-secure-app")
    assert docker.ok("exec test-app whoami").stdout == "appuser\n"
    assert docker.ok("exec test-app id").stdout == "uid=1001(appuser) gid=1001(appgroup) groups=1001(appgroup)\n"
    r = docker("exec test-app touch /etc/test-file")
    assert (r.exit_code, r.stderr) == (1, "touch: /etc/test-file: Permission denied\n")
    assert docker.ok("exec test-app touch /app/ok").exit_code == 0
    r = docker("exec -u bob test-app id")
    assert (r.exit_code, r.stderr) == (
        126,
        "Error response from daemon: unable to find user bob: no matching entries in passwd file\n",
    )


def _script(docker: Docker) -> str:
    for line in [
        "run -d --name web -p 8080:80 nginx",
        "run -d redis:7-alpine",
        "run alpine echo hello",
        "volume create data",
        "network create app-net",
        "ps -a",
        "images",
        "stop web",
        "ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.Status}}'",
        "network ls",
        "volume ls",
    ]:
        docker(line)
    return docker.text()


def test_deterministic_with_seed() -> None:
    """The same seed gives byte-identical transcripts (IDs, generated names, times); another seed differs."""
    first = _script(Docker(seed=7))
    assert first == _script(Docker(seed=7))
    assert first != _script(Docker(seed=8))
    check_golden("seeded-session.txt", first)
