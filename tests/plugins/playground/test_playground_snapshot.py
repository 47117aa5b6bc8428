"""The Pyodide memory snapshot: cached by key, optional (a failure never breaks the build), used by the worker
with a fallback to the normal start."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import dockersim
import pytest
from docker_notes.playground import snapshot
from docker_notes.playground.page import config_module
from docker_notes.playground.runtime_min import NAME as RUNTIME_MIN

from tests.plugins.playground.conftest import wait_ready


def test_key_changes_with_the_pyodide_version_and_the_sources() -> None:
    """A new Pyodide or a changed simulator makes a new snapshot; the same pair reuses the cached one."""
    key = snapshot.snapshot_key("314.0.7", "abc")
    assert key == snapshot.snapshot_key("314.0.7", "abc")
    assert key != snapshot.snapshot_key("314.0.8", "abc")
    assert key != snapshot.snapshot_key("314.0.7", "abd")


def test_key_changes_with_the_builder_scripts(tmp_path: Path) -> None:
    """A changed snapshot format (the codec module) makes a new snapshot."""
    codec = tmp_path / "codec.mjs"
    codec.write_text("export const v = 1;\n", encoding="utf-8")
    first = snapshot.snapshot_key("314.0.7", "abc", codec)
    codec.write_text("export const v = 2;\n", encoding="utf-8")
    assert snapshot.snapshot_key("314.0.7", "abc", codec) != first


def test_imported_modules_lists_every_stdlib_import_even_inside_functions(tmp_path: Path) -> None:
    """The snapshot imports what the simulator may import later, lazily included: imports inside functions
    and ``from x import y`` (y may be a submodule), standard library only, plus the stdlib's own lazy ones."""
    import zipfile

    wheel = tmp_path / "demo-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(
            "demo/core.py",
            "import json\nfrom . import sibling\nfrom demo.other import thing\n"
            "def later():\n    import difflib\n    from xml.dom import minidom\n    import yaml\n",
        )
        archive.writestr("demo-0.dist-info/METADATA", "Name: demo\n")
    names = snapshot.imported_modules(wheel)
    assert {"json", "difflib", "xml.dom", "xml.dom.minidom", *snapshot.LAZY_STDLIB} <= set(names)
    assert not {"yaml", "demo.other", "sibling"} & set(names)
    assert names == sorted(names)


def test_no_node_means_no_snapshot_and_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Node the build goes on without a snapshot (the worker starts the normal way)."""
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "package.json").write_text(json.dumps({"version": "314.0.7"}), encoding="utf-8")
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: None)
    assert snapshot.build_snapshot(tmp_path, tmp_path / "x.whl", "abc", tmp_path / "cache") is None


def test_a_failing_snapshot_script_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A script that fails (here: a wheel that does not exist) yields None and no half-written cache entry."""
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "package.json").write_text(json.dumps({"version": "0"}), encoding="utf-8")
    script = tmp_path / "fail.mjs"
    script.write_text("process.exit(3);\n", encoding="utf-8")
    monkeypatch.setattr(snapshot, "SCRIPT", script)
    if snapshot.shutil.which("node") is None:
        pytest.skip("node is missing")
    assert snapshot.build_snapshot(tmp_path, tmp_path / "x.whl", "abc", tmp_path / "cache") is None
    assert not any((tmp_path / "cache" / "snapshots").iterdir())


def test_config_names_the_snapshot_only_when_there_is_one() -> None:
    """config.js carries ``snapshot`` when the build made one, and no key otherwise."""
    common = {"wheel": "w.whl", "pyodide": "../pyodide/", "root": "../../", "page": "playground/", "workbench": True}
    assert '"snapshot"' not in config_module(**common, version="1")
    assert '"snapshot": "snapshots/k/dockersim.snapshot"' in config_module(
        **common, version="1", snapshot="snapshots/k/dockersim.snapshot"
    )


def test_the_site_ships_the_snapshot_config_points_at(built_site: Path) -> None:
    """The built site has one raw snapshot, config.js names it, and its gzip sibling inflates to it."""
    config = (built_site / "assets" / "playground" / "config.js").read_text(encoding="utf-8")
    data = json.loads(config[config.index("{") : config.rindex("}") + 1])
    found = list((built_site / "assets" / "playground" / "snapshots").rglob("*.snapshot"))
    assert len(found) == 1
    assert (built_site / "assets" / "playground" / data["snapshot"]).resolve() == found[0].resolve()
    assert found[0].read_bytes()[:8] == b"DNSNAP04"
    packed = found[0].with_name(found[0].name + ".gz").read_bytes()
    assert gzip.decompress(packed) == found[0].read_bytes()


