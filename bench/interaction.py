"""Helpers for the in-page interaction figures: time a key or a click to a DOM change, inside the page.

Every time is two ``performance.now()`` readings in the page: one in a capture-phase listener (the key or
the click) and one in a MutationObserver callback (the DOM the reader looks at changed). Playwright's own
round trips are never inside a sample, and it does not poll while a sample runs. The end point is the DOM
update; the browser paints it at its next frame (up to one frame later, the same for a figure and its
baseline).
"""

from __future__ import annotations

import time
from typing import Any

#: Installs ``window.__benchTimer``: ``arm(selector, options)`` starts watching, keydown/click stamp t0,
#: the first matching mutation after t0 pushes ``now - t0`` to ``samples``.
TIMER = """
() => {
  if (window.__benchTimer) return;
  const timer = { t0: null, samples: [], observer: null, waiters: [] };
  const stamp = () => { if (timer.t0 === null) timer.t0 = performance.now(); };
  window.addEventListener("keydown", stamp, { capture: true });
  timer.arm = (selector, options) => {
    timer.observer?.disconnect();
    timer.t0 = null;
    const target = document.querySelector(selector);
    if (!target) throw new Error("nothing matches " + selector);
    timer.observer = new MutationObserver(() => {
      if (timer.t0 === null) return;
      timer.samples.push(performance.now() - timer.t0);
      timer.t0 = null;
      for (const wake of timer.waiters.splice(0)) wake();
    });
    timer.observer.observe(target, options);
  };
  timer.click = (selector) => { timer.t0 = performance.now(); document.querySelector(selector).click(); };
  // Resolves true once there are more than `before` samples, false after `ms` (the pending start dropped).
  timer.next = (before, ms) => new Promise((resolve) => {
    if (timer.samples.length > before) return resolve(true);
    const giveUp = setTimeout(() => { timer.t0 = null; resolve(false); }, ms);
    timer.waiters.push(() => { clearTimeout(giveUp); resolve(true); });
  });
  window.__benchTimer = timer;
}
"""


def install(page: Any) -> None:
    """Install the timer in the current document."""
    page.evaluate(TIMER)


def arm(page: Any, selector: str, options: dict[str, Any]) -> None:
    """Watch ``selector`` with MutationObserver ``options`` (the previous watch stops)."""
    page.evaluate("([selector, options]) => window.__benchTimer.arm(selector, options)", [selector, options])


def count(page: Any) -> int:
    """Samples so far."""
    return int(page.evaluate("() => window.__benchTimer.samples.length"))


def samples(page: Any) -> list[float]:
    """Every sample (ms)."""
    return [float(value) for value in page.evaluate("() => window.__benchTimer.samples")]


def reset(page: Any) -> None:
    """Forget the samples (and any pending start)."""
    page.evaluate("() => { window.__benchTimer.samples = []; window.__benchTimer.t0 = null; }")


def wait_for_sample(page: Any, before: int, timeout_s: float = 10.0) -> bool:
    """Wait until there are more than ``before`` samples; False on timeout (the pending start is dropped).

    One call that the page answers when its observer records the sample: no polling competes for the CPU
    with what is being measured (these machines have two cores).
    """
    return bool(page.evaluate("([before, ms]) => window.__benchTimer.next(before, ms)", [before, timeout_s * 1000]))


def wait_until(page: Any, expression: str, timeout_s: float = 120.0) -> Any:
    """Poll ``expression`` until it is truthy (the site's CSP forbids ``wait_for_function``'s eval)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(f"() => {expression}")
        if value:
            return value
        page.wait_for_timeout(25)
    raise TimeoutError(f"{expression} stayed false for {timeout_s:.0f} s on {page.url}")
