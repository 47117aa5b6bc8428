"""Images: catalogue pulls with docker's progress and errors, tags moving, rmi conflicts."""

from __future__ import annotations

import pytest
from dockersim.context import EngineError, Stream
from dockersim.engine import Engine, ImageConfig, ImageRecord, LayerRecord
from dockersim.engine.catalogue_data import REPOS
from dockersim.runspec import ContainerSpec

DOC_IMAGES = [
    "nginx", "nginx:alpine", "nginx:latest", "nginx:1.21", "node:18", "node:18-alpine", "node:20-alpine",
    "python:3.11", "python:3.11-slim", "python:3.11.5-slim", "python:3.9-slim", "postgres", "postgres:15",
    "postgres:15-alpine", "postgres:15.2", "postgres:13", "mysql", "mysql:8.0", "mysql:8", "mongo", "mongo:7",
    "redis", "redis:7-alpine", "alpine", "alpine:latest", "alpine:3.18", "ubuntu", "ubuntu:22.04", "ubuntu:20.04",
    "debian", "golang:1.21", "golang:1.21-alpine", "maven:3.9-eclipse-temurin-17", "maven:3.9-openjdk-17-slim",
    "eclipse-temurin:17", "prom/prometheus", "grafana/grafana", "elasticsearch:8.11.0",
    "docker.elastic.co/elasticsearch/elasticsearch:8.11.0", "busybox", "httpd", "hello-world", "traefik",
]  # fmt: skip


@pytest.mark.parametrize("ref", DOC_IMAGES)
def test_every_image_the_notes_use_pulls(ref: str) -> None:
    """Every image reference in docs/*.md is in the catalogue with config and layers."""
    engine = Engine(seed=1)
    img = engine.pull_image(ref)
    assert img.size > 0
    assert img.layers
    assert img.config.cmd or img.config.entrypoint


def test_pull_progress_non_tty_shape() -> None:
    """Pull prints the layer status lines, digest and status, as docker's non-TTY progress does."""
    engine = Engine(seed=1)
    out = Stream()
    engine.pull_image("nginx", out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "latest: Pulling from library/nginx"
    assert lines[1].endswith(": Pulling fs layer")
    assert any(line.endswith(": Waiting") for line in lines)
    assert lines[-2].startswith("Digest: sha256:")
    assert lines[-1] == "Status: Downloaded newer image for nginx:latest"


def test_pull_progress_on_a_terminal_is_the_final_frame() -> None:
    """On a terminal docker redraws one line per layer in place: what stays is each layer's last status
    (with the space of its empty progress bar), in the layers' order; no per-event lines."""
    engine = Engine(seed=1)
    out = Stream(tty=True)
    record = engine.pull_image("nginx", out)
    shorts = [layer.digest[:12] for layer in record.layers if not layer.empty_layer and layer.size > 0]
    assert len(shorts) == 5
    assert out.getvalue() == (
        "latest: Pulling from library/nginx\n"
        + "".join(f"{short}: Pull complete \n" for short in shorts)
        + f"Digest: {record.repo_digests[0].split('@')[1]}\n"
        + "Status: Downloaded newer image for nginx:latest\n"
    )


def test_pull_progress_on_a_terminal_keeps_already_exists_lines() -> None:
    """A layer another image holds ends as ``Already exists`` on its line; the new ones as ``Pull complete``."""
    engine = Engine(seed=1)
    engine.pull_image("alpine")
    out = Stream(tty=True)
    engine.pull_image("redis:7-alpine", out)
    layers = out.getvalue().splitlines()[1:-2]
    assert layers[0].endswith(": Already exists ")
    assert layers[1:] and all(line.endswith(": Pull complete ") for line in layers[1:])
    assert "Pulling fs layer" not in out.getvalue() and "Download complete" not in out.getvalue()


def test_pull_present_image_prints_nothing_and_shared_layers_exist() -> None:
    """pull_image is silent when present; a second image on the same base says Already exists."""
    engine = Engine(seed=1)
    engine.pull_image("alpine")
    out = Stream()
    engine.pull_image("alpine", out)
    assert out.getvalue() == ""
    engine.pull_image("redis:7-alpine", out)
    assert ": Already exists" in out.getvalue()


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            "foo",
            "pull access denied for foo, repository does not exist or may require 'docker login': denied: "
            "requested access to the resource is denied",
        ),
        (
            "my-app",
            "pull access denied for my-app, repository does not exist or may require 'docker login': "
            "denied: requested access to the resource is denied",
        ),
        ("nginx:nope", "manifest for nginx:nope not found: manifest unknown: manifest unknown"),
        ("scratch", "'scratch' is a reserved name"),
    ],
)
def test_pull_errors(ref: str, message: str) -> None:
    """Unknown repositories and tags fail with the registry's words."""
    with pytest.raises(EngineError) as info:
        Engine(seed=1).pull_image(ref)
    assert info.value.message == message


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("openjdk:17-jre-slim", "manifest for openjdk:17-jre-slim not found: manifest unknown: manifest unknown"),
        (
            "myregistry.com:5000/my-app:latest",
            'Get "https://myregistry.com:5000/v2/": dial tcp: lookup myregistry.com on 192.168.65.7:53: no such host',
        ),
        ("ghcr.io/owner/image:tag", 'Head "https://ghcr.io/v2/owner/image/manifests/tag": denied'),
        ("localhost:5000/app", 'Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused'),
    ],
)
def test_unpublished_tags_and_private_registries_fail_as_docker_does(ref: str, message: str) -> None:
    """A tag never published and registries the playground has no copy of fail with docker's words (issue 16)."""
    engine = Engine(seed=1)
    with pytest.raises(EngineError) as info:
        engine.pull_image(ref)
    assert info.value.message == message
    assert engine.images == {} or all(ref not in img.repo_tags for img in engine.images.values())


