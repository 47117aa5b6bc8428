"""A large ``.dockerignore`` costs what reading it costs (issue #22, linear costs): names without wildcards
are compared as strings, and without a ``!`` line they are one set lookup per path and parent."""

from __future__ import annotations

import pytest
from dockersim.build import ignore
from dockersim.build.ignore import PatternMatcher, _tokens, match_tokens

CASES = [
    (["node_modules", "*.log", "docs/**/draft*"], ["node_modules/x/y.js", "a.log", "b/a.log", "docs/a/draft1", "m.go"]),
    (["a", "!a/keep", "b/c"], ["a/x", "a/keep", "a/keep/y", "b/c/d", "b/d"]),
    (["build", "build/x"], ["build", "build/x/y", "buildx"]),
    (["dir\\*", "lit[ab]"], ["dir*", "dirx", "lita", "litc"]),
]


@pytest.mark.parametrize(("patterns", "paths"), CASES)
def test_plain_names_match_as_the_token_walk_does(patterns: list[str], paths: list[str]) -> None:
    """The fast paths give docker's answers: the same as walking every pattern's tokens."""
    fast = PatternMatcher(patterns)
    slow = PatternMatcher(patterns)
    for pattern in slow.patterns:
        pattern.tokens, pattern.literal = _tokens(pattern.text), False
    slow._names, slow._wild = None, slow.patterns
    for path in paths:
        assert fast.matches(path) == slow.matches(path), path


def test_fifty_thousand_names_are_not_walked_for_each_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """50,000 plain names and one wildcard: a path three levels deep walks the wildcard's tokens three
    times, never the 50,000 names (the 1 MB file took 28 s)."""
    walked: list[int] = []

    def counting(tokens: list[tuple[str, str]], path: str) -> bool:
        walked.append(1)
        return match_tokens(tokens, path)

    monkeypatch.setattr(ignore, "match_tokens", counting)
    matcher = PatternMatcher([f"dir{i}/file{i}.txt" for i in range(50_000)] + ["*.tmp"])
    assert matcher.matches("dir7/file7.txt/inner")
    assert not matcher.matches("src/app/main.go")
    assert len(walked) <= 2 * 3, len(walked)
    assert all(p.literal and not p.tokens for p in matcher.patterns[:50_000])
