"""What a first-time reader meets: a labelled Try it on every try-able block, at desktop and phone widths."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# Every Try it button of the page: its visible text, its accessible name, its box and whether it covers
# its block's code.
BUTTONS = """() => [...document.querySelectorAll('.highlight[data-dnp-try]')].map((block) => {
  const button = block.querySelector('button[data-md-type=dnp-try]');
  if (!button) return {missing: true};
  const a = button.getBoundingClientRect();
  const b = block.querySelector('pre > code').getBoundingClientRect();
  const covers = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return {text: button.innerText.trim(), name: button.getAttribute('aria-label'),
          width: a.width, height: a.height, covers};
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_every_try_it_is_labelled_and_off_the_code(page, site_url: str, viewport: dict) -> None:
    """Each try-able block shows "Try it" in words, named for screen readers, never over the code's lines."""
    page.set_viewport_size(viewport)
    page.goto(site_url + "intermediate/")
    page.wait_for_selector("button[data-md-type=dnp-try]")
    buttons = page.evaluate(BUTTONS)
    assert len(buttons) > 10
    for button in buttons:
        assert not button.get("missing")
        assert button["text"] == "Try it"
        assert button["name"].startswith("Try it: ") and button["name"].endswith(" in the playground")
        assert not button["covers"]
        if viewport is PHONE:
            assert button["width"] >= 44 and button["height"] >= 44, button