def test_openjdk_tags_that_exist_still_pull() -> None:
    """openjdk:17 and its published slim tags keep working."""
    engine = Engine(seed=1)
    for ref in ("openjdk:17", "openjdk:17-jdk-slim", "openjdk:11-jre-slim"):
        assert engine.pull_image(ref).size > 0


def test_alias_tags_share_one_image() -> None:
    """nginx:latest and nginx:1.27 are the same image (one ID, two tags)."""
    engine = Engine(seed=1)
    a = engine.pull_image("nginx:latest")
    b = engine.pull_image("nginx:1.27")
    assert a.id == b.id
    assert sorted(a.repo_tags) == ["nginx:1.27", "nginx:latest"]


def _built(engine: Engine, tag: str, n: int) -> ImageRecord:
    return ImageRecord(
        id="sha256:" + (str(n) * 64)[:64],
        repo_tags=[tag],
        layers=[LayerRecord("COPY . /app", 1000 * n, engine.now())],
        config=ImageConfig(cmd=["node", "server.js"]),
        created=engine.now() + n,
        built_locally=True,
    )


def test_add_image_moves_tags_and_leaves_dangling() -> None:
    """Rebuilding myapp:latest moves the tag; the old image becomes <none>:<none>."""
    engine = Engine(seed=1)
    old = engine.add_image(_built(engine, "myapp:latest", 1))
    new = engine.add_image(_built(engine, "myapp:latest", 2))
    assert old.repo_tags == []
    assert new.repo_tags == ["myapp:latest"]
    assert engine.get_image("myapp") is new
    assert engine.get_image(old.id[7:19]) is old


def test_get_image_by_id_prefix_and_digest() -> None:
    """Images resolve by tag (latest implied), short ID, sha256: ID and repo digest."""
    engine = Engine(seed=1)
    img = engine.pull_image("redis:7-alpine")
    assert engine.get_image(img.id) is img
    assert engine.get_image(img.id[7:19]) is img
    assert engine.get_image(img.repo_digests[0]) is img
    assert engine.get_image("redis") is None


def test_rmi_conflicts() -> None:
    """rmi refuses images used by containers with the daemon's conflict texts; -f untags stopped users."""
    engine = Engine(seed=1)
    img = engine.pull_image("nginx")
    c = engine.create_container(ContainerSpec(image="nginx", name="web"))
    engine.start_container(c)
    with pytest.raises(EngineError) as info:
        engine.remove_image("nginx")
    assert info.value.message == (
        f'conflict: unable to remove repository reference "nginx" (must force) - container {c.short_id} is using '
        f"its referenced image {img.id[7:19]}"
    )
    with pytest.raises(EngineError) as info:
        engine.remove_image("nginx", force=True)
    assert "(cannot be forced) - image is being used by running container" in info.value.message
    engine.stop_container(c)
    lines = engine.remove_image("nginx", force=True)
    assert lines[0] == "Untagged: nginx:latest"
    assert img.id in engine.images


def test_rmi_second_tag_only_untags() -> None:
    """Removing one of two tags prints only Untagged."""
    engine = Engine(seed=1)
    engine.pull_image("nginx")
    engine.tag_image("nginx", "myusername/web:1")
    assert engine.remove_image("myusername/web:1") == ["Untagged: myusername/web:1"]
    with pytest.raises(EngineError, match="No such image: nope:latest"):
        engine.remove_image("nope")


def test_catalogue_has_behaviour_for_every_repo() -> None:
    """Every catalogue repository says what its default process does."""
    for key, repo in REPOS.items():
        assert repo["behaviour"], key
        assert repo["variants"], key
