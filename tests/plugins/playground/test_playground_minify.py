"""The front end as the site publishes it (minify.py): modules minified with their imports and exports kept,
the worker bundled with its snapshot codec, cached by content."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from docker_notes.playground import minify as minify_module
from docker_notes.playground.minify import minify
from docker_notes.playground.preload import static_imports

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "playground" / "web"
NODE_MODULES = ROOT / "node_modules"

needs_esbuild = pytest.mark.skipif(not (NODE_MODULES / ".bin" / "esbuild").exists(), reason="npm ci not run")


@needs_esbuild
def test_modules_shrink_and_keep_their_imports_and_the_worker_holds_its_codec(tmp_path: Path) -> None:
    names = ["terminal.js", "tryit.js", "snapshot-codec.mjs", "worker.js"]
    built = minify(WEB, names, worker="worker.js", root=ROOT, node_modules=NODE_MODULES, cache_dir=tmp_path)
    assert set(built) == {*names, *(f"{name}.map" for name in names)}
    for name in names:
        source, out = (WEB / name).read_text("utf-8"), built[name].read_text("utf-8")
        assert len(out) < 0.75 * len(source), name
        assert out.rstrip().endswith(f"//# sourceMappingURL={Path(name).name}.map")
    for name in ("terminal.js", "tryit.js"):
        # The same module graph: the page shares its modules' instances (one client, one store).
        wanted = set(re.findall(r"""from\s*["'](\./[\w.-]+)["']""", (WEB / name).read_text("utf-8")))
        assert wanted and set(re.findall(r"""from\s*["'](\./[\w.-]+)["']""", built[name].read_text("utf-8"))) == wanted
    assert "./snapshot-codec.mjs" in static_imports((WEB / "worker.js").read_text("utf-8"))
    worker = built["worker.js"].read_text("utf-8")
    assert "snapshot-codec" not in worker and "DNSNAP" in worker  # the codec's format tag is inside
    again = minify(WEB, names, worker="worker.js", root=ROOT, node_modules=NODE_MODULES, cache_dir=tmp_path)
    assert again == built and all(path.stat().st_mtime == built[name].stat().st_mtime for name, path in again.items())


@needs_esbuild
def test_the_minified_codec_exports_what_the_worker_and_builder_import(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    built = minify(WEB, ["snapshot-codec.mjs"], worker="worker.js", root=ROOT, node_modules=NODE_MODULES,
                   cache_dir=tmp_path)
    script = f"import * as codec from {str(built['snapshot-codec.mjs'].as_uri())!r}; " \
             "console.log(Object.keys(codec).sort().join(' '))"
    source = f"import * as codec from {str((WEB / 'snapshot-codec.mjs').as_uri())!r}; " \
             "console.log(Object.keys(codec).sort().join(' '))"
    ran = [subprocess.run([node, "--input-type=module", "-e", text], capture_output=True, text=True, check=True,
                          timeout=60).stdout for text in (script, source)]
    assert ran[0] == ran[1] and "SnapshotDecoder" in ran[0]


def test_the_site_publishes_minified_modules_and_one_worker_file(built_site: Path) -> None:
    published = built_site / "assets" / "playground"
    worker = (published / "worker.js").read_text("utf-8")
    assert "snapshot-codec" not in worker
    terminal = (published / "terminal.js").read_text("utf-8")
    assert len(terminal) < 0.75 * len((WEB / "terminal.js").read_text("utf-8"))
    assert (published / "terminal.js.map").is_file()


@needs_esbuild
def test_other_sources_results_stay_a_day_for_builds_running_alongside(tmp_path: Path) -> None:
    """A build never removes the files another build (other sources) is about to link; a day later they go."""
    fresh, stale = tmp_path / "frontend" / "0000000000000001", tmp_path / "frontend" / "0000000000000002"
    for folder in (fresh, stale):
        folder.mkdir(parents=True)
        (folder / "dom.js").write_text("export {};\n")
    day_ago = time.time() - minify_module.PRUNE_AFTER_S - 60
    os.utime(stale, (day_ago, day_ago))
    minify(WEB, ["dom.js"], worker="worker.js", root=ROOT, node_modules=NODE_MODULES, cache_dir=tmp_path)
    assert fresh.is_dir() and not stale.exists()
