"""The Go-template subset of --format and Go's error wording."""

from __future__ import annotations

import pytest
from dockersim.formatting.template import Ctx, Template, TemplateError, render_rows


def _row() -> Ctx:
    labels = {"env": "prod", "team": "web"}
    return Ctx(
        "*formatter.ContainerContext",
        {
            "ID": "4c01db0b339c",
            "Names": "web",
            "Status": "Up 2 minutes",
            "Ports": "",
            "Labels": labels,
            "Nets": ["a", "b"],
        },
        {"Label": lambda key: labels.get(key, "")},
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{.ID}}", "4c01db0b339c"),
        ("{{.Names}}: {{.Status}}", "web: Up 2 minutes"),
        ('{{.Label "env"}}', "prod"),
        ('{{index .Labels "team"}}', "web"),
        ('{{index .Labels "nope"}}', "<no value>"),
        ("{{json .Labels}}", '{"env":"prod","team":"web"}'),
        ("{{json .Names}}", '"web"'),
        ("{{upper .Names}}", "WEB"),
        ("{{lower .Status}}", "up 2 minutes"),
        ('{{join .Nets ","}}', "a,b"),
        ("{{range .Nets}}[{{.}}]{{end}}", "[a][b]"),
        ("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "env=prod;team=web;"),
        ("{{if .Ports}}ports{{else}}none{{end}}", "none"),
        ('{{if eq .Names "web"}}yes{{end}}', "yes"),
        ("{{if .Ports}}a{{else if .ID}}b{{else}}c{{end}}", "b"),
        ("{{println .Names}}", "web\n"),
        ("{{- .Names -}} !", "web!"),
        ("{{len .Nets}}", "2"),
        ('{{printf "%s-%d" .Names 3}}', "web-3"),
        ("{{.Names | upper}}", "WEB"),
        ("{{/* comment */}}ok", "ok"),
    ],
)
def test_template_features(template: str, expected: str) -> None:
    """Each construct docker users write in --format renders as Go would."""
    assert Template(template).execute(_row()) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{foo .}}", 'template: :1: function "foo" not defined'),
        ("{{.ID", "template: :1: unclosed action"),
        ("{{end}}", "template: :1: unexpected {{end}}"),
        ("{{if .ID}}x", "template: :1: unexpected EOF"),
    ],
)
def test_parse_errors(template: str, message: str) -> None:
    """Parse errors use text/template's wording."""
    with pytest.raises(TemplateError) as info:
        Template(template)
    assert info.value.message == message
    assert info.value.parse


def test_execution_error_names_the_go_type() -> None:
    """A missing field names docker's formatter type and the column (reference 7.1)."""
    with pytest.raises(TemplateError) as info:
        Template("{{.Bogus}}").execute(_row())
    assert info.value.message == (
        'template: :1:2: executing "" at <.Bogus>: can\'t evaluate field Bogus in type *formatter.ContainerContext'
    )


def test_table_prefix_adds_headers_and_tabs() -> None:
    """``table`` plus literal backslash-t separators produce an aligned table with headers."""
    out = render_rows("table {{.ID}}\\t{{.Names}}", [_row()], {"ID": "CONTAINER ID", "Names": "NAMES"})
    assert out == "CONTAINER ID   NAMES\n4c01db0b339c   web\n"


def test_render_rows_without_table_has_no_header() -> None:
    """A plain template prints one line per row and no header."""
    assert render_rows("{{.Names}}", [_row(), _row()], {"Names": "NAMES"}) == "web\nweb\n"


def test_render_rows_json() -> None:
    """``--format json`` prints one JSON object per line, keys sorted as Go marshals a map."""
    out = render_rows("json", [_row()], {})
    assert out.startswith('{"ID":"4c01db0b339c","Labels":{"env":"prod","team":"web"},"Names":"web"')
    assert out.endswith("}\n")


def test_render_rows_wraps_errors_like_docker() -> None:
    """List commands prefix template errors with docker's failed to parse/execute wording."""
    with pytest.raises(TemplateError) as info:
        render_rows("{{.ID", [_row()], {})
    assert info.value.message == "failed to parse template: template: :1: unclosed action"
    with pytest.raises(TemplateError) as info:
        render_rows("{{.Nope}}", [_row()], {})
    assert info.value.message.startswith("failed to execute template: template: :1:2: executing")


def test_table_header_pass_like_docker() -> None:
    """Header rows: formatting functions return the header text; a method call on the header ends the line."""
    headers = {"Names": "NAMES", "ID": "CONTAINER ID"}
    out = render_rows("table {{upper .Names}}\\t{{json .ID}}", [_row()], headers)
    assert out.splitlines()[0] == "NAMES     CONTAINER ID"
    out = render_rows('table {{.Names}}\\t{{.Label "env"}}', [_row()], headers)
    assert out.splitlines() == ["NAMES     ", "web       prod"]


def test_nesting_is_bounded_with_a_clear_error() -> None:
    """Blocks nested past the simulator's bound (ifs, or an else-if chain) are a parse error, never a
    RecursionError; below it they run as Go runs them."""
    from dockersim.formatting.template import MAX_NESTING

    deep = "{{if 1}}" * (MAX_NESTING + 5) + "x" + "{{end}}" * (MAX_NESTING + 5)
    with pytest.raises(TemplateError, match="nested more than"):
        Template(deep)
    chain = "{{if 0}}a" + "{{else if 0}}b" * (MAX_NESTING + 5) + "{{end}}"
    with pytest.raises(TemplateError, match="nested more than"):
        Template(chain)
    assert Template("{{if 1}}" * 50 + "x" + "{{end}}" * 50).execute(_row()) == "x"
    assert Template("{{if 0}}a" + "{{else if 0}}b" * 50 + "{{else}}c{{end}}").execute(_row()) == "c"


def test_pad_as_go_and_bounded() -> None:
    """pad repeats spaces (strings.Repeat: a negative count is its panic, reported by text/template), and a
    result past what one command may print is refused instead of allocated."""
    assert Template("[{{pad .Names 1 2}}]").execute(_row()) == "[ web  ]"
    with pytest.raises(TemplateError, match="error calling pad: strings: negative Repeat count"):
        Template("{{pad .Names -1 2}}").execute(_row())
    with pytest.raises(TemplateError, match="error calling pad: the padded text would be"):
        Template("{{pad .Names 2147483647 2147483647}}").execute(_row())
