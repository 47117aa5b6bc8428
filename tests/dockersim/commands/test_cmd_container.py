"""Container handlers through the real CLI: run, create, ps, start/stop/restart/kill/rm, exec, logs, port."""

from __future__ import annotations

import pytest
from cmd_support import Docker, check_golden


@pytest.fixture
def docker() -> Docker:
    return Docker(seed=11)


def test_run_detached_prints_full_id_and_pull_goes_to_stderr(docker: Docker) -> None:
    """run -d: stdout is only the 64-hex ID; the pull progress (with Unable to find…) is on stderr."""
    r = docker.ok("run -d --name my-nginx nginx")
    assert len(r.stdout.strip()) == 64
    assert r.stderr.startswith("Unable to find image 'nginx:latest' locally\nlatest: Pulling from library/nginx\n")
    assert r.stderr.endswith("Status: Downloaded newer image for nginx:latest\n")
    again = docker.ok("run -d nginx")
    assert again.stderr == ""


def test_run_foreground_prints_output_and_exit_code(docker: Docker) -> None:
    """Attached run prints the container's output and returns its exit status."""
    docker.ok("pull -q alpine")
    r = docker("run alpine echo hello")
    assert (r.stdout, r.exit_code) == ("hello\n", 0)
    assert docker("run alpine false").exit_code == 1
    assert docker("run alpine sh -c 'exit 7'").exit_code == 7


def test_run_rm_removes_after_exit(docker: Docker) -> None:
    """--rm leaves nothing behind in ps -a."""
    docker.ok("run --rm alpine echo bye")
    assert docker.ok("ps -aq").stdout == ""


def test_run_errors(docker: Docker) -> None:
    """Engine errors at run are printed with docker: … and the help hint, exit 125 (127 for a missing binary)."""
    r = docker("run my-app")
    assert r.exit_code == 125
    docker_text, note = r.stderr.rsplit("\n", 2)[0:2]
    assert docker_text + "\n" == (
        "Unable to find image 'my-app:latest' locally\n"
        "docker: Error response from daemon: pull access denied for my-app, repository does not exist or may "
        "require 'docker login': denied: requested access to the resource is denied\n\n"
        "Run 'docker run --help' for more information\n"
    )
    assert note.startswith("dockersim: the simulator cannot reach Docker Hub and its catalogue has no my-app; ")
    docker.ok("run -d --name web nginx")
    r = docker("run -d --name web nginx")
    assert r.exit_code == 125
    assert 'Conflict. The container name "/web" is already in use by container' in r.stderr
    r = docker("run alpine foo")
    assert r.exit_code == 127
    assert 'exec: "foo": executable file not found in $PATH' in r.stderr


def test_port_allocated_twice(docker: Docker) -> None:
    """The notes' -p 8080:80 twice: the second fails and stays Created."""
    docker.ok("run -d -p 8080:80 --name a1 nginx")
    r = docker("run -d -p 8080:80 --name a2 nginx")
    assert r.exit_code == 125
    assert "Bind for 0.0.0.0:8080 failed: port is already allocated" in r.stderr
    assert docker.ok("ps -a --filter name=a2 --format '{{.Status}}'").stdout == "Created\n"


def test_interactive_run_says_it_cannot_be_simulated(docker: Docker) -> None:
    """-it shells keep running and the reader is told plainly that the session is not simulated."""
    r = docker("run -it ubuntu bash")
    assert r.exit_code == 0
    assert "cannot be simulated" in r.stderr
    assert docker.ok("ps --format '{{.Command}}'").stdout == '"/bin/bash"\n' or "bash" in docker("ps").stdout


