"""The modelled link of the first-answer figures on real links (bench/link.py, bench/first_answer_link.py)."""

from __future__ import annotations

import io
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import brotli
import pytest

from bench import first_answer_link
from bench.link import Link, Wire, serve_link


def test_a_wire_sends_no_faster_than_its_rate_and_counts_what_it_sent() -> None:
    """64 KiB at 1 Mbit/s take half a second at least, and every byte arrives, in order."""
    wire = Wire(1e6)
    out = io.BytesIO()
    data = bytes(range(256)) * 256
    started = time.monotonic()
    wire.send(out, data)
    assert time.monotonic() - started >= len(data) * 8 / 1e6 - 0.02
    assert out.getvalue() == data
    assert wire.sent == len(data)
    wire.reset()
    assert wire.sent == 0


def test_a_wire_tells_what_it_had_written_by_a_moment_and_by_path() -> None:
    """sent_by cuts at a wall-clock moment (what an answer had downloaded, not what came while the benchmark
    heard of it); by_path sums each request's bodies."""
    wire = Wire(1e6)
    wire.send(io.BytesIO(), bytes(20_000), "/a.js")
    between = time.time()
    time.sleep(0.01)
    wire.send(io.BytesIO(), bytes(30_000), "/b.wasm")
    assert wire.sent_by(between) == 20_000
    assert wire.sent_by(time.time()) == 50_000
    assert wire.sent_by(between - 60) == 0
    assert wire.by_path == {"/a.js": 20_000, "/b.wasm": 30_000}
    wire.reset()
    assert (wire.by_path, wire.sent_by(time.time())) == ({}, 0)


def test_two_downloads_share_one_wire() -> None:
    """Two bodies sent at once take as long as both one after the other: the link is shared, not doubled."""
    wire = Wire(2e6)
    size = 64 * 1024
    threads = [threading.Thread(target=wire.send, args=(io.BytesIO(), bytes(size))) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started >= 2 * size * 8 / 2e6 - 0.02
    assert wire.sent == 2 * size


def test_the_host_on_a_link_waits_a_round_trip_and_sends_the_brotli_sibling(tmp_path: Path) -> None:
    """A request waits the round trip; a browser that accepts br gets the .br sibling, counted on the wire."""
    body = b"x" * 50_000
    (tmp_path / "file.js").write_bytes(body)
    packed = brotli.compress(body)
    (tmp_path / "file.js.br").write_bytes(packed)
    link = Link("test", 8e6, 0.2, 1.0, 1.0)
    with serve_link(tmp_path, link) as (url, wire):
        request = urllib.request.Request(url + "file.js", headers={"Accept-Encoding": "br, gzip"})
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=30) as response:
            got = response.read()
            encoding = response.headers["Content-Encoding"]
        assert time.monotonic() - started >= 0.2
    assert (encoding, got) == ("br", packed)
    assert wire.sent == len(packed)


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_the_first_try_it_is_timed_from_the_click_to_its_first_answer(browser: Any, built_site: Path) -> None:
    """On a fast link, the Try it sample clicks the first button of /beginner/, presses Enter once the panel
    offers the block's first line, and times the first answer the panel shows."""
    link = Link("fast", 1e9, 0.0, 1.0, 1.0)
    with serve_link(built_site, link) as (url, wire):
        ms, kib = first_answer_link.one_sample(browser.browser_type, url + first_answer_link.TRY_PAGE, "try", wire)
    assert 0 < ms < first_answer_link.TIMEOUT_MS
    assert kib > 0
