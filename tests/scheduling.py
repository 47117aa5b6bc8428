"""How ``make test`` spreads the suite over pytest-xdist workers (``--dist loadgroup``); a plugin loaded from
``tests/conftest.py``. It changes which worker runs a test and when, never what a test does.

- Tests that share a module- or class-scoped fixture run in one worker (one ``loadgroup`` group per module), so
  an expensive shared fixture (the docker oracle's corpus) is computed once, not once per worker. The group is
  written into the node id as xdist's own ``xdist_group`` marker would (``<node id>@<group>``): xdist 3.8 writes
  it to ``item._nodeid``, which pytest 9 no longer reads (the id lives in ``item._id``), so the marker alone
  groups nothing and every worker computed every module fixture again.
- Long tests start first (longest-processing-time first keeps both cores busy to the end): the ones listed
  in :data:`LONG` by their measured cost, then the other browser tests, then the rest in file order. The
  shared site build starts at collection (tests/conftest.py), so the long tests that need no site go first.

Outside xdist (a plain ``pytest tests/...``) the order is left as collected.
"""

from __future__ import annotations

import pytest

try:  # pytest >= 9: a node's id is a structured NodeId in ``_id``
    from _pytest.nodeid import coerce_node_id
except ImportError:  # pragma: no cover - older pytest keeps the plain string in ``_nodeid``
    coerce_node_id = None

#: Node id prefixes of the long tests, with their cost in seconds measured on the 2-core CI machine alone
#: (``pytest --durations``); only the order matters. Those that need the built site come after the others.
LONG: dict[str, float] = {
    "tests/dockersim/cli/test_cli_oracle.py::test_simulator_matches_oracle_on_the_help_tree": 75,
    "tests/dockersim/cli/test_cli_oracle.py::test_simulator_matches_oracle": 40,
    "tests/dockersim/cli/test_cli_oracle.py::test_known_differences_still_differ": 40,
    "tests/dockersim/cli/test_cli_oracle.py::test_oracle_accepts_every_docs_line": 40,
    "tests/plugins/playground/test_playground_snapshot.py::test_snapshot_start_and_its_rest_archive": 98,
    "tests/plugins/lessons/test_lessons_browser.py::test_walk_every_try_it_of_the_page": 40,
    "tests/hardening/test_hardening_xss.py::test_payloads_through_the_playground": 70,
}

#: Fixture scopes that a group of tests shares within one worker.
SHARED_SCOPES = {"module", "class", "package"}


def _cost(item: pytest.Item) -> float:
    """The expected cost of ``item``: its measured cost, else a little for a browser test, else nothing."""
    for prefix, seconds in LONG.items():
        if item.nodeid.startswith(prefix):
            return seconds
    return 5.0 if item.get_closest_marker("browser") else 0.0


def _needs_site(item: pytest.Item) -> bool:
    return "built_site" in getattr(item, "fixturenames", ())


def _shares_a_fixture(item: pytest.Item) -> bool:
    """Whether ``item`` uses a fixture cached across the tests of its module or class."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(defs and defs[-1].scope in SHARED_SCOPES for defs in info.name2fixturedefs.values())


def join_group(item: pytest.Item, group: str) -> None:
    """Put ``item`` in xdist's ``loadgroup`` group ``group``: xdist schedules by the ``@<group>`` suffix of the
    node id (what its ``xdist_group`` marker hook means to write, and cannot under pytest 9)."""
    if "@" in item.nodeid.rsplit("]", 1)[-1]:
        return
    nodeid = f"{item.nodeid}@{group}"
    if coerce_node_id is not None and hasattr(item, "_id"):
        item._id = coerce_node_id(nodeid)
    else:  # pragma: no cover
        item._nodeid = nodeid  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist worker: group the tests that share a fixture, and put the long tests first."""
    if not hasattr(config, "workerinput"):
        return
    grouped = config.getvalue("loadgroup")
    for item in items:
        if grouped and _shares_a_fixture(item):
            join_group(item, item.nodeid.split("::", 1)[0])
    # Long tests that need no site first (the build runs meanwhile), then the long site tests, then the rest.
    items.sort(key=lambda item: (_cost(item) == 0, _needs_site(item), -_cost(item)))