def test_ps_default_table_golden(docker: Docker) -> None:
    """ps and ps -a tables (columns, padding, statuses, ports) match the golden transcript."""
    docker.ok("run -d --name web -p 8080:80 nginx")
    docker.ok("run -d --name cache redis:7-alpine")
    docker.ok("run --name once alpine echo hi")
    docker.ok("create --name fresh alpine")
    docker.ok("ps")
    docker.ok("ps -a")
    docker.ok("ps -a -s")
    docker.ok("ps -q")
    docker.ok("ps -a --no-trunc --format '{{.ID}} {{.Command}}'")
    docker.ok('ps --format "table {{.ID}}\\t{{.Names}}\\t{{.Status}}"')
    docker.ok("ps -l --format '{{.Names}}'")
    docker.ok("ps -n 2 --format '{{.Names}}'")
    docker.ok("ps --format json")
    check_golden("ps.txt", docker.text())


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ("name=web", "web\n"),
        ("status=exited", "once\n"),
        ("status=created", "fresh\n"),
        ("ancestor=nginx", "web\n"),
        ("label=environment=production", "web\n"),
        ("exited=0", "once\n"),
        ("publish=8080", "web\n"),
        ("volume=/data", "cache\n"),
        ("network=bridge", "fresh\nonce\ncache\nweb\n"),
    ],
)
def test_ps_filters(docker: Docker, flt: str, expected: str) -> None:
    """--filter name/status/ancestor/label/exited/publish/volume/network select like dockerd."""
    docker.ok("run -d --name web -l environment=production -p 8080:80 nginx")
    docker.ok("run -d --name cache redis:7-alpine")
    docker.ok("run --name once alpine echo hi")
    docker.ok("create --name fresh alpine")
    assert docker.ok(f"ps -a --filter {flt} --format '{{{{.Names}}}}'").stdout == expected


def test_ps_bad_filter_and_template(docker: Docker) -> None:
    """Unknown filters and broken templates fail with docker's messages."""
    r = docker("ps --filter foo=bar")
    assert (r.exit_code, r.stderr) == (1, "Error response from daemon: invalid filter 'foo'\n")
    r = docker("ps --format '{{.Bogus}}'")
    docker.ok("run -d nginx")
    r = docker("ps --format '{{.Bogus}}'")
    assert r.exit_code == 1
    assert r.stderr.startswith('failed to execute template: template: :1:2: executing "" at <.Bogus>')
    r = docker("ps --format '{{.ID'")
    assert r.stderr == "failed to parse template: template: :1: unclosed action\n"


def test_stop_start_restart_kill_rm_echo_arguments(docker: Docker) -> None:
    """Lifecycle commands echo each argument as typed; failures are per item with exit 1."""
    cid = docker.ok("run -d --name web-server nginx").stdout.strip()
    assert docker.ok(f"stop {cid[:3]}").stdout == f"{cid[:3]}\n"
    assert docker.ok("start web-server").stdout == "web-server\n"
    assert docker.ok("restart web-server").stdout == "web-server\n"
    assert docker.ok("kill web-server").stdout == "web-server\n"
    assert docker.ok("ps -a --format '{{.Status}}'").stdout.startswith("Exited (137)")
    r = docker("rm web-server nope")
    assert (r.stdout, r.exit_code) == ("web-server\n", 1)
    assert r.stderr == "Error response from daemon: No such container: nope\n"
    r = docker("rm -f nope")
    assert r.exit_code == 0
    r = docker("start nope")
    assert r.stderr.endswith("Error: failed to start containers: nope\n")


def test_stop_timeout_and_exit_codes(docker: Docker) -> None:
    """stop -t 0 kills at once (137 for a shell), servers exit 0."""
    docker.ok("run -d --name s1 alpine sleep 1000")
    docker.ok("run -d --name s2 nginx")
    docker.ok("stop -t 0 s1")
    docker.ok("stop s2")
    out = docker.ok("ps -a --format '{{.Names}} {{.Status}}'").stdout
    assert "s1 Exited (137)" in out
    assert "s2 Exited (0)" in out


