"""One declared unit per command: every command the client lists is declared once, next to its handler."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dockersim.cli import _helpdata, clientchecks, find_spec
from dockersim.cli.spec import Options, options_class
from dockersim.cli.unit import DOCKERSIM_COMMANDS, all_units, arg_kinds, unit_for, use_kinds

PLAYGROUND = Path(__file__).resolve().parents[3] / "playground"


def test_every_listed_command_is_declared_and_nothing_else() -> None:
    """The units name exactly the client's command paths and dockersim's own (whose units declare their whole
    spec); each handler is the function the unit names."""
    units = all_units()
    assert set(units) == set(_helpdata.COMMANDS) | set(DOCKERSIM_COMMANDS)
    for path, unit in units.items():
        spec = find_spec(path)
        assert spec is not None and spec.handler == unit.handler_name, path
        assert (unit.own is not None) == (path in DOCKERSIM_COMMANDS), path
        assert spec.hidden == (path in DOCKERSIM_COMMANDS), path


def test_declared_arguments_agree_with_the_use_line() -> None:
    """Where the client's use line names an object, a declaration never says it names another."""
    for path, unit in all_units().items():
        if unit.args is None:
            continue
        spec = find_spec(path)
        assert spec is not None
        named = use_kinds(spec.use, len(unit.args))
        for said, declared in zip(named, unit.args, strict=True):
            assert not said or said == declared.kind, (path, said, declared.kind)


def test_argument_kinds_come_from_declarations_then_use_lines() -> None:
    """Use lines name containers, networks and volumes; declarations add what they do not say."""
    assert arg_kinds("container stop", find_spec("stop").use, 3) == ["container"] * 3  # type: ignore[union-attr]
    assert arg_kinds("network connect", find_spec("network connect").use, 2) == ["network", "container"]  # type: ignore[union-attr]
    assert arg_kinds("container run", "", 3) == ["image", "command", "command"]
    assert arg_kinds("image pull", "", 1) == ["image"]
    assert arg_kinds("image build", "", 1) == ["context"]
    assert unit_for("image pull").pulls and not unit_for("image rm").pulls  # type: ignore[union-attr]


def test_hidden_flags_and_checks_come_from_the_unit() -> None:
    """The unit's hidden flags and value checks are in the spec; help's flags are the generated ones."""
    run = find_spec("run")
    assert run is not None
    assert run.flag("net") is not None and run.flag("net").hidden  # type: ignore[union-attr]
    assert run.flag("env").validator == "env"  # type: ignore[union-attr]
    generated = [flag[1] for flag in _helpdata.COMMANDS["container run"]["flags"]]
    assert [f.long for f in run.flags if not f.hidden] == generated


def test_client_checks_are_declared_by_the_units() -> None:
    """What the client checks before it contacts the daemon is the unit's ``check``."""
    assert unit_for("container cp").check is clientchecks.cp  # type: ignore[union-attr]
    assert unit_for("container stop").check is unit_for("container kill").check is clientchecks.containers  # type: ignore[union-attr]
    assert unit_for("service rollback").check is clientchecks.service_names  # type: ignore[union-attr]
    assert unit_for("volume ls").check is None  # type: ignore[union-attr]


def test_typed_options_are_attributes_made_from_the_flag_facts() -> None:
    """A handler reads ``o.no_trunc``: each flag is an attribute with its typed default."""
    spec = find_spec("container ls")
    assert spec is not None
    cls = options_class(spec)
    assert cls is options_class(spec) and issubclass(cls, Options)
    o = Options.from_spec(spec, {"no-trunc": True})
    assert type(o) is cls
    assert o.no_trunc is True and o.all is False and o.filter == [] and o.format == ""
    assert o.changed("no-trunc") and not o.changed("all")
    assert "no_trunc" in vars(cls)


def test_a_command_imports_only_its_family() -> None:
    """Parsing ``docker volume ls`` imports the volume family's module, not the others' handlers."""
    code = (
        "import sys\n"
        "from dockersim.session import Session\n"
        "Session(seed=1).run(['volume', 'ls'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('dockersim.commands.', 'dockersim.build'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PLAYGROUND, capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "dockersim.commands.volume" in out
    for other in ("swarm", "plugin", "trust", "container_ops", "image_archive", "dockersim.build"):
        assert other not in out, out


def test_handlers_read_their_flags_as_typed_attributes() -> None:
    """A declared handler reads its own flags as ``opts.name``, never ``opt(opts, "name", default)``."""
    import ast
    import inspect
    import textwrap

    for path, unit in all_units().items():
        spec = find_spec(path)
        assert spec is not None
        keys = {flag.key for flag in spec.flags}
        tree = ast.parse(textwrap.dedent(inspect.getsource(unit.handler)))
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in ("opt", "_opt"):
                name = call.args[1].value if len(call.args) > 1 and isinstance(call.args[1], ast.Constant) else None
                assert name not in keys, (path, name)
