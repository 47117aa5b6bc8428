"""The command tree: aliases share specs, typed paths name commands, every HANDLERS.md path is declared."""

from __future__ import annotations

import pytest
from dockersim.cli import all_specs, find_spec, get_tree
from dockersim.cli.spec import Arity

#: canonical path → handler, as HANDLERS.md states the contract.
HANDLERS = {
    "container run": "dockersim.commands.container:run_run",
    "container ls": "dockersim.commands.container:run_ls",
    "container rm": "dockersim.commands.container:run_rm",
    "container exec": "dockersim.commands.container:run_exec",
    "image ls": "dockersim.commands.image:run_ls",
    "image rm": "dockersim.commands.image:run_rm",
    "image build": "dockersim.build.command:run_build",
    "volume prune": "dockersim.commands.volume:run_prune",
    "network disconnect": "dockersim.commands.network:run_disconnect",
    "system info": "dockersim.commands.system:run_info",
    "version": "dockersim.commands.system:run_version",
    "inspect": "dockersim.commands.system:run_inspect",
    "search": "dockersim.commands.registry:run_search",
    "explain": "dockersim.cli.explain:run_explain",
    "lint": "dockersim.build.lint_command:run_lint",
}


@pytest.mark.parametrize(("path", "handler"), sorted(HANDLERS.items()))
def test_handlers_follow_the_contract(path: str, handler: str) -> None:
    """Each canonical path names the handler HANDLERS.md promises."""
    spec = find_spec(path)
    assert spec is not None and spec.handler == handler


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("ps", "container ls"),
        ("container list", "container ls"),
        ("container ps", "container ls"),
        ("images", "image ls"),
        ("image list", "image ls"),
        ("rmi", "image rm"),
        ("image remove", "image rm"),
        ("build", "image build"),
        ("builder build", "image build"),
        ("info", "system info"),
        ("volume list", "volume ls"),
        ("volume remove", "volume rm"),
        ("network list", "network ls"),
        ("container remove", "container rm"),
        ("run", "container run"),
    ],
)
def test_aliases_share_the_canonical_spec(alias: str, canonical: str) -> None:
    """Top-level shortcuts and same-group aliases resolve to the canonical spec object."""
    assert find_spec(alias) is find_spec(canonical)


def test_typed_paths_use_command_names() -> None:
    """cobra's CommandPath uses names, not aliases: 'container ps' is 'docker container ls'; 'ps' stays 'docker ps'."""
    root = get_tree()
    assert root.find("container").find("ps").path == "docker container ls"  # type: ignore[union-attr]
    assert root.find("ps").path == "docker ps"  # type: ignore[union-attr]


def test_every_visible_flag_has_help_and_specs_have_arity() -> None:
    """Specs declare help text for visible flags and an arity rule; run/create/exec/tag stop at positionals."""
    for spec in all_specs():
        assert isinstance(spec.arity, Arity)
        for flag in spec.flags:
            assert flag.hidden or flag.help, (spec.path, flag.long)
    not_interspersed = {s.path for s in all_specs() if not s.interspersed and not s.path.startswith("compose")}
    assert {"container run", "container create", "container exec", "image tag"} <= not_interspersed


def test_every_listed_command_is_a_declared_command() -> None:
    """Every command path the client lists (generated help tree) is a spec with a handler: no stubs left."""
    from dockersim.cli import _helpdata, resolve_handler

    root = get_tree()

    def walk(node: object) -> None:
        assert not node.stub, node.path  # type: ignore[attr-defined]
        for child in node.children.values():  # type: ignore[attr-defined]
            walk(child)

    walk(root)
    for path in _helpdata.COMMANDS:
        spec = find_spec(path)
        assert spec is not None and spec.handler, path
        assert resolve_handler(spec.handler) is not None, (path, spec.handler)
    assert root.find("trust").find("key").find("generate").spec is not None  # type: ignore[union-attr]


def test_handlers_md_is_generated_from_the_registry() -> None:
    """playground/HANDLERS.md is exactly what the registry generates (regenerate it when a command changes)."""
    from pathlib import Path

    from dockersim.cli.registry import handlers_markdown

    path = Path(__file__).resolve().parents[3] / "playground" / "HANDLERS.md"
    assert path.read_text(encoding="utf-8") == handlers_markdown()
