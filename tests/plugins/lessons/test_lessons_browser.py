"""A reader's walk through the notes in Chromium: every Try it of every page, in order, Enter through every
line. No error may appear that the Markdown did not mark as the lesson's point.

The buttons are clicked and the keys pressed as a reader does (Playwright's mouse and keyboard); what the
test reads between two presses is read in one call into the page (:data:`OFFERED`, :data:`AFTER_ENTER`,
:data:`SETTLED`, :data:`BLOCK_END`), which waits there for its condition: the walk's ~260 lines took some
eight Playwright round trips each, which cost more than the lines themselves."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.browser

#: A prune line that asks before it removes (no -f / --force).
PRUNE_ASKS = re.compile(r"^docker (container|volume|image|network|system|builder) prune\b(?!.*\s(-f|--force)\b)", re.M)
#: What the simulator prints when a container's PID 1 ignores Ctrl+C and the client keeps waiting.
IGNORED = "so it ignores Ctrl+C and docker keeps waiting"
#: The note under an error the lesson's Markdown marked as its point.
MARKED = "This error is the lesson's point."
PAGES = ("beginner/", "intermediate/", "advanced/")  # the Summary's one block is a syntax list: no Try it

#: In the page: wait (polling every 10 ms, at most ``ms``) until the open panel's terminal meets ``until``, then
#: return its state: finished lines, live or not, the input's value and placeholder, the prompt and hint, exit
#: lines, ignored Ctrl+C notes, marked errors, whether the playground stopped, and the output's last text.
#: ``until`` holds when any of its keys holds: ``value`` (the input shows it), ``runs`` (more lines finished),
#: ``live`` (a line keeps running), ``ignored`` (more ignored Ctrl+C), ``hint`` (the hint says it), ``gone`` (no
#: panel is open); with none, the state is read at once. No panel: null.
POLL = """async ([until, ms, marked, ignoredText]) => {
  const find = () => document.querySelector(".dnp-try-panel [data-dnp-terminal]");
  const count = (root, text) => (root.querySelector(".dnp-term__output")?.textContent ?? "").split(text).length - 1;
  const met = (root) => {
    if (!root) return Boolean(until.gone);
    const runs = Number(root.dataset.runs || 0);
    return ("value" in until && root.querySelector(".dnp-term__input")?.value === until.value)
      || ("runs" in until && runs > until.runs)
      || (until.live === true && root.classList.contains("dnp-term--live"))
      || ("ignored" in until && count(root, ignoredText) > until.ignored)
      || ("hint" in until && (root.querySelector(".dnp-term__hint")?.textContent ?? "").includes(until.hint));
  };
  const deadline = performance.now() + ms;
  const waiting = Object.keys(until).length > 0;
  while (waiting && !met(find()) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const root = find();
  if (!root) return null;
  const panel = root.closest(".dnp-try-panel");
  const input = root.querySelector(".dnp-term__input");
  const output = root.querySelector(".dnp-term__output");
  let marks = 0;
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) if (walker.currentNode.data.includes(marked)) marks += 1;
  return {
    runs: Number(root.dataset.runs || 0),
    live: root.classList.contains("dnp-term--live"),
    value: input?.value ?? null,
    placeholder: input?.getAttribute("placeholder") ?? null,
    prompt: root.querySelector(".dnp-term__prompt-text")?.textContent ?? "",
    hint: root.querySelector(".dnp-term__hint")?.textContent ?? "",
    exits: panel.querySelectorAll(".dnp-exit").length,
    ignored: count(root, ignoredText),
    marked: marks,
    stopped: (output?.textContent ?? "").includes("The playground is not running"),
    tail: (output?.innerText ?? "").slice(-600),
  };
}"""


def poll(page, until: dict[str, object], ms: float = 0) -> dict:
    """The open panel's terminal state once ``until`` holds or ``ms`` have passed (see :data:`POLL`); the caller
    asserts on what it got. ``{}`` when no panel is open."""
    return page.evaluate(POLL, [until, ms, MARKED, IGNORED]) or {}


def _enter(page, term_input, before: int) -> tuple[str, dict]:
    """Press Enter on the queued line; a line that keeps running (an -it session, a foreground run, a
    stream) is left as a reader leaves it: Ctrl+D for a session, Ctrl+C for the rest ("left"); docker's [y/N]
    question (a prune) is answered y, as the notes tell ("answered"); else the line just ran ("ran").
    Returns the outcome and the terminal's state once the line has ended."""
    term_input.press("Enter")
    state = poll(page, {"runs": before, "live": True}, 120_000)
    assert state.get("runs", 0) > before or state.get("live"), f"the line neither ended nor ran on: {state}"
    if state["runs"] > before:
        return "ran", state
    question = state["prompt"].endswith("[y/N]")
    if question:
        hint = poll(page, {"hint": "Type y and press Enter to go on"}, 20_000)["hint"]
        assert "Type y and press Enter to go on" in hint, hint
        term_input.fill("y")
        term_input.press("Enter")
    elif state["placeholder"] == "":  # a session reads its input: Ctrl+D ends it
        term_input.press("Control+D")
    else:
        # Ctrl+C stops the rest, but Node as PID 1 ignores it (the simulator says so at once), so the client
        # gives up only at the third press ("got 3 SIGTERM/SIGINTs, forcefully exiting"), as the notes tell.
        ignored = state["ignored"]
        term_input.press("Control+C")
        state = poll(page, {"runs": before, "ignored": ignored}, 60_000)
        if state["runs"] == before:
            assert state["ignored"] > ignored, f"Ctrl+C neither ended the line nor was ignored: {state}"
            term_input.press("Control+C")
            term_input.press("Control+C")
    state = poll(page, {"runs": before}, 60_000)
    assert state["runs"] > before, f"the line left running did not end: {state}"
    if question:  # the notes' prunes (container, volume) went on and said what they reclaimed
        assert "Total reclaimed space" in state["tail"][-400:]
    return ("answered" if question else "left"), state


