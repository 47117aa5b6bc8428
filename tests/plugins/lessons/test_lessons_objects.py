"""What a line expects and makes, read with the simulator's parser and the specs' use lines (no tables)."""

from __future__ import annotations

import pytest
from docker_notes.lessons.objects import expects, makes, parsed_calls, removes_stopped


@pytest.mark.parametrize(
    ("line", "needs"),
    [
        ("docker stop web-server", [("container", "web-server")]),
        ("docker stop -t 30 web-server", [("container", "web-server")]),
        ("docker container stop a b", [("container", "a"), ("container", "b")]),
        ("docker logs -f --tail 100 my-app", [("container", "my-app")]),
        ("docker exec -it -e A=1 db psql -U postgres", [("container", "db")]),
        ("docker cp ./file.txt web:/tmp/", [("container", "web")]),
        ("docker stop a1b2c3d4e5f6", []),
        ("docker stop $(docker ps -q)", []),
        ("docker stop web && docker rm web", [("container", "web")]),
        ("docker volume rm my-data", [("volume", "my-data")]),
        ("docker network connect my-net web", [("network", "my-net"), ("container", "web")]),
        ("docker network connect bridge web", [("container", "web")]),
        ("docker run -d --network my-net --name api nginx", [("network", "my-net")]),
        ("docker run -d --network host nginx", []),
        ("docker run -d --name web nginx", []),
        ("docker ps -a", []),
        ("docker run [OPTIONS] IMAGE", []),
    ],
)
def test_expects(line: str, needs: list[tuple[str, str]]) -> None:
    """Objects are found past flags and their values (the specs' flag types); IDs and substitutions are not."""
    assert list(expects(line)) == needs


def test_makes() -> None:
    """run/create --name and named -v volumes, volume/network create, build -t, tag, pull name what they make."""
    assert set(makes("docker run -d --name web -v data:/d -v ./src:/app nginx")) == {
        ("container", "web"),
        ("volume", "data"),
    }
    assert makes("docker run -d --name=web nginx") == (("container", "web"),)
    assert makes("docker volume create my-data") == (("volume", "my-data"),)
    assert makes("docker network create --driver bridge my-net") == (("network", "my-net"),)
    assert makes("docker build -t app:1 -t app:latest .") == (("image", "app:1"), ("image", "app:latest"))
    assert makes("docker tag nginx my-app") == (("image", "my-app"),)
    assert makes("docker ps") == ()


def test_argument_kinds_come_from_the_command_units() -> None:
    """What each argument names is the unit's (its use line's) fact; images and commands are not objects here."""
    assert parsed_calls("docker network connect net web")[0][3] == ("network", "container")
    assert parsed_calls("docker stop a b c")[0][3] == ("container",) * 3
    assert parsed_calls("docker exec db psql -U x")[0][3] == ("container", None, None, None)
    assert parsed_calls("docker pull nginx")[0][3] == (None,)


def test_rm_without_force_means_a_stopped_container() -> None:
    assert removes_stopped("docker rm web", "web")
    assert not removes_stopped("docker rm -f web", "web")
