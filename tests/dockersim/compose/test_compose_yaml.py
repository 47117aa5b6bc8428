"""The compose YAML reader: values, go-yaml typing, error texts and bounds."""

from __future__ import annotations

import math

import pytest
from dockersim.compose.yaml import MAX_DEPTH, YAMLError, load, load_all, resolve_plain

from tests.dockersim.cpu_budget import cpu_seconds

VALUES = [
    ("a: 1\n", {"a": 1}),
    ("a:\n", {"a": None}),
    ("a: ~\nb: null\nc: Null\n", {"a": None, "b": None, "c": None}),
    ("a: true\nb: False\nc: yes\nd: on\n", {"a": True, "b": False, "c": "yes", "d": "on"}),
    (
        "a: 0755\nb: 0x1F\nc: 0o17\nd: 0b101\ne: 1_000\nf: -3\n",
        {"a": 493, "b": 31, "c": 15, "d": 5, "e": 1000, "f": -3},
    ),
    ("a: .5\nb: 1e3\nc: -1.25\n", {"a": 0.5, "b": 1000.0, "c": -1.25}),
    ("a: 2001-12-14\nb: 80:80\nc: '80'\nd: \"3.8\"\n", {"a": "2001-12-14", "b": "80:80", "c": "80", "d": "3.8"}),
    ("a: http://x:80/y\n", {"a": "http://x:80/y"}),
    ("k: v # comment\n# whole line\nl: 'q' # c\n", {"k": "v", "l": "q"}),
    ("k: a#b\n", {"k": "a#b"}),
    ("- a\n- - b\n  - c\n- k: v\n  k2: v2\n", ["a", ["b", "c"], {"k": "v", "k2": "v2"}]),
    ("a:\n- x\n- y\nb: 1\n", {"a": ["x", "y"], "b": 1}),
    ("a:\n  - x\n  -\n  - z\n", {"a": ["x", None, "z"]}),
    ('t: ["CMD", "curl", "-f"]\n', {"t": ["CMD", "curl", "-f"]}),
    ('t: ["CMD",\n   "curl"]\n', {"t": ["CMD", "curl"]}),
    ("m: {a: 1, b: [x, y], c: }\n", {"m": {"a": 1, "b": ["x", "y"], "c": None}}),
    ("e: []\nf: {}\n", {"e": [], "f": {}}),
    ("k: 'it''s'\n", {"k": "it's"}),
    ('k: "tab\\tnl\\nq\\"u\\u00e9"\n', {"k": 'tab\tnl\nq"u\u00e9'}),
    ('m: "multi\n  line"\n', {"m": "multi line"}),
    ('m: "a\n\n  b"\n', {"m": "a\nb"}),
    ('m: "x\\\n   y"\n', {"m": "xy"}),
    ("p: plain\n  continued\n  more\n", {"p": "plain continued more"}),
    ("x: |\n  a\n  b\n", {"x": "a\nb\n"}),
    ("x: |-\n  a\n  b\n\n", {"x": "a\nb"}),
    ("x: |+\n  a\n\n", {"x": "a\n\n"}),
    ("x: >\n  foo\n  bar\n\n  baz\n", {"x": "foo bar\nbaz\n"}),
    ("x: >-\n  one\n    two\n  three\n", {"x": "one\n  two\nthree"}),
    ("x: |2\n    indented\n", {"x": "  indented\n"}),
    ("x: |\n  a\ny: 1\n", {"x": "a\n", "y": 1}),
    (
        "base: &b\n  image: x\n  ports: [80]\nweb:\n  <<: *b\n  image: y\n",
        {"base": {"image": "x", "ports": [80]}, "web": {"image": "y", "ports": [80]}},
    ),
    (
        "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n",
        {"a": {"x": 1}, "b": {"x": 2, "y": 2}, "c": {"x": 1, "y": 2}},
    ),
    ("a: &v 5\nb: *v\nl: [*v, *v]\n", {"a": 5, "b": 5, "l": [5, 5]}),
    (
        "x-common: &c\n  restart: always\nservices:\n  s:\n    <<: *c\n",
        {"x-common": {"restart": "always"}, "services": {"s": {"restart": "always"}}},
    ),
    ("---\na: 1\n", {"a": 1}),
    ("%YAML 1.2\n---\na: 1\n...\n", {"a": 1}),
    ("# only a comment\n", None),
    ("", None),
    ("'quoted key': 1\n\"dq\": 2\n", {"quoted key": 1, "dq": 2}),
    ("a: !!str 1\n", {"a": 1}),
    ("\ufeffa: 1\r\nb: 2\r\n", {"a": 1, "b": 2}),
]


