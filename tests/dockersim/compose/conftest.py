"""Make ``dockersim`` resolve to the package, not to the ``tests/dockersim`` folder.

pytest puts ``tests/`` (home of the root conftest) on ``sys.path``; there ``tests/dockersim`` is a
namespace-package candidate that shadows the editable install's finder. Putting ``playground/`` first
is what the editable install points at anyway.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PLAYGROUND = str(Path(__file__).resolve().parents[3] / "playground")
if _PLAYGROUND not in sys.path:
    sys.path.insert(0, _PLAYGROUND)
