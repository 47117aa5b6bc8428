"""Command handlers, one module per docker command group (see ``playground/HANDLERS.md``)."""

from __future__ import annotations