@pytest.mark.parametrize(("text", "expected"), VALUES)
def test_values(text: str, expected: object) -> None:
    """Each snippet reads to the value go-yaml v3 decodes it to (into interface{})."""
    assert load(text) == expected


ERRORS = [
    ("environment: FOO\n  - BAR\n", "yaml: line 2: block sequence entries are not allowed in this context"),
    ("a: b\n  c: d\n", "yaml: line 2: mapping values are not allowed in this context"),
    ("a: b: c\n", "yaml: line 1: mapping values are not allowed in this context"),
    ("services:\n    web:\n      image: x\n  db:\n    image: y\n", "yaml: line 3: did not find expected key"),
    ("a: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'"),
    ("\tx: 1\n", "yaml: line 1: found character that cannot start any token"),
    ("a: *nope\n", "yaml: line 1: unknown anchor 'nope' referenced"),
    ("a: 1\na: 2\n", 'yaml: line 2: mapping key "a" already defined at line 1'),
    ('a: "open\n', "yaml: line 1: found unexpected end of stream"),
    ('a: "bad \\q"\n', "yaml: line 1: found unknown escape character"),
    ("a: @x\n", "yaml: line 1: found character that cannot start any token"),
    ("a: 1\nb\n", "yaml: line 3: could not find expected ':'"),
    ("a\0: 1\n", "yaml: control characters are not allowed"),
    ("a: [1, 2] x\n", "yaml: line 0: did not find expected key".replace("line 0: ", "")),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_errors(text: str, message: str) -> None:
    """Malformed YAML raises YAMLError worded (and line-numbered) as go-yaml words it."""
    with pytest.raises(YAMLError) as info:
        load(text)
    assert info.value.message == message


def test_error_is_a_simulator_error() -> None:
    """YAMLError carries exit code 1 so the dispatcher prints it without a traceback."""
    with pytest.raises(YAMLError) as info:
        load("a: b: c")
    assert info.value.exit_code == 1


def test_billion_laughs_is_refused_quickly() -> None:
    """An alias bomb is an error, not an exponential expansion."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = f"*a{n - 1}"
        lines.append(f"a{n}: &a{n} [{', '.join([prev] * 9)}]")
    with cpu_seconds() as spent, pytest.raises(YAMLError, match="excessive aliasing"):
        load("\n".join(lines) + "\n")
    assert spent() < 5


@pytest.mark.parametrize("kind", ["flow", "block-map", "block-seq"])
def test_depth_is_capped(kind: str) -> None:
    """Nesting deeper than MAX_DEPTH is an error, never a RecursionError."""
    depth = MAX_DEPTH + 50
    if kind == "flow":
        text = "a: " + "[" * depth + "]" * depth + "\n"
    elif kind == "block-map":
        text = "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "v\n"
    else:
        text = "".join(" " * (2 * i) + "-\n" for i in range(depth)) + " " * (2 * depth) + "x\n"
    with pytest.raises(YAMLError, match="exceeded max depth"):
        load(text)


def test_one_megabyte_file_reads() -> None:
    """A 1 MB compose-like file reads in reasonable time."""
    service = "  svc{n}:\n    image: nginx:alpine\n    environment:\n      - KEY_{n}=value-{n}\n    ports: ['{n}:80']\n"
    body = "services:\n" + "".join(service.format(n=n) for n in range(12_000))
    assert len(body) > 1_000_000
    with cpu_seconds() as spent:
        data = load(body)
    assert len(data["services"]) == 12_000
    assert spent() < 20


def test_load_all_reads_every_document() -> None:
    """Multi-document streams yield one value per document."""
    assert load_all("---\na: 1\n---\nb: 2\n") == [{"a": 1}, {"b": 2}]


def test_aliases_are_copies() -> None:
    """Mutating an alias' value does not change the anchored node (loader normalizes in place)."""
    data = load("a: &x {k: [1]}\nb: *x\n")
    data["b"]["k"].append(2)
    assert data["a"] == {"k": [1]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [(".inf", math.inf), ("-.Inf", -math.inf), ("+5", 5), ("0", 0), ("1.", 1.0), ("0x", "0x"), ("1_0.5", 10.5)],
)
def test_resolve_plain(text: str, expected: object) -> None:
    """Plain scalar typing follows go-yaml v3's resolve()."""
    assert resolve_plain(text) == expected


def test_nan() -> None:
    """.nan resolves to a float NaN."""
    assert math.isnan(resolve_plain(".nan"))
