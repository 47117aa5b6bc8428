"""The site's link validation: mkdocs.yml turns every kind of link problem into a warning, so the strict build
fails on a broken internal link or anchor (checked on a temporary docs folder with the same settings)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


class _TagTolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its !ENV and !!python/name tags."""


_TagTolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TagTolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_config() -> dict[str, Any]:
    """The project's mkdocs.yml."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TagTolerantLoader)


def build(tmp_path: Path, pages: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A strict build of ``pages`` with the site's validation settings."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = {
        "site_name": "links",
        "strict": site_config()["strict"],
        "validation": site_config()["validation"],
        "markdown_extensions": [{"toc": {"permalink": True}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
        timeout=60,
    )


def test_every_link_check_warns_and_the_build_is_strict() -> None:
    """All four validation kinds are warnings (not info), and the build is strict."""
    config = site_config()
    assert config["strict"] is True
    assert config["validation"]["links"] == {
        "not_found": "warn",
        "anchors": "warn",
        "absolute_links": "warn",
        "unrecognized_links": "warn",
    }


GOOD = {
    "index.md": "# Home\n\nSee [the other page](other.md#details).\n",
    "other.md": "# Other\n\n## Details\n\nText.\n",
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ("# Home\n\n[gone](missing.md)\n", "missing.md"),
        ("# Home\n\n[anchor](other.md#no-such-heading)\n", "no-such-heading"),
        ("# Home\n\n[absolute](/other/)\n", "/other/"),
        ("# Home\n\n[odd](other)\n", "other"),
    ],
    ids=["not-found", "anchor", "absolute", "unrecognized"],
)
def test_strict_build_fails_on_a_broken_internal_link(tmp_path: Path, page: str, problem: str) -> None:
    """A page with a broken link makes the strict build fail, naming the link; the same pages without it pass."""
    result = build(tmp_path, {**GOOD, "index.md": page})
    assert result.returncode != 0, result.stderr
    assert problem in result.stderr
    (tmp_path / "control").mkdir()
    control = build(tmp_path / "control", GOOD)
    assert control.returncode == 0, control.stderr