def test_rm_running_and_stop_then_rm(docker: Docker) -> None:
    """rm of a running container is refused; stop && rm works (the notes' cleanup)."""
    docker.ok("run -d --name web-server nginx")
    r = docker("rm web-server")
    assert r.exit_code == 1
    assert r.stderr == (
        'Error response from daemon: cannot remove container "web-server": container is running: stop the '
        "container before removing or force remove\n"
    )
    docker.ok("stop web-server")
    docker.ok("rm web-server")
    assert docker.ok("ps -aq").stdout == ""


def test_exec_basics(docker: Docker) -> None:
    """exec runs modelled commands with the container's user, env and filesystem."""
    docker.ok("run -d --name box -e GREETING=hi alpine sleep 1000")
    assert docker.ok("exec box whoami").stdout == "root\n"
    assert docker.ok("exec box echo hello").stdout == "hello\n"
    assert docker.ok("exec box pwd").stdout == "/\n"
    assert docker.ok("exec -w /tmp box pwd").stdout == "/tmp\n"
    assert "GREETING=hi" in docker.ok("exec box env").stdout
    assert docker.ok("exec -e X=1 box printenv X").stdout == "1\n"
    docker.ok("exec box sh -c 'echo data > /tmp/f'")
    assert docker.ok("exec box cat /tmp/f").stdout == "data\n"
    assert docker.ok("exec box hostname").stdout.strip() == docker.engine.find_container("box").short_id
    assert "bin" in docker.ok("exec box ls /").stdout
    r = docker("exec -u nobody box touch /etc/test-file")
    assert (r.exit_code, r.stderr) == (1, "touch: /etc/test-file: Permission denied\n")
    r = docker("exec box nonexistent-tool")
    assert r.exit_code == 127
    r = docker("exec box apk add curl")
    assert r.exit_code == 0 and "(1/1) Installing curl" in r.stdout
    r = docker("exec box apk info")
    assert (r.exit_code, r.stderr) == (1, "dockersim: 'apk info' is not modelled by the simulator\n")
    r = docker("exec -it box sh")
    assert r.exit_code == 0 and "cannot be simulated" in r.stderr


def test_exec_in_stopped_container(docker: Docker) -> None:
    """exec needs a running container."""
    cid = docker.ok("create --name c1 alpine").stdout.strip()
    r = docker("exec c1 ls")
    assert r.stderr == f"Error response from daemon: container {cid} is not running\n"


def test_logs_tail_timestamps_and_follow(docker: Docker) -> None:
    """logs splits streams, honours --tail and -t, and -f returns instead of blocking."""
    docker.ok("run -d --name my-redis redis:7-alpine")
    r = docker.ok("logs my-redis")
    assert "Ready to accept connections tcp" in r.stdout
    assert docker.ok("logs --tail 1 my-redis").stdout.endswith("Ready to accept connections tcp\n")
    assert len(docker.ok("logs --tail 2 my-redis").stdout.splitlines()) == 2
    assert docker.ok("logs -t --tail 1 my-redis").stdout.startswith("2026-11-28T")
    assert docker.ok("logs -f my-redis").exit_code == 0
    docker.ok("run -d --name web nginx")
    web = docker.ok("logs web")
    assert "/docker-entrypoint.sh: Configuration complete; ready for start up" in web.stdout
    assert "[notice] 1#1: start worker processes" in web.stderr


def test_port_output(docker: Docker) -> None:
    """port lists IPv4 then IPv6 bindings; a missing mapping is an error."""
    docker.ok("run -d --name web -p 8080:80 nginx")
    assert docker.ok("port web").stdout == "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n"
    assert docker.ok("port web 80").stdout == "0.0.0.0:8080\n[::]:8080\n"
    r = docker("port web 443")
    assert (r.exit_code, r.stderr) == (1, "Error: No public port '443/tcp' published for web\n")
    docker.ok("run -d --name local -p 127.0.0.1:9090:80 nginx")
    assert docker.ok("port local").stdout == "80/tcp -> 127.0.0.1:9090\n"