@pytest.mark.parametrize("path", PAGES)
def test_walk_every_try_it_of_the_page(page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    blocks = page.locator(".highlight[data-dnp-try]")
    specs = [json.loads(text or "{}") for text in blocks.evaluate_all("(els) => els.map((el) => el.dataset.dnpTry)")]
    unmarked: list[str] = []
    asked = answered = 0
    for index, spec in enumerate(specs):
        button = blocks.nth(index).locator("button[data-md-type=dnp-try]")
        button.click()
        panel = page.locator(".dnp-try-panel")
        term_input = panel.locator("[data-dnp-terminal] .dnp-term__input")
        interrupted = 0  # a line left with Ctrl+C ends with docker's status for it (130): no lesson error
        for item in spec["lines"]:
            first, *rest = item["line"].split("\n")
            offered = f"{first} …" if rest else first
            state = poll(page, {"value": offered}, 20_000)
            assert state.get("value") == offered, f"{spec['key']}: the terminal does not offer the line: {state}"
            asked += bool(PRUNE_ASKS.search(item["line"]))
            outcome, after = _enter(page, term_input, state["runs"])
            answered += outcome == "answered"
            if outcome == "left":
                interrupted += after["exits"] - state["exits"]
        end = poll(page, {})
        assert not end["stopped"], spec["key"]
        exits = end["exits"] - interrupted
        if exits > end["marked"]:
            unmarked.append(f"{spec['key']}: {exits} errors, {end['marked']} marked\n{end['tail']}")
        button.click()  # close: one panel at a time, as a reader going down the page
        assert poll(page, {"gone": True}, 20_000) == {}, f"{spec['key']}: the panel did not close"
    assert specs
    assert answered == asked  # every prune without -f waited for its answer
    assert not unmarked, "\n\n".join(unmarked)
