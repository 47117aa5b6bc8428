"""The terminal is the docker host: its curl reaches published ports and host-network containers."""

from __future__ import annotations

from dockersim.lessons import Lesson, record


def _answers(*lines: str) -> list[dict]:
    return record(Lesson.from_json({"key": "host-curl", "lines": list(lines)}))["answers"]


def test_host_network_container_answers_on_its_exposed_port() -> None:
    """nginx on the host network listens on the host's port 80, with no -p (the host-network lesson)."""
    _, on_80, on_81 = _answers("docker run -d --network host nginx", "curl http://localhost:80", "curl localhost:81")
    assert on_80["exit_code"] == 0 and "Welcome to nginx!" in on_80["stdout"]
    assert on_81["exit_code"] == 7 and "Failed to connect to localhost port 81" in on_81["stderr"]


def test_a_bridge_container_without_p_is_not_on_the_host() -> None:
    _, reply = _answers("docker run -d nginx", "curl http://localhost:80")
    assert reply["exit_code"] == 7
