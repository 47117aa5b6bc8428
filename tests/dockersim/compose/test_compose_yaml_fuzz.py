"""Property tests: no text makes the YAML reader raise anything but YAMLError, or hang."""

from __future__ import annotations

import contextlib

import pytest
from dockersim.compose.yaml import YAMLError, load_all
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.dockersim.cpu_budget import cpu_seconds

TOKENS = [
    "a",
    "b",
    "key",
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "\t",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "\\",
    "#",
    "&x",
    "*x",
    "&y",
    "*y",
    "<<: *x",
    "|",
    ">",
    "|-",
    ">+",
    "---",
    "...",
    "%YAML 1.2",
    "?",
    "!!str",
    "@",
    "`",
    "0x1F",
    "1e3",
    "~",
    "null",
    "true",
    "\\u12",
    "\r",
    "\x00",
    "é",
    "\ufeff",
]

yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
any_text = st.text(max_size=300)


def _check(text: str) -> None:
    with cpu_seconds() as spent, contextlib.suppress(YAMLError):
        load_all(text)
    assert spent() < 10  # generous: an alias bomb stops within ~0.1 s


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish)
def test_yamlish_tokens_never_crash(text: str) -> None:
    """Token soup built from YAML syntax either reads or raises YAMLError, quickly."""
    _check(text)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_arbitrary_text_never_crashes(text: str) -> None:
    """Arbitrary unicode (control chars, surrogates) either reads or raises YAMLError."""
    _check(text)


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=2, max_value=12))
def test_alias_bombs_bounded(levels: int, fan: int) -> None:
    """Anchors that reference the previous level `fan` times expand boundedly or fail cleanly.

    Two classes: a bomb within the alias budget expands, a larger one stops at the budget (~0.1 s of CPU each,
    the bulk of this test); 20 draws over the 132 shapes land in both. On CI this test once took 55 s for ~2 s
    of CPU: the docker oracle in the other xdist worker ran 32 clients at once (now one per core)."""
    lines = ["a0: &a0 [x]"]
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * fan)}]")
    _check("\n".join(lines) + "\n")


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["[", "{a: ", "- ", "k:\n "]))
def test_deep_nesting_bounded(depth: int, opener: str) -> None:
    """Arbitrarily deep nesting fails with YAMLError instead of a RecursionError."""
    text = "".join(" " * i + "k:\n" for i in range(depth)) if opener == "k:\n " else opener * depth
    _check(text)


WORDS = [
    "web", "db", "a b", "x-y", "80:80", "http://h:1/p", "it's", 'say "hi"', "", "multi\nline", "  lead", "trail ",
    "#c", "a #b", "- dash", "key: v", "{x}", "[y]", "*z", "&w", "!t", "|", ">", "@at", "`bt`", "%p", "null", "yes",
    "on", "1.0", "0x10", "~", "é", "tab\there", "x" * 50, "colon:", "?q", "-", ",", "a,b",
]  # fmt: skip
documents = st.recursive(
    st.sampled_from(WORDS),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(["k", "a b", "x-y", "z", "on"]), children)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(
    documents,
    st.sampled_from([None, '"', "'"]),
    st.sampled_from([None, False, True]),
    st.sampled_from([2, 4]),
    st.sampled_from([20, 80]),
)
def test_reads_what_pyyaml_writes(doc: object, style: str | None, flow: bool | None, indent: int, width: int) -> None:
    """Differential: every layout PyYAML's emitter produces (block, flow, quoted, folded) reads back to the same
    value (string-only documents, so YAML 1.1 vs 1.2 typing cannot differ)."""
    pyyaml = pytest.importorskip("yaml")
    text = pyyaml.safe_dump(
        {"root": doc}, default_style=style, default_flow_style=flow, indent=indent, width=width, allow_unicode=True
    )
    assert load_all(text) == [{"root": doc}]
