"""Image handlers through the CLI: images, pull, push, rmi, tag, history, inspect, prune."""

from __future__ import annotations

import pytest
from cmd_support import Docker, check_golden
from dockersim.engine.catalogue import all_tags


@pytest.fixture
def docker() -> Docker:
    return Docker(seed=21)


def test_pull_stdout_shape(docker: Docker) -> None:
    """pull: Using default tag, progress, Digest, Status and the canonical reference, all on stdout."""
    r = docker.ok("pull nginx")
    lines = r.stdout.splitlines()
    assert lines[:2] == ["Using default tag: latest", "latest: Pulling from library/nginx"]
    assert lines[-3].startswith("Digest: sha256:")
    assert lines[-2:] == ["Status: Downloaded newer image for nginx:latest", "docker.io/library/nginx:latest"]
    again = docker.ok("pull nginx:latest").stdout.splitlines()
    assert again[-2:] == ["Status: Image is up to date for nginx:latest", "docker.io/library/nginx:latest"]
    assert docker.ok("pull -q redis:7-alpine").stdout == "docker.io/library/redis:7-alpine\n"


def test_pull_progress_follows_whether_stdout_is_a_terminal() -> None:
    """`docker pull` asks stdout: the reader's terminal gets the final frame (one line per layer), a
    stdout that is not a terminal (DOCKERSIM_STDOUT_TTY=0) every event on its own line."""
    shown = Docker(seed=21).ok("pull nginx").stdout
    assert shown.count(": Pull complete \n") == 5 and "Pulling fs layer" not in shown
    piped = Docker(seed=21)
    piped.session.env["DOCKERSIM_STDOUT_TTY"] = "0"
    lines = piped.ok("pull nginx").stdout.splitlines()
    assert lines[2].endswith(": Pulling fs layer") and lines.count(lines[2][:12] + ": Download complete") == 1
    assert sum(line.endswith(": Pull complete") for line in lines) == 5


def test_run_pull_progress_follows_whether_stderr_is_a_terminal() -> None:
    """`docker run`'s pull prints to stderr, so stderr decides; stdout being piped does not matter."""
    docker = Docker(seed=21)
    docker.session.env["DOCKERSIM_STDOUT_TTY"] = "0"
    err = docker.ok("run -d nginx:alpine").stderr
    assert err.startswith("Unable to find image 'nginx:alpine' locally\nalpine: Pulling from library/nginx\n")
    assert err.count(": Pull complete \n") == 5 and "Verifying Checksum" not in err
    docker.session.env["DOCKERSIM_STDERR_TTY"] = "0"
    assert "Verifying Checksum" in docker.ok("run -d redis").stderr


def test_pull_all_tags_on_a_terminal_shows_each_tag_s_final_frame(docker: Docker) -> None:
    """`pull -a`: each tag's layers as the terminal leaves them, the last Status for the repository."""
    out = docker.ok("pull -a busybox").stdout
    assert "Pulling fs layer" not in out and ": Pull complete \n" in out
    assert out.endswith("Status: Downloaded newer image for busybox\ndocker.io/library/busybox\n")


@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("pull NGINX", "invalid reference format: repository name (library/NGINX) must be lowercase\n"),
        ("pull nginx@sha256:abc123def456", "invalid reference format\n"),
        (
            "pull nginx:nope",
            "Error response from daemon: manifest for nginx:nope not found: manifest unknown: manifest unknown\n"
            "dockersim: the simulator cannot reach Docker Hub and its catalogue has no nginx:nope; its nginx tags: "
            f"{', '.join(all_tags('nginx'))}\n",
        ),
        ("pull -a nginx:latest", "tag can't be used with --all-tags/-a\n"),
    ],
)
def test_pull_errors(docker: Docker, line: str, stderr: str) -> None:
    """Bad references and unknown tags fail with the client's or registry's text, exit 1."""
    r = docker(line)
    assert (r.exit_code, r.stderr) == (1, stderr)


def test_pull_all_tags_asks_the_registry_not_the_local_images(docker: Docker) -> None:
    """``pull -a x`` with a local image x (tagged here, never pushed): the registry's error, not a crash."""
    docker.ok("pull -q nginx")
    docker.ok("tag nginx x")
    r = docker("pull -a x")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error response from daemon: pull access denied for x, repository does not exist")


