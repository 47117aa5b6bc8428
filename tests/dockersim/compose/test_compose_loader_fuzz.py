"""Property test: no compose document makes the loader raise anything but the simulator's errors."""

from __future__ import annotations

from pathlib import Path

from dockersim.compose.emit import dump
from dockersim.compose.loader import load_project
from dockersim.compose.yaml import load
from dockersim.context import SimulatorError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

KEYS = [
    "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "volumes", "networks",
    "depends_on", "restart", "healthcheck", "deploy", "labels", "working_dir", "user", "profiles", "expose",
    "container_name", "scale", "condition", "context", "target", "published", "replicas", "resources", "limits",
    "cpus", "memory", "test", "interval", "type", "source", "external", "driver", "ipam", "config", "subnet",
]  # fmt: skip
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 70000), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["web", "db", "80:80", "./data:/data", "data:/d:ro", "512M", "10s", "${X}", "${Y:?n}", "$$"]),
    st.text(max_size=8),
)  # fmt: skip
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(KEYS), children, max_size=4)
    ),
    max_leaves=20,
)
services = st.dictionaries(
    st.sampled_from(["web", "db", "cache"]), st.dictionaries(st.sampled_from(KEYS), trees, max_size=5), max_size=3
)
documents = st.fixed_dictionaries(
    {"services": services},
    optional={"volumes": st.dictionaries(st.sampled_from(["data", "db"]), trees, max_size=2),
              "networks": st.dictionaries(st.sampled_from(["front", "back"]), trees, max_size=2)},
)  # fmt: skip


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(documents)
def test_loader_only_raises_simulator_errors(tmp_path: Path, document: dict) -> None:
    """Any mapping of compose-ish keys and values either loads (and prints as YAML that reads back) or raises
    a SimulatorError subclass."""
    (tmp_path / "compose.yaml").write_text(dump(document), encoding="utf-8")
    try:
        project = load_project(tmp_path, {"HOME": "/root"})
    except SimulatorError:
        return
    assert load(dump(project.config)) == project.config  # config output always reads back
