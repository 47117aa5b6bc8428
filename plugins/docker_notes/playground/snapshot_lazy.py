"""What the snapshot left out, loaded by the first command that imports it (Python, inside the snapshot).

The snapshot holds only the modules the first commands need (``dockersim.worker`` and what the build's warm-up
imports). The rest (the other ``dockersim`` modules and the standard-library modules only they import) is one
archive published beside the snapshot, ``dockersim.rest.zip``. ``snapshot.mjs`` runs this file as the module
``_dnp_lazy`` and appends :class:`RestFinder` to ``sys.meta_path``: it is asked last, so only for a module no
other finder found. The first time, it downloads the archive (with the function the worker gave
:func:`install`, a synchronous request: an import cannot wait), writes it where the standard library zip lives
(the packages the snapshot already imported look there) and adds its ``dockersim`` folders to those packages'
paths; then the normal path finder looks again. Without :func:`install` (a normal start, the build) it finds
nothing.
"""

import importlib.machinery
import pathlib
import sys
import zipimport

state = {"fetch": None, "url": "", "zip": "", "mounted": False}
"""The download function and the archive's URL (:func:`install`), where the standard library zip was when
the snapshot was made (set by ``snapshot_prepare.py``), and whether the archive is in place."""


def install(fetch, url):
    """Let the finder download the archive at ``url`` with ``fetch(url)`` (bytes, or an object with
    ``to_bytes()``: a JavaScript Uint8Array) the first time a module is missing."""
    state["fetch"] = fetch
    state["url"] = str(url)


def mount():
    """Download the archive and put it where imports look; False when it cannot be had (no :func:`install`)."""
    fetch = state["fetch"]
    if state["mounted"] or fetch is None or not state["zip"]:
        return False
    try:
        data = fetch(state["url"])
        data = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)
    except Exception as error:  # a JavaScript error too: the import fails with a reason, a later one retries
        raise ImportError(f"the playground could not download the rest of the simulator ({error})") from None
    pathlib.Path(state["zip"]).write_bytes(data)
    state["mounted"] = True
    if state["zip"] not in sys.path:
        sys.path.append(state["zip"])
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "dockersim" and isinstance(getattr(module, "__path__", None), list):
            module.__path__.append(state["zip"] + "/" + name.replace(".", "/"))
    for key in [key for key in sys.path_importer_cache if key.startswith(state["zip"])]:
        del sys.path_importer_cache[key]
    # Not importlib.invalidate_caches(): the path finder's would import importlib.metadata.
    zipimport._zip_directory_cache.pop(state["zip"], None)
    return True


class RestFinder:
    """The last finder of ``sys.meta_path``: mounts the archive once, then asks the path finder again."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        """The path finder's answer once the archive is in place; None when it was already (or cannot be)."""
        if not mount():
            return None
        return importlib.machinery.PathFinder.find_spec(fullname, path, target)

    @classmethod
    def invalidate_caches(cls):
        """Nothing cached here."""