def test_images_table_golden(docker: Docker) -> None:
    """images (default, --digests, -q, reference filters, dangling) match the golden transcript."""
    docker.ok("pull -q nginx")
    docker.ok("pull -q nginx:1.27")
    docker.ok("pull -q redis:7-alpine")
    docker.ok("pull -q python:3.11-slim")
    docker.ok("tag nginx myapp:1.0")
    docker.ok("images")
    docker.ok("images --digests")
    docker.ok("images -q")
    docker.ok("images nginx")
    docker.ok("images --filter reference='*:1.*'")
    docker.ok("images --filter dangling=true")
    docker.ok("images --format '{{.Repository}}:{{.Tag}} {{.Size}}'")
    docker.ok("image ls --no-trunc -q")
    check_golden("images.txt", docker.text())


def test_push_needs_login_and_tag(docker: Docker) -> None:
    """push: missing tag, denied without login, pushed after login, Layer already exists the second time."""
    docker.ok("pull -q nginx")
    r = docker("push myusername/my-app:latest")
    assert r.stderr == "An image does not exist locally with the tag: myusername/my-app\n"
    docker.ok("tag nginx:latest myusername/my-app:latest")
    r = docker("push myusername/my-app:latest")
    assert (r.exit_code, r.stderr) == (1, "denied: requested access to the resource is denied\n")
    assert docker.ok("login -u myusername --password-stdin", stdin="s3cret\n").stdout == "Login Succeeded\n"
    r = docker.ok("push myusername/my-app:latest")
    assert r.stdout.startswith("The push refers to repository [docker.io/myusername/my-app]\n")
    assert "Mounted from library/nginx" in r.stdout
    assert r.stdout.splitlines()[-1].startswith("latest: digest: sha256:")
    assert "Layer already exists" in docker.ok("push myusername/my-app:latest").stdout
    docker.ok("rmi myusername/my-app:latest")
    assert (
        "Status: Downloaded newer image for myusername/my-app:latest"
        in docker.ok("pull myusername/my-app:latest").stdout
    )


def test_rmi_lines_and_conflicts(docker: Docker) -> None:
    """rmi prints Untagged/Deleted; an image used by a container needs -f; -f on a missing image exits 0."""
    docker.ok("pull -q nginx")
    docker.ok("run -d --name web nginx")
    r = docker("rmi nginx")
    assert r.exit_code == 1
    assert r.stderr.startswith('Error response from daemon: conflict: unable to remove repository reference "nginx"')
    docker.ok("rm -f web")
    r = docker.ok("rmi nginx")
    assert r.stdout.splitlines()[0] == "Untagged: nginx:latest"
    assert r.stdout.splitlines()[2].startswith("Deleted: sha256:")
    r = docker("rmi nginx")
    assert (r.exit_code, r.stderr) == (1, "Error response from daemon: No such image: nginx:latest\n")
    assert docker("rmi -f nginx").exit_code == 0


def test_tag_errors(docker: Docker) -> None:
    """tag reports bad targets and missing sources as docker does."""
    docker.ok("pull -q alpine")
    r = docker("tag alpine NGINX")
    assert r.stderr == (
        'Error parsing reference: "NGINX" is not a valid repository/tag: invalid reference format: repository '
        "name (library/NGINX) must be lowercase\n"
    )
    r = docker("tag nope:1 x:1")
    assert r.stderr == "Error response from daemon: No such image: nope:1\n"


def test_history(docker: Docker) -> None:
    """history lists newest layer first with <missing> IDs, sizes and buildkit comments; -q prints IDs."""
    docker.ok("pull -q redis:7-alpine")
    r = docker.ok("history redis:7-alpine")
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    assert 'CMD ["redis-server"]' in lines[1]
    assert lines[2].startswith("<missing>")
    assert "ADD alpine-minirootfs" in lines[-1] and "7.8MB" in lines[-1]
    assert docker.ok("history -q redis:7-alpine").stdout.splitlines()[1] == "<missing>"
    assert "7800000" in docker.ok("history -H=false redis:7-alpine").stdout


def test_image_inspect_and_prune(docker: Docker) -> None:
    """image inspect shows RepoTags; image prune -a removes unused images and reports the space."""
    docker.ok("pull -q alpine")
    assert docker.ok("image inspect -f '{{.RepoTags}}' alpine").stdout == "[alpine:latest]\n"
    assert docker.ok("image inspect -f '{{json .Config.Cmd}}' alpine").stdout == '["/bin/sh"]\n'
    r = docker.ok("image prune")
    assert r.stdout == "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "
    r = docker.ok("image prune -a -f")
    assert r.stdout.startswith("Deleted Images:\nuntagged: alpine:latest\n")
    assert r.stdout.endswith("Total reclaimed space: 7.8MB\n")
