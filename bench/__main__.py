"""Run the benchmarks: ``python -m bench [--only NAME …] [--runs N]`` (``make bench``)."""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from bench import (
    build_time,
    engine_scale,
    first_answer,
    first_answer_link,
    latency,
    page_weight,
    rebuild,
    scaling,
    search,
)
from bench.browser import chromium
from bench.report import Figure, render_table, write_results
from bench.server import serve
from bench.sites import ROOT, WORK, build, plain_config

RESULTS = ROOT / "bench" / "results.json"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    """Build both sites, serve them on 127.0.0.1, measure, print the table and write results.json."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", nargs="*", default=[], help="names of measurements to run (default: all)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (medians; at least 5 for reports)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the figures (JSON)")
    options = parser.parse_args(argv)
    ours_port, plain_port = _free_port(), _free_port()
    ours_url, plain_url = f"http://127.0.0.1:{ours_port}/", f"http://127.0.0.1:{plain_port}/"
    ours_site, plain_site = WORK / "site", WORK / "plain"
    config = plain_config(plain_site)
    print("building the site and the plain Material baseline …", flush=True)
    build(None, ours_site, ours_url)
    build(config, plain_site, plain_url)

    figures: list[Figure] = []
    with serve(ours_site, ours_port), serve(plain_site, plain_port), chromium() as browser:
        measurements: dict[str, Callable[[], list[Figure]]] = {
            "page-weight": lambda: page_weight.measure(browser, ours_url, plain_url, options.runs),
            "build-time": lambda: build_time.measure(config, ours_url, plain_url, options.runs),
            "scaling": lambda: scaling.measure(options.runs),
            "engine-scale": lambda: engine_scale.measure(browser, ours_url, options.runs),
            "first-answer": lambda: first_answer.measure(browser, ours_url, ours_site, options.runs),
            "first-answer-link": lambda: first_answer_link.measure(browser, ours_site, options.runs),
            "latency": lambda: latency.measure(browser, ours_url),
            "rebuild": lambda: rebuild.measure(browser, ours_url),
            "search": lambda: search.measure(browser, ours_url, options.runs),
        }
        for name, run in measurements.items():
            if options.only and name not in options.only:
                continue
            print(f"measuring {name} …", flush=True)
            figures.extend(run())
    print()
    print(render_table(figures))
    write_results(options.results, figures)
    print(f"\nwritten to {options.results}")
    return 0 if all(figure.passed for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
