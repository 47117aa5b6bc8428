"""Helpers for the hardening tests: a Content-Security-Policy violation recorder installed before any page script."""

from __future__ import annotations

from typing import Any

import pytest

# Runs in every document of the context before its own scripts: every CSP violation is kept on window.
CSP_RECORDER = """
(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push({
      directive: e.effectiveDirective || e.violatedDirective,
      blocked: String(e.blockedURI || ""),
      source: String(e.sourceFile || ""),
      line: e.lineNumber,
      sample: String(e.sample || ""),
    });
  });
})();
"""


def violations(page: Any) -> list[dict[str, Any]]:
    """The CSP violations the current document has seen so far."""
    return page.evaluate("() => window.__cspViolations || []")


@pytest.fixture
def csp_page(page: Any) -> Any:
    """The shared ``page`` fixture with the CSP violation recorder installed."""
    page.context.add_init_script(CSP_RECORDER)
    return page
