"""Variable substitution (BuildKit's shell lexer) and .dockerignore matching (moby patternmatcher)."""

from __future__ import annotations

import pytest
from dockersim.build.context import from_files
from dockersim.build.ignore import PatternMatcher, read_patterns
from dockersim.build.shell import LexError, display, expand, expand_words
from hypothesis import given, settings
from hypothesis import strategies as st

ENV = {"A": "alpha", "E": "", "P": "/usr/bin:/bin", "F": "archive.tar.gz"}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("$A", "alpha"),
        ("${A}", "alpha"),
        ("${A}-x", "alpha-x"),
        ("$UNSET", ""),
        ("${UNSET:-dflt}", "dflt"),
        ("${E:-dflt}", "dflt"),
        ("${E-dflt}", ""),
        ("${UNSET-dflt}", "dflt"),
        ("${A:+set}", "set"),
        ("${E:+set}", ""),
        ("${E+set}", "set"),
        ("${UNSET+set}", ""),
        ("${UNSET:-${A}}", "alpha"),
        ("'$A'", "$A"),
        ('"$A b"', "alpha b"),
        ("\\$A", "$A"),
        ("${F%.gz}", "archive.tar"),
        ("${F%%.*}", "archive"),
        ("${F#*.}", "tar.gz"),
        ("${F##*.}", "gz"),
        ("$", "$"),
        ("a$-b", "ab"),
        ("${A:#al}", "pha"),
        ("$10x", "x"),
    ],
)
def test_substitution(word: str, expected: str) -> None:
    """Each form of ``$VAR`` substitution expands as BuildKit's lexer expands it."""
    assert expand(word, ENV) == expected


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("${A", "unsupported modifier (\ufffd) in substitution"),
        ("${A:-x", "syntax error: missing '}'"),
        ("${}", "syntax error: bad substitution"),
        ("${:x}", "syntax error: bad substitution"),
        ("${E:?must be set}", "E: must be set"),
        ("${UNSET?}", "UNSET: is not allowed to be unset"),
        ("${A:x}", "unsupported modifier (:x) in substitution"),
        ("'open", "unexpected end of statement while looking for matching single-quote"),
    ],
)
def test_substitution_errors(word: str, message: str) -> None:
    """Malformed substitutions fail with BuildKit's messages."""
    with pytest.raises(LexError, match=message.replace("(", r"\(").replace(")", r"\)")):
        expand(word, ENV)


def test_words_split_unquoted_expansions() -> None:
    """ProcessWords splits on unquoted whitespace, including inside expanded values."""
    assert expand_words('a "b c" $X', {"X": "d e"}) == ["a", "b c", "d", "e"]


def test_display_keeps_quotes_and_unknown_variables() -> None:
    """Step names substitute known variables and leave unknown references and quotes as written."""
    assert display('echo "Building for ${NODE_ENV}" $OTHER', {"NODE_ENV": "production"}) == (
        'echo "Building for production" $OTHER'
    )


def test_deep_nesting_is_bounded() -> None:
    """Nesting is capped so no input can exhaust Python's stack."""
    with pytest.raises(LexError):
        expand("${A:-" * 5000 + "}" * 5000, ENV)


IGNORE = """
# comment
node_modules
/build
*.log
**/*.tmp
docs/**
!docs/keep.md
src/*.test.js
 dist/{space}
.
""".format(space=" ")


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        ("node_modules", True),
        ("node_modules/express/index.js", True),
        ("a/node_modules/x", False),
        ("build/app.js", True),
        ("server.log", True),
        ("logs/server.log", False),
        ("x.tmp", True),
        ("deep/down/x.tmp", True),
        ("docs/guide.md", True),
        ("docs/keep.md", False),
        ("src/app.test.js", True),
        ("src/app.js", False),
        ("src/sub/app.test.js", False),
        ("dist/bundle.js", True),
        ("Dockerfile", False),
        ("# comment", False),
    ],
)
def test_dockerignore_patterns(path: str, ignored: bool) -> None:
    """Patterns follow moby patternmatcher: **, ! exceptions, leading / stripped, parents match."""
    assert PatternMatcher(read_patterns(IGNORE)).matches(path) is ignored


def test_read_patterns_normalizes() -> None:
    """Leading slashes are stripped, whitespace trimmed, paths cleaned and comments dropped."""
    assert read_patterns("/a/b/\n  ./c  \n#x\n! /d\n") == ["a/b", "c", "!d"]


def test_context_drops_ignored_files_but_keeps_dockerfile_readable() -> None:
    """Ignored files never reach the builder; the Dockerfile itself is read separately either way."""
    context = from_files(
        {"Dockerfile": "FROM alpine\n", "a.txt": "a", "b.log": "b", ".dockerignore": "*.log\nDockerfile\n"}
    )
    assert set(context.files) == {"a.txt", ".dockerignore"}
    assert context.excluded == ["Dockerfile", "b.log"]
    assert context.is_excluded("b.log")


def test_context_selection() -> None:
    """COPY sources select files, directories and wildcards (an empty wildcard is allowed)."""
    context = from_files({"package.json": "{}", "package-lock.json": "{}", "src/a.js": "a", "src/lib/b.js": "b"})
    assert set(context.select("package*.json") or {}) == {"package.json", "package-lock.json"}
    assert set(context.select("src") or {}) == {"a.js", "lib/b.js"}
    assert set(context.select("./src/") or {}) == {"a.js", "lib/b.js"}
    assert context.select("*.md") == {}
    assert context.select("missing.txt") is None
    assert len(context.select(".") or {}) == 4


def test_ignore_matching_is_bounded() -> None:
    """Many ** and * in a pattern against a long path stay fast (no regex backtracking)."""
    pattern = "**/" * 30 + "*a*" * 30 + "b"
    assert PatternMatcher([pattern]).matches("a/" * 200 + "x" * 2000) is False


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab/*?[]!.\\ -", max_size=12), max_size=6), st.text(alphabet="ab/.-", max_size=30))
def test_matcher_never_raises(patterns: list[str], path: str) -> None:
    """Any pattern list and path give a yes/no answer, never an exception."""
    PatternMatcher(read_patterns("\n".join(patterns))).matches(path.strip("/") or "a")