def test_container_prune_prompt_and_force(docker: Docker) -> None:
    """Without -f the prompt is printed and EOF means no; -f deletes and reports reclaimed space."""
    docker.ok("run --name once alpine echo hi")
    r = docker.ok("container prune")
    assert r.stdout == "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "
    assert docker.ok("ps -aq").stdout != ""
    cid = docker.engine.find_container("once").id
    r = docker.ok("container prune", stdin="y\n")
    assert f"Deleted Containers:\n{cid}\n\nTotal reclaimed space: 0B\n" in r.stdout
    assert docker.ok("container prune -f").stdout == "Total reclaimed space: 0B\n"


def test_container_inspect(docker: Docker) -> None:
    """container inspect prints a JSON array; -f renders a template; missing names fail."""
    docker.ok("run -d --name web nginx")
    assert docker.ok("container inspect -f '{{.State.Status}} {{.Name}}' web").stdout == "running /web\n"
    r = docker("container inspect nope")
    assert (r.stdout, r.exit_code) == ("[]\n", 1)


def test_start_attach_returns_exit_status(docker: Docker) -> None:
    """start -a prints the container's output and returns its status."""
    docker.ok("create --name job alpine sh -c 'echo working; exit 3'")
    r = docker("start -a job")
    assert (r.stdout, r.exit_code) == ("working\n", 3)


def test_kill_with_signal_and_not_running(docker: Docker) -> None:
    """kill -s HUP keeps nginx running; kill of a stopped container is an error."""
    docker.ok("run -d --name web nginx")
    docker.ok("kill -s HUP web")
    assert docker.engine.find_container("web").state == "running"
    docker.ok("kill -s SIGTERM web")
    assert docker.ok("ps -a --format '{{.Status}}'").stdout.startswith("Exited (143)")
    r = docker("kill web")
    assert r.exit_code == 1 and "is not running" in r.stderr


def test_restart_policy_and_health_status(docker: Docker) -> None:
    """A failing job with --restart always shows Restarting; --health-cmd shows health in STATUS."""
    docker.ok("run -d --name flappy --restart always alpine false")
    assert docker.ok("ps --format '{{.Status}}' -f name=flappy").stdout.startswith("Restarting (1)")
    docker.ok("run -d --name checked --health-cmd 'curl -f http://localhost' --health-interval 5s nginx")
    assert docker.ok("ps -f name=checked --format '{{.Status}}'").stdout.endswith("(health: starting)\n")
    docker.engine.tick(10)
    assert docker.ok("ps -f name=checked --format '{{.Status}}'").stdout.endswith("(healthy)\n")
    assert docker.ok("ps -f health=healthy --format '{{.Names}}'").stdout == "checked\n"


def test_logs_since_and_until(docker: Docker) -> None:
    """--since/--until select log lines by simulated time."""
    docker.ok("run -d --name loop alpine sh -c 'while true; do echo tick; sleep 10; done'")
    docker.engine.tick(35)
    assert docker.ok("logs loop").stdout.count("tick") == 4
    assert docker.ok("logs --since 12s loop").stdout.count("tick") == 1
    r = docker("logs --since yesterday loop")
    assert r.exit_code == 1 and 'invalid value for "since"' in r.stderr


def test_attached_run_waits_for_short_sleeps(docker: Docker) -> None:
    """An attached run of a script that sleeps returns after the (simulated) sleep with its status."""
    docker.ok("pull -q alpine")
    before = docker.engine.now()
    r = docker("run --name sleeper alpine sh -c 'echo start; sleep 30; echo end; exit 2'")
    assert (r.stdout, r.exit_code) == ("start\nend\n", 2)
    assert docker.engine.now() - before >= 30
    docker.ok("run -d --name bg alpine sh -c 'sleep 30'")
    assert docker.engine.find_container("bg").state == "running"