def start_and_run(page: object, site_url: str, line: str) -> tuple[object, int]:
    """Start the Playground page's simulator and run ``line``: (whether it started from the snapshot, exit code)."""
    page.goto(site_url + "playground/")  # type: ignore[attr-defined]
    page.locator("[data-dnp-terminal=main] .dnp-term__input").click()  # type: ignore[attr-defined]
    wait_ready(page)
    snapshot = page.evaluate("() => window.__dockerNotesPlayground.info?.snapshot")  # type: ignore[attr-defined]
    code = page.evaluate(  # type: ignore[attr-defined]
        "async (line) => (await window.__dockerNotesPlayground.request('run', {line})).exit_code", line
    )
    return snapshot, code


def says_its_versions(page: object) -> None:
    """The worker's "ready" names the simulator's and Python's versions (read as attributes, not run)."""
    info = page.evaluate("() => window.__dockerNotesPlayground.info")  # type: ignore[attr-defined]
    assert info["version"] == dockersim.__version__
    assert re.fullmatch(r"3\.\d+\.\d+", info["python"]), info["python"]


def test_worker_starts_from_the_snapshot(page: object, site_url: str) -> None:
    """The worker says it started from the snapshot, and the simulator answers."""
    assert start_and_run(page, site_url, "docker run -d nginx") == (True, 0)
    says_its_versions(page)


