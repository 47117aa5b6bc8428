"""How ``make test`` spreads the suite over pytest-xdist workers (``--dist loadgroup``); a plugin loaded from
``tests/conftest.py``. It changes which worker runs a test and when, never what a test does.

- Tests that share a module- or class-scoped fixture run in one worker (one ``loadgroup`` group per module), so
  an expensive shared fixture (the docker oracle's corpus) is computed once, not once per worker. The group is
  written into the node id as xdist's own ``xdist_group`` marker would (``<node id>@<group>``): xdist 3.8 writes
  it to ``item._nodeid``, which pytest 9 no longer reads (the id lives in ``item._id``), so the marker alone
  groups nothing and every worker computed every module fixture again.
- Every test that needs no site runs before any test that needs it: the shared site build starts at collection
  (tests/conftest.py) and takes minutes on a fresh clone, so both workers fill that time (the docker oracle,
  then the ~2,500 quick CPython tests) instead of one waiting in a site test's set-up
  (24-28 s at the snapshot test in the last two CI runs, while the quick tests were still queued behind it).
- Within each part, longest first (longest-processing-time first keeps both cores busy to the end): the ones
  listed in :data:`LONG` by their measured cost, then the other browser tests, then the rest in file order.

Outside xdist (a plain ``pytest tests/...``) the order is left as collected.
"""

from __future__ import annotations

import pytest

try:  # pytest >= 9: a node's id is a structured NodeId in ``_id``
    from _pytest.nodeid import coerce_node_id
except ImportError:  # pragma: no cover - older pytest keeps the plain string in ``_nodeid``
    coerce_node_id = None

#: Node id prefixes of the long tests, with their cost in seconds: ``pytest --durations`` of the last CI runs on
#: the 2-core machine (call and set-up, both workers busy), or the CPU seconds of the test's whole process
#: tree measured since (the docker oracle, the reader's walk, the workbench); only the order matters, and the
#: first matching prefix counts. Browser tests not listed count 5 s, the rest 0.
LONG: dict[str, float] = {
    "tests/dockersim/cli/test_cli_oracle.py::test_simulator_matches_oracle_on_the_help_tree": 78,
    "tests/dockersim/cli/test_cli_oracle.py::test_simulator_matches_oracle": 57,  # its group's shared corpus
    "tests/dockersim/cli/test_cli_oracle.py::test_known_differences_still_differ": 57,
    "tests/dockersim/cli/test_cli_oracle.py::test_oracle_accepts_every_docs_line": 57,
    "tests/dockersim/commands/test_cmd_stress.py": 10,
    "tests/dockersim/compose/test_compose_yaml_fuzz.py": 8,
    "tests/plugins/playground/test_playground_snapshot.py::test_snapshot_start_and_its_rest_archive": 120,
    "tests/plugins/lessons/test_lessons_browser.py::test_walk_every_try_it_of_the_page[intermediate/]": 50,
    "tests/plugins/lessons/test_lessons_browser.py::test_walk_every_try_it_of_the_page[advanced/]": 28,
    "tests/plugins/lessons/test_lessons_browser.py::test_walk_every_try_it_of_the_page": 22,
    "tests/site/test_site_accessibility.py::test_every_page_has_no_serious_violations": 60,
    "tests/hardening/test_hardening_xss.py::test_payloads_through_the_cheat_sheet": 38,
    "tests/hardening/test_hardening_xss.py::test_payloads_through_the_playground": 28,
    "tests/hardening/test_hardening_faults.py::test_two_tabs_never_overwrite_each_other_silently": 32,
    "tests/hardening/test_hardening_faults.py::test_corrupt_runtime_is_reported_at_once": 30,
    "tests/hardening/test_hardening_csp.py::test_no_violation_anywhere_and_injection_is_blocked": 29,
    "tests/site/test_site_offline.py::test_every_page_works_offline_after_one_visit": 29,
    "tests/hardening/test_hardening_storage.py::test_a_large_engine_saves_record_by_record": 30,
    "tests/hardening/test_hardening_storage.py::test_share_link_asks_first_keeps_work_aside": 28,
    "tests/plugins/playground/test_playground_browser.py::test_every_lesson_recorded_answer_is_what_the_live": 27,
    "tests/plugins/playground/test_playground_browser.py::test_share_link_round_trip": 24,
    "tests/plugins/cheatsheet/test_cheatsheet_browser.py::test_links_into_the_sheet_land_on_their_entry": 23,
    "tests/plugins/workbench/test_workbench_site.py::test_instant_navigation_mounts_it_once": 20,
    "tests/plugins/workbench/test_workbench_site.py::test_site_screenshots": 16,
    "tests/plugins/workbench/test_workbench_site.py::test_workbench_on_the_playground_page": 16,
    "tests/plugins/workbench/test_workbench_browser.py::test_placeholder_files_follow_copy_sources": 2,
    "tests/plugins/workbench/test_workbench_browser.py::test_docs_links_and_command_line": 2,
    "tests/plugins/workbench/test_workbench_browser.py": 11,  # each starts from the site's snapshot
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
    # What needs no site first (the build runs meanwhile), then the site's tests; longest first in each.
    items.sort(key=lambda item: (_needs_site(item), -_cost(item)))
