"""``python -m dockersim <docker args…>``: the same as the ``dockersim`` console command."""

from __future__ import annotations

from dockersim.cli.main import console_main

raise SystemExit(console_main())
