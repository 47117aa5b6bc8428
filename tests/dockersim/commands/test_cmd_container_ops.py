"""The single-host commands added for issue 17: cp, diff, pause, commit, save/load, stats, swarm family…"""

from __future__ import annotations

from pathlib import Path

from dockersim.session import Session

NOT_MANAGER = (
    'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" '
    "to connect this node to swarm and try again.\n"
)


def _session(tmp_path: Path) -> Session:
    s = Session(seed=7, cwd=tmp_path, env={"HOME": "/root"})
    assert s.run(["run", "-d", "--name", "web", "nginx"]).exit_code == 0
    return s


def test_cp_both_directions_and_diff(tmp_path: Path) -> None:
    """A playground file copied into a container is readable there, shows in diff, and copies back out."""
    s = _session(tmp_path)
    (tmp_path / "note.txt").write_text("hello\n")
    r = s.run(["cp", "note.txt", "web:/tmp/"])
    assert (r.exit_code, r.stderr) == (0, "Successfully copied 2.05kB to web:/tmp/\n")
    assert s.run(["exec", "web", "cat", "/tmp/note.txt"]).stdout == "hello\n"
    assert s.run(["diff", "web"]).stdout == "C /tmp\nA /tmp/note.txt\n"
    assert s.run(["cp", "web:/tmp/note.txt", "back.txt"]).exit_code == 0
    assert (tmp_path / "back.txt").read_text() == "hello\n"
    r = s.run(["cp", "web:/nope", "."])
    assert r.exit_code == 1
    assert r.stderr == "Error response from daemon: Could not find the file /nope in container web\n"
    assert s.run(["cp", "a", "b"]).stderr == "must specify at least one container source\n"


def test_pause_unpause_rename_top_stats(tmp_path: Path) -> None:
    """pause/unpause echo the name; top lists the main process; stats --no-stream prints docker's table."""
    s = _session(tmp_path)
    assert s.run(["pause", "web"]).stdout == "web\n"
    assert "(Paused)" in s.run(["ps"]).stdout
    assert s.run(["unpause", "web"]).stdout == "web\n"
    assert s.run(["rename", "web", "site"]).exit_code == 0
    top = s.run(["top", "site"]).stdout.splitlines()
    assert top[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert top[1].endswith("nginx: master process nginx -g daemon off;")
    stats = s.run(["stats", "--no-stream"]).stdout.splitlines()
    assert stats[0].split("   ")[0] == "CONTAINER ID" and "site" in stats[1]
    assert s.run(["update", "site"]).stderr == "you must provide one or more flags when using this command\n"


def test_commit_save_load(tmp_path: Path) -> None:
    """commit makes a tagged image with --change applied; save/load round-trips it through a playground file."""
    s = _session(tmp_path)
    r = s.run(["commit", "-m", "msg", "-c", "ENV A=1", "web", "myimg:1"])
    assert r.exit_code == 0 and r.stdout.startswith("sha256:")
    assert "A=1" in s.run(["inspect", "-f", "{{.Config.Env}}", "myimg:1"]).stdout
    assert s.run(["save", "-o", "img.tar", "myimg:1"]).exit_code == 0
    assert s.run(["rmi", "myimg:1"]).exit_code == 0
    assert s.run(["load", "-i", "img.tar"]).stdout == "Loaded image: myimg:1\n"
    assert s.run(["save", "myimg:1"]).stderr.startswith("cowardly refusing to save to a terminal")


def test_swarm_family_checkpoint_plugin_context(tmp_path: Path) -> None:
    """Swarm commands answer as a non-manager engine; checkpoint needs an experimental daemon."""
    s = Session(seed=1, cwd=tmp_path, env={"HOME": "/root"})
    for argv in (["service", "ls"], ["node", "ls"], ["secret", "ls"], ["stack", "ls"]):
        assert (s.run(argv).stderr, s.run(argv).exit_code) == (NOT_MANAGER, 1)
    assert s.run(["swarm", "join-token", "x"]).stderr == "unknown role x\n"
    r = s.run(["checkpoint", "ls", "web"])
    assert r.stderr == "docker checkpoint ls is only supported on a Docker daemon with experimental features enabled\n"
    assert s.run(["plugin", "ls"]).stdout == "ID        NAME      DESCRIPTION   ENABLED\n"
    assert s.run(["context", "show"]).stdout == "default\n"
    for argv in (["system", "df"], ["builder", "prune", "-f"], ["events", "--since", "1h", "--until", "0s"]):
        r = s.run(argv)
        assert r.exit_code == 0 and "not modelled" not in r.stderr, argv
