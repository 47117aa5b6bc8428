"""docker's [y/N] question through the worker contract: the run's reply is live and takes input (no
detach); the reader's answer is an `input`, Ctrl+D and Ctrl+C are `signal`s (playground/WORKER.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dockersim.worker.test_worker_live import Client


@pytest.fixture
def client(tmp_path: Path) -> Client:
    client = Client()
    client.ok("init", {"workdir": str(tmp_path / "project"), "seed": 7})
    client.ok("run", {"line": "docker run --name stopped alpine true"})
    return client


def names(client: Client) -> str:
    return client.ok("run", {"line": "docker ps -a --format '{{.Names}}'"})["stdout"]


def test_the_answer_is_an_input_and_y_prunes(client: Client) -> None:
    first = client.ok("run", {"line": "docker container prune"})
    run_id = client.next_id
    assert first["exit_code"] is None and first["stdout"] == "WARNING! This will remove all stopped containers.\n"
    assert first["live"] == {"prompt": "Are you sure you want to continue? [y/N] ", "input": True, "detach": False}
    final = client.ok("input", {"of": run_id, "text": "y\n"})
    assert final["exit_code"] == 0 and "live" not in final
    assert final["stdout"].startswith("Deleted Containers:\n") and "Total reclaimed space:" in final["stdout"]
    assert final["changes"] is not None  # the removal reaches the page's mirror with the answer
    assert names(client) == ""


@pytest.mark.parametrize("signal", ["EOF", "INT"])
def test_ctrl_d_and_ctrl_c_end_it_with_nothing_removed(client: Client, signal: str) -> None:
    client.ok("run", {"line": "docker volume prune"})
    final = client.ok("signal", {"of": client.next_id, "signal": signal})
    assert final["exit_code"] == 0 and final["stdout"] == "" and "live" not in final
    assert names(client) == "stopped\n"