def test_worker_falls_back_when_the_snapshot_is_missing(page: object, site_url: str) -> None:
    """A snapshot that cannot be downloaded (404) is not a failure: the worker starts the normal way."""

    def missing_snapshot(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        body = re.sub(r'"snapshot": "[^"]+"', '"snapshot": "snapshots/missing/dockersim.snapshot"', response.text())
        route.fulfill(response=response, body=body)  # type: ignore[attr-defined]

    page.route("**/assets/playground/config.js", missing_snapshot)  # type: ignore[attr-defined]
    assert start_and_run(page, site_url, "docker ps") == (False, 0)
    says_its_versions(page)


def test_worker_takes_the_gz_from_a_host_that_sends_the_file_as_it_is(page: object, site_url: str) -> None:
    """A host without precompressed siblings (this test server) answers the snapshot with no Content-Encoding:
    the worker drops that response at its headers and downloads the .gz sibling instead, and inflates it."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))  # type: ignore[attr-defined]
    assert start_and_run(page, site_url, "docker ps") == (True, 0)
    snapshots = [url.rsplit("/", 1)[-1] for url in asked if "/dockersim.snapshot" in url]
    assert snapshots == ["dockersim.snapshot", "dockersim.snapshot.gz"]


def test_worker_takes_the_raw_file_when_the_gz_is_missing(page: object, site_url: str) -> None:
    """Without the .gz (a host that dropped it), the raw snapshot is fetched again, and still used."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))  # type: ignore[attr-defined]
    page.route("**/snapshots/*/dockersim.snapshot.gz", lambda route: route.fulfill(status=404))  # type: ignore[attr-defined]
    assert start_and_run(page, site_url, "docker ps") == (True, 0)
    snapshots = [url.rsplit("/", 1)[-1] for url in asked if "/dockersim.snapshot" in url]
    assert snapshots == ["dockersim.snapshot", "dockersim.snapshot.gz", "dockersim.snapshot"]


def test_commands_that_need_the_rest_download_it_once(page: object, site_url: str) -> None:
    """The snapshot holds what the first commands need; the first request that imports more (the workbench's
    lint, docker build, docker compose) downloads the rest archive beside the snapshot, once,
    and every one of them answers."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))  # type: ignore[attr-defined]
    assert start_and_run(page, site_url, "docker ps") == (True, 0)
    for line in ("docker volume create data", "docker network create net", "docker compose version"):
        code = page.evaluate(  # type: ignore[attr-defined]
            "async (line) => (await window.__dockerNotesPlayground.request('run', {line})).exit_code", line
        )
        assert code == 0, line
    assert len([url for url in asked if url.endswith("/dockersim.rest.zip")]) == 1


def test_config_states_what_a_first_start_downloads(built_site: Path) -> None:
    """config.js tells the reader the real size of the runtime at most: Pyodide's files and the wheel as they
    are, the snapshot as its gzip (what a host without Brotli sends), and the rest archive."""
    text = (built_site / "assets" / "playground" / "config.js").read_text(encoding="utf-8")
    stated = int(re.search(r'"downloadBytes": (\d+)', text).group(1))  # type: ignore[union-attr]
    playground = built_site / "assets" / "playground"
    shipped = [*(built_site / "assets" / "pyodide").iterdir(), *playground.glob("wheels/*/*")]
    shipped = [path for path in shipped if path.suffix not in {".br", ".gz"}]
    shipped += [*playground.glob("snapshots/*/*.snapshot.gz"), *playground.glob("snapshots/*/*.rest.zip")]
    assert stated == sum(path.stat().st_size for path in shipped if path.is_file())


ROOT = Path(__file__).resolve().parents[3]
CORPUS_SCRIPT = Path(__file__).with_name("snapshot_corpus.mjs")
EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18
FENCE = re.compile(r"^```(dockerfile|yaml)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def corpus_requests() -> list[dict[str, object]]:
    """What a reader can send: every corpus command (run, explain; completion for a sample), and every
    Dockerfile (write, build, lint) and compose file (up, ps, logs, down) of the notes."""
    from tests.dockersim.cli.cli_oracle_support import corpus_lines

    requests: list[dict[str, object]] = [{"type": "init", "payload": {"state": None, "seed": 7}}]
    for index, line in enumerate(corpus_lines()):
        command = f"docker {line}"
        requests.append({"type": "run", "payload": {"line": command}})
        requests.append({"type": "explain", "payload": {"line": command}})
        if index % 4 == 0:  # completion walks the same tables for every line; a sample keeps the test quick
            requests.append({"type": "complete", "payload": {"line": command, "cursor": len(command)}})
    for page in sorted((ROOT / "docs").glob("*.md")):
        for kind, body in FENCE.findall(page.read_text(encoding="utf-8")):
            if kind == "dockerfile":
                requests.append({"type": "write_file", "payload": {"path": "Dockerfile", "content": body}})
                requests.append({"type": "run", "payload": {"line": "docker build -t snapshot-check ."}})
                requests.append({"type": "lint", "payload": {"path": "Dockerfile"}})
            elif "services:" in body:
                requests.append({"type": "write_file", "payload": {"path": "compose.yaml", "content": body}})
                for command in ("up -d", "ps", "logs", "down"):
                    requests.append({"type": "run", "payload": {"line": f"docker compose {command}"}})
    requests += [{"type": "state", "payload": {}}, {"type": "reset", "payload": {"state": None}}]
    return [{"id": index, **request} for index, request in enumerate(requests, 1)]


@pytest.mark.timeout(960)
def test_snapshot_start_and_its_rest_archive_answer_everything(built_site: Path, tmp_path: Path) -> None:
    """Started as the worker starts it from the snapshot (no standard library zip, no lock file, no wheel,
    the runtime made from the site's minified copy of Pyodide's module), with the rest archive beside it for
    its finder, the simulator answers the whole corpus of commands and
    the notes' Dockerfiles and compose files with no missing module: every module it can import is in the
    snapshot or in the archive (the trimmed standard library: only what the simulator imports), which the
    first command that needs it downloads, once."""
    node = snapshot.shutil.which("node")
    found = list((built_site / "assets" / "playground" / "snapshots").rglob("*.snapshot"))
    if node is None or not found:
        pytest.skip("no node or no snapshot in this build")
    rest = found[0].with_name(snapshot.REST_NAME)
    requests = corpus_requests()
    (tmp_path / "requests.json").write_text(json.dumps(requests), encoding="utf-8")
    (tmp_path / "empty.zip").write_bytes(EMPTY_ZIP)
    codec = built_site / "assets" / "playground" / "snapshot-codec.mjs"
    result = snapshot.subprocess.run(
        [
            node,
            str(CORPUS_SCRIPT),
            str(ROOT / "node_modules" / "pyodide"),
            str(found[0]),
            str(codec),
            str(tmp_path / "empty.zip"),
            str(tmp_path / "requests.json"),
            str(rest),
            str(built_site / "assets" / "pyodide" / RUNTIME_MIN),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,  # a two-core machine under load took 10 min
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines[0] == {"zipOnPath": []}
    assert lines[-1] == {"mounted": True, "fetched": [str(rest)]}
    replies = lines[1:-1]
    assert [reply["id"] for reply in replies] == [request["id"] for request in requests]
    broken = [
        (requests[reply["id"] - 1], reply)
        for reply in replies
        if "No module named" in reply["text"] + str(reply["error"])
        or "internal error" in reply["text"]
        or (reply["error"] and reply["error"]["code"] in {"thrown", "internal"})
    ]
    assert not broken, broken[:5]
    ran = sum(1 for request in requests if request["type"] == "run")
    print(f"snapshot start with the rest archive: {len(requests)} requests ({ran} commands) answered")


XOR_CHECK = """
import { readFileSync } from "node:fs";
import { activeDataSegments, initialImage, xorInitialImage } from "%s";
// The reference: XOR every data segment of the wasm file into the snapshot's memory.
function xorDataSegments(snapshot, segments) {
  const memory = snapshot.subarray(new DataView(snapshot.buffer).getUint32(4, true));
  for (const { offset, bytes } of segments) for (let i = 0; i < bytes.length; i++) memory[offset + i] ^= bytes[i];
  return snapshot;
}
const wasm = readFileSync(process.argv[2]);
const image = initialImage(wasm);
for (const memoryAt of [64, 65]) {  // aligned (four bytes at a time) and not
  const snapshot = new Uint8Array(image.length + 4096 + memoryAt);
  for (let i = 0; i < snapshot.length; i++) snapshot[i] = (i * 2654435761) >>> 24;
  new DataView(snapshot.buffer).setUint32(4, memoryAt, true);
  const bySegments = xorDataSegments(snapshot.slice(), activeDataSegments(wasm));
  const byImage = xorInitialImage(snapshot.slice(), image);
  if (!bySegments.every((byte, i) => byte === byImage[i])) throw new Error(`differs at memoryAt ${memoryAt}`);
}
console.log(`same over ${image.length} bytes`);
"""


def test_the_initial_memory_undoes_the_same_xor_as_the_data_segments(tmp_path: Path) -> None:
    """The snapshot's XOR with a fresh instance's memory (the data segments, zeros between them) is byte for
    byte the XOR with the wasm file's data segments, aligned or not."""
    node = snapshot.shutil.which("node")
    wasm = ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm"
    if node is None or not wasm.is_file():
        pytest.skip("no node or no Pyodide in node_modules")
    script = tmp_path / "xor_check.mjs"
    codec = (ROOT / "playground" / "web" / "snapshot-codec.mjs").as_uri()
    script.write_text(XOR_CHECK % codec, encoding="utf-8")
    result = snapshot.subprocess.run(
        [node, str(script), str(wasm)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("same over ")


ROUND_TRIP = """
import { readFileSync } from "node:fs";
import { SnapshotDecoder, ZERO_RUN, decodeSnapshot, encodeSnapshot, initialImage, zeroStretches } from "%s";
const wasm = readFileSync(process.argv[2]);
const image = initialImage(wasm);
const memoryAt = 64;
// A Pyodide snapshot: its header, then memory that differs from the data segments here and there, with zeros
// of every length at every alignment (a whole page, a stretch just long enough, one a byte too short, a
// stretch that ends the memory) and a length that is not a multiple of 8.
const snapshot = new Uint8Array(memoryAt + image.length + 3 * 4096 + 5);
snapshot.set([0x50, 0x59, 0x4f, 0x44], 0);
new DataView(snapshot.buffer).setUint32(4, memoryAt, true);
snapshot.set(image, memoryAt);
let seed = 7;
const noise = (from, to) => {
  for (let i = from; i < to; i++) snapshot[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) | 1;
};
const end = snapshot.length;
noise(end - 3 * 4096 - 5, end - 2 * 4096);
for (const [at, length] of [[100, ZERO_RUN], [300, ZERO_RUN - 1], [501, 2 * ZERO_RUN + 3], [1000, 7], [2000, 4096]]) {
  snapshot.fill(0, end - 3 * 4096 - 5 + at, end - 3 * 4096 - 5 + at + length);
}
noise(end - 4096, end - 40);
const file = encodeSnapshot(snapshot, wasm, { lock: { python: "3" } });
const expected = snapshot.slice();
const check = (rebuilt, how) => {
  const same = rebuilt.length === expected.length && rebuilt.every((byte, i) => byte === expected[i]);
  if (!same) throw new Error(`differs: ${how}`);
};
check(decodeSnapshot(file, wasm).snapshot, "whole");
for (const size of [1, 3, 8, 4096, 65536]) {
  const decoder = new SnapshotDecoder();
  for (let at = 0; at < file.length; at += size) decoder.push(file.subarray(at, at + size));
  decoder.finish();
  if (decoder.loaded !== decoder.size || decoder.meta.lock.python !== "3") throw new Error(`sizes or meta: ${size}`);
  check(decoder.xor(image), `chunks of ${size}`);
}
const stretches = zeroStretches(snapshot);
const aligned = ([from, to]) => from %% 8 === 0 && to %% 8 === 0 && to - from >= ZERO_RUN;
if (!stretches.every(aligned)) throw new Error("stretch bounds");
const errors = [];
const damaged = [[file.subarray(0, file.length - 1), "truncated"], [new Uint8Array([...file, 0]), "trailing"]];
for (const [bytes, how] of damaged) {
  try {
    const decoder = new SnapshotDecoder();
    decoder.push(bytes);
    decoder.finish();
    errors.push(`${how}: no error`);
  } catch (error) {
    errors.push(`${how}: ${error.message}`);
  }
}
console.log(JSON.stringify({ file: file.length, snapshot: snapshot.length, stretches: stretches.length, errors }));
"""


def test_the_file_leaves_out_zeros_and_rebuilds_the_snapshot_from_any_chunks(tmp_path: Path) -> None:
    """The snapshot file leaves out its stretches of zeros (8-byte aligned, ZERO_RUN bytes or more) and the
    decoder rebuilds the snapshot byte for byte, whole or from chunks of any size; a truncated file or one
    with bytes after its end is an error, never a wrong snapshot."""
    node = snapshot.shutil.which("node")
    wasm = ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm"
    if node is None or not wasm.is_file():
        pytest.skip("no node or no Pyodide in node_modules")
    script = tmp_path / "round_trip.mjs"
    script.write_text(ROUND_TRIP % (ROOT / "playground" / "web" / "snapshot-codec.mjs").as_uri(), encoding="utf-8")
    result = snapshot.subprocess.run(
        [node, str(script), str(wasm)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    # The memory equal to the data segments XORs to zeros: the file holds little more than the noise.
    assert report["file"] < 3 * 4096 + 1024, report
    assert report["errors"] == ["truncated: snapshot: truncated", "trailing: snapshot: trailing bytes"]


def test_the_rest_archive_holds_what_the_snapshot_lacks_and_nothing_else(tmp_path: Path) -> None:
    """The wheel's dockersim modules the snapshot does not hold (a package's __init__ only when the package is
    not held), the listed standard library files at their own paths, no metadata; the same bytes twice."""
    import zipfile

    wheel, stdlib = tmp_path / "d.whl", tmp_path / "python_stdlib.zip"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name in ("dockersim/__init__.py", "dockersim/worker.py", "dockersim/build/__init__.py",
                     "dockersim/build/plan.py", "dockersim/py.typed", "dockersim-0.1.0.dist-info/METADATA"):
            archive.writestr(name, f"# {name}\n")
    with zipfile.ZipFile(stdlib, "w") as archive:
        for name in ("_strptime.py", "json/tool.py", "asyncio/base.py"):
            archive.writestr(name, f"# {name}\n")
    held = {"dockersim", "dockersim.worker", "json"}
    first, second = tmp_path / "rest1.zip", tmp_path / "rest2.zip"
    for out in (first, second):
        snapshot.write_rest(out, wheel, stdlib, held, ["_strptime.py", "json/tool.py"])
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == [
            "_strptime.py", "dockersim/build/__init__.py", "dockersim/build/plan.py", "json/tool.py"
        ]
        assert archive.read("json/tool.py") == b"# json/tool.py\n"
    assert first.read_bytes() == second.read_bytes()
