"""Command latency: Enter → the command's output in the Playground terminal's DOM, p95 over 200 commands.

The commands cycle through ps/images/run/stop/rm/exec/volume/network on a warm, ready page (nginx pulled
first, not timed). The end point is the terminal's ``data-runs`` attribute, written right after a
command's output lines were appended. Baseline: the same page's round trip of a no-op ``true`` shell
command (the prompt line, the worker message, ``dockersim.worker.handle`` with its state diff, no
output), interleaved with the commands. The page saves the state to localStorage when the browser is idle
rather than per command, and its panels read the engine again after the output painted; whatever of that
overlaps a sample counts. Budget: 16 ms absolute (one frame).
"""

from __future__ import annotations

from typing import Any

from bench import interaction
from bench.report import Figure, p95

COMMANDS = 200
CYCLE = [
    "docker run -d --name lat-{n} nginx",
    "docker ps",
    "docker exec lat-{n} whoami",
    "docker images",
    "docker volume create lat-v{n}",
    "docker network create lat-n{n}",
    "docker stop lat-{n}",
    "docker rm lat-{n}",
    "docker volume rm lat-v{n}",
    "docker network rm lat-n{n}",
]
TERMINAL = "[data-dnp-terminal=main]"
INPUT = f"{TERMINAL} .dnp-term__input"


#: The page's one-time start-up work is over: the workbench (loaded when the browser is first idle after the
#: simulator started) is mounted, and the service worker (registered then, precaching in the background) is active.
SETTLED = (
    "(!document.getElementById('workbench') || !!document.querySelector('.dnw'))"
    " && (!document.querySelector('meta[name=dnp-service-worker]') || !!navigator.serviceWorker?.controller)"
)


def open_ready_playground(browser: Any, site_url: str) -> tuple[Any, Any]:
    """A fresh context on the Playground page with the simulator ready and the page's start-up work done
    (what is measured is the steady state, not the start-up: first-answer measures that); (context, page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "playground/")
    page.locator(INPUT).click()
    interaction.wait_until(page, "window.__dockerNotesPlayground && window.__dockerNotesPlayground.status === 'ready'")
    interaction.wait_until(page, SETTLED, 60)
    return context, page


def _run(page: Any, line: str) -> float | None:
    page.fill(INPUT, line)
    before = interaction.count(page)
    page.press(INPUT, "Enter")
    if not interaction.wait_for_sample(page, before):
        return None
    return interaction.samples(page)[-1]


def measure(browser: Any, site_url: str, commands: int = COMMANDS) -> list[Figure]:
    """p95 of Enter → output over ``commands`` commands, against ``true`` interleaved on the same page."""
    context, page = open_ready_playground(browser, site_url)
    try:
        interaction.install(page)
        interaction.arm(page, TERMINAL, {"attributes": True, "attributeFilter": ["data-runs"]})
        _run(page, "docker pull nginx")
        for _ in range(5):  # warm the path up (first calls compile code in the worker)
            _run(page, "true")
            _run(page, "docker ps")
        ours: list[float] = []
        base: list[float] = []
        for index in range(commands):
            line = CYCLE[index % len(CYCLE)].format(n=index // len(CYCLE))
            for target, text in ((ours, line), (base, "true")):
                sample = _run(page, text)
                if sample is None:
                    raise RuntimeError(f"no output within 10 s for {text!r}")
                target.append(sample)
    finally:
        context.close()
    return [
        Figure("command latency p95 (Enter → output)", "ms", p95(ours), p95(base), "no-op `true`, p95", 16.0,
               ours, base, f"{commands} commands: ps/images/run/stop/rm/exec/volume/network", absolute=True)
    ]
