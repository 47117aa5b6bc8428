"""Docker's output formatting: table writer, Go-template subset, human sizes and durations, inspect JSON."""

from __future__ import annotations

from dockersim.formatting.table import tabwrite
from dockersim.formatting.template import Template, TemplateError, render_rows
from dockersim.formatting.units import human_duration, human_size

__all__ = ["Template", "TemplateError", "human_duration", "human_size", "render_rows", "tabwrite"]
