"""BuildKit's shell-lexer data (``envVarTest``, ``wordsTest``) and its match cases, judged as lex_test.go does."""

from __future__ import annotations

import pytest
from buildkit_data import DATA, data_lines
from dockersim.build.shell import Lexer, LexError, compile_pattern, replace, trim

#: The environment TestShellParser4EnvVars sets.
ENV = {"PWD": "/home", "SHELL": "bash", "KOREAN": "한국어", "NULL": ""}


@pytest.mark.parametrize("case", data_lines("envVarTest"))
def test_env_var_case(case: tuple[int, str]) -> None:
    """Each ``A``/``U`` line expands (ProcessWord) to its expected text, or fails where it says ``error``."""
    _, line = case
    platform, source, expected = (part.strip() for part in line.strip().split("|"))
    if platform == "W":
        pytest.skip("Windows-only case (BuildKit runs it only on Windows)")
    if expected == "error":
        with pytest.raises(LexError):
            Lexer(ENV).word(source)
    else:
        assert Lexer(ENV).word(source) == expected


def _words_cases() -> list[object]:
    """wordsTest lines with the ``ENV`` lines before each one applied (they set the env for later lines)."""
    path = DATA / "shell" / "wordsTest"
    if not path.is_file():
        return data_lines("wordsTest")
    env: dict[str, str] = {}
    out: list[object] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        if line.startswith("ENV "):
            name, _, value = line[3:].lstrip(" ").partition("=")
            env[name] = value
            continue
        out.append(pytest.param((line, dict(env)), id=f"wordsTest:{number}"))
    return out


@pytest.mark.parametrize("case", _words_cases())
def test_words_case(case: tuple[str, dict[str, str]]) -> None:
    """Each line splits (ProcessWords) into the comma-separated words it lists, or ``error``."""
    line, env = case
    source, expected = line.split("|")
    try:
        got = Lexer(env).words(source.strip())
    except LexError:
        got = ["error"]
    assert got == expected.lstrip(" ").split(",")


@pytest.mark.parametrize(
    ("word", "env", "expected"),
    [
        ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", {"FOO": "xxx", "BAR": ""}, "xxx  ccc"),
        ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", {"FOO": "xxx", "BAR": ""}, "xxx bbb ccc"),
        ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", {"FOO": "xxx", "BAR": ""}, "aaa bbb "),
        ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", {"FOO": "xxx", "BAR": ""}, "aaa  "),
        ("${BAR?bbb}", {"BAR": ""}, ""),
        ("${FOO#()[]{\\}^$.\\*\\?|\\\\}", {"FOO": "()[]{}^$.*?|\\x"}, "x"),
        ("${FOO%%\\**}", {"FOO": "xx**"}, "xx"),
        ("${FOO#*x*y}", {"FOO": "xxyy"}, "y"),
        ("${FOO#*}", {"FOO": "xxyy"}, "xxyy"),
        ("${FOO#$BAR}", {"FOO": "xxyy", "BAR": "x"}, "xyy"),
        ("${FOO##*x}", {"FOO": "xxyy"}, "yy"),
        ("${FOO#?\\?}", {"FOO": "???y"}, "?y"),
        ("${ABC:-.}${FOO%x}${ABC:-.}", {"FOO": "xxyy"}, ".xxyy."),
        ("${FOO%%\\**\\*}", {"FOO": "a***yy*"}, "a"),
        (
            "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
            {"FOO": "/foo*/*/*.txt", "NEEDLE": "\\*/"},
            "/foo.*/*.txt - /foo..*.txt",
        ),
        (
            "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
            {"FOO": "/tmp/tmp/bar.txt", "NEEDLE": "/tmp"},
            "/tmp/bar.txt - /bar.txt",
        ),
        (
            "${FOO/$N/$R} - ${FOO//$N/$R}",
            {"FOO": "/a/foo/b/c.txt", "N": "/?/", "R": "/"},
            "/foo/b/c.txt - /foo/c.txt",
        ),
        ("${FOO/$N/$R}", {"FOO": "http://google.de", "N": "http://", "R": "https://"}, "https://google.de"),
        ("${FOO//\\//\\/}", {"FOO": "/tmp/foo.txt"}, "\\/tmp\\/foo.txt"),
        ("${FOO/$BAR/ww}", {"FOO": "xxyy", "BAR": ""}, "wwxxyy"),
        ("${FOO///}", {"FOO": "xxyy"}, "xxyy"),
        ("${FOO///}", {}, ""),
        ("${VAR:?message here$ARG}", {"VAR": "plain", "ARG": "x"}, "plain"),
        ("${VAR?message here$ARG}", {"VAR": "", "ARG": "x"}, ""),
        ("$999aaa${001:-bbb}${@:-c}$#", {}, "aaabbbc"),
    ],
)
def test_match_case(word: str, env: dict[str, str], expected: str) -> None:
    """BuildKit's TestProcessWithMatches cases: defaults, trims with escaped globs, replacements."""
    assert Lexer(env).word(word) == expected


@pytest.mark.parametrize(
    ("word", "env", "message"),
    [
        ("${BAZ?ccc}", {}, "BAZ: ccc"),
        ("${BAR:?bbb}", {"BAR": ""}, "BAR: bbb"),
        ("${BAZ:?}", {}, "BAZ: is not allowed to be unset"),
        ("${VAR:?message here$ARG}", {"ARG": "x"}, "VAR: message herex"),
        ("${FOO=aaa}", {"FOO": "x"}, "unsupported modifier (=) in substitution"),
        ("${FOO=:aaa}", {"FOO": "x"}, "unsupported modifier (=) in substitution"),
        ("${FOO=}", {}, "unsupported modifier (=) in substitution"),
        ("${FOO//ww}", {"FOO": "xxyy"}, "syntax error: missing '/' in ${}"),
        ("${FOO//}", {"FOO": "xxyy"}, "syntax error: missing '/' in ${}"),
        ("${FOO#\\x}", {"FOO": "x"}, "invalid pattern (\\x) in substitution: invalid escape '\\x'"),
    ],
)
def test_match_error(word: str, env: dict[str, str], message: str) -> None:
    """The failing match cases fail with BuildKit's words."""
    with pytest.raises(LexError) as info:
        Lexer(env).word(word)
    assert str(info.value) == message


def test_used_and_unset_names() -> None:
    """Matched and unmatched names are recorded as ProcessWordWithMatches reports them."""
    lexer = Lexer({"FOO": "xxx", "BAR": ""})
    lexer.word("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}")
    assert (set(lexer.used) - set(lexer.unset), set(lexer.unset)) == ({"FOO", "BAR"}, {"BAZ"})


def test_skip_unset_keeps_references() -> None:
    """With SkipUnsetEnv unknown references stay as written, modifiers included."""
    lexer = Lexer({}, raw_quotes=True, skip_unset=True)
    assert lexer.word("$A ${B} ${C:-x} ${D/a/b}") == "$A ${B} ${C:-x} ${D/a/b}"


def test_patterns_are_linear() -> None:
    """A pattern that makes a backtracking matcher explode is matched by the automaton at once."""
    value = "x" * 20_000
    assert trim(value, "*x*x*x*x*x*x*y", prefix=True, greedy=True) == value
    assert replace(value, "x*x*x*y", "-", replace_all=True) == value
    assert compile_pattern("a\\*\\?\\\\b") == ["a", "*", "?", "\\", "b"]
