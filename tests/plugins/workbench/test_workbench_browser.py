"""The Dockerfile workbench in Chromium, mounted on the real worker (Pyodide + dockersim) by the harness page."""

from __future__ import annotations

import itertools
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = Path("/tmp/workbench-screenshots")
BOOT_MS = 120_000
BUILD_MS = 60_000
XSS = "<img src=x onerror=alert(1)>"


def notes_block(*needles: str) -> str:
    """The one ```dockerfile block of docs/intermediate.md that holds every needle (found by content, not place)."""
    text = (ROOT / "docs" / "intermediate.md").read_text(encoding="utf-8")
    fences = re.finditer(r"^([ \t]*)```dockerfile\n(.*?)^\1```", text, re.DOTALL | re.MULTILINE)
    found = [fence.group(2) for fence in fences if all(needle in fence.group(2) for needle in needles)]
    assert len(found) == 1, f"{len(found)} notes blocks hold {needles!r}"
    return textwrap.dedent(found[0])


def notes_dockerfile() -> str:
    """The cache-friendly Node example of docs/intermediate.md ("Build Cache Optimization", ✅ Optimized)."""
    return notes_block("# 1. Copy dependency files first", "# 3. Copy source code last", 'CMD ["node", "server.js"]')


def open_workbench(page: Any, harness_url: str) -> None:
    """Open the harness and wait until the workbench has read (or seeded) the build context."""
    page.goto(harness_url)
    page.wait_for_selector(".dnw[data-ready='true']", timeout=BOOT_MS)


def load(page: Any, dockerfile: str, files: dict[str, str] | None = None) -> None:
    """Load a lesson through the public ``load()``."""
    page.evaluate("(lesson) => window.harness.workbench.load(lesson)", {"dockerfile": dockerfile, "files": files or {}})
    expect(page.locator(".dnw__editor-name")).to_have_text("Dockerfile")


def builds(page: Any) -> int:
    """How many builds the workbench has finished."""
    return int(page.locator(".dnw").get_attribute("data-builds") or 0)


def build(page: Any, button: str = "Build") -> None:
    """Press Build or Rebuild and wait for the log and the diagram."""
    before = builds(page)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_function(
        "(n) => Number(document.querySelector('.dnw').dataset.builds || 0) > n", arg=before, timeout=BUILD_MS
    )


def files(page: Any) -> dict[str, str]:
    """The playground folder, from the worker."""
    return page.evaluate("async () => (await window.harness.client.request('files', {})).files")


def run(page: Any, line: str) -> dict[str, Any]:
    """Run a shell line in the simulator."""
    return page.evaluate("async (line) => await window.harness.client.request('run', {line})", line)


def steps(page: Any) -> list[dict[str, str]]:
    """The step lines of the build log: state word, badge text, step text, reason."""
    return page.eval_on_selector_all(
        ".dnw__step",
        """items => items.map(item => ({
            state: item.dataset.state,
            badge: item.querySelector('.dnw__badge').textContent,
            text: item.querySelector('.dnw__log-text').textContent,
            reason: item.querySelector('.dnw__reason')?.textContent ?? ''}))""",
    )


def open_file(page: Any, path: str) -> None:
    """Open a file of the context in the editor (again if the list was redrawn under the click, as after a
    build re-reads the folder)."""
    name = page.locator(".dnw__editor-name")
    for _ in range(4):
        page.locator(".dnw__file-open", has_text=path).first.click()
        try:
            expect(name).to_have_text(path, timeout=4_000)
            return
        except AssertionError:
            continue
    expect(name).to_have_text(path)


def type_in_editor(page: Any, text: str, *, replace_all: bool = False) -> None:
    """Click into the editor (entering it) and type at the end, or over everything."""
    page.locator(".dnw__editor .cm-content").click()
    page.keyboard.press("Control+a" if replace_all else "Control+End")
    page.keyboard.type(text)


def test_lint_marker_follows_the_tag(page, harness_url: str) -> None:
    """``FROM node`` gets an inline DL3006 marker with a link into the notes; ``FROM node:18-alpine`` clears it."""
    open_workbench(page, harness_url)
    load(page, 'FROM node:18-alpine\nUSER node\nCMD ["node", "server.js"]\n')
    expect(page.locator(".dnw__lint-summary")).to_have_text("No lint findings in Dockerfile.", timeout=BUILD_MS)
    first_line = page.locator(".dnw__editor .cm-line").first
    page.locator(".dnw__editor .cm-content").click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("End")
    for _ in range(len(":18-alpine")):
        page.keyboard.press("Backspace")
    expect(first_line).to_have_text("FROM node")
    expect(first_line.locator(".cm-lintRange-warning")).to_have_count(1, timeout=BUILD_MS)
    expect(page.locator(".dnw__editor .cm-lint-marker-warning")).to_have_count(1)
    finding = page.locator(".dnw__finding[data-rule='DL3006']")
    expect(finding).to_contain_text("Always tag the version of an image explicitly")
    href = finding.get_by_role("link").get_attribute("href")
    assert href == harness_url.replace("index.html", "") + "intermediate/#from-set-base-image"
    first_line.locator(".cm-lintRange-warning").hover()
    tooltip = page.locator(".cm-tooltip-lint")
    expect(tooltip).to_contain_text("DL3006")
    expect(tooltip.get_by_role("link", name="Read in the notes")).to_have_attribute("href", href)
    page.keyboard.type(":18-alpine")
    expect(first_line).to_have_text("FROM node:18-alpine")
    expect(first_line.locator(".cm-lintRange")).to_have_count(0, timeout=BUILD_MS)
    expect(page.locator(".dnw__finding[data-rule='DL3006']")).to_have_count(0)
    expect(page.locator(".dnw__editor .cm-lint-marker")).to_have_count(0)
    assert files(page)["Dockerfile"].startswith("FROM node:18-alpine\n")


def test_rebuild_after_editing_server_js_reuses_the_cache(page, harness_url: str) -> None:
    """The notes' cache-friendly Dockerfile: after editing server.js only ``COPY . .`` runs, and says why."""
    open_workbench(page, harness_url)
    dockerfile = notes_dockerfile()
    load(page, dockerfile)
    assert set(files(page)) == {"Dockerfile", "package.json", "server.js"}
    assert files(page)["Dockerfile"] == dockerfile
    build(page)
    first = steps(page)
    assert [step["state"] for step in first] == ["BUILT"] * 5
    fold = page.locator(".dnw__fold-button").first
    expect(fold).to_have_text(re.compile(r"^Show \d+ more lines$"))
    sub_lines = page.locator("ol.dnw__log .dnw__log-line--sub:not(.dnw__fold)").count()
    fold.click()
    assert page.locator("ol.dnw__log .dnw__log-line--sub:not(.dnw__fold)").count() > sub_lines
    open_file(page, "server.js")
    type_in_editor(page, "// a change\n")
    build(page, "Rebuild")
    second = steps(page)
    assert [step["badge"] for step in second] == ["CACHED", "CACHED", "CACHED", "CACHED", "REBUILT"]
    assert [re.sub(r"\s+", " ", step["text"]).split("] ", 1)[1].split(" 0.")[0] for step in second][1:] == [
        "WORKDIR /app",
        "COPY package*.json ./",
        "RUN npm ci --only=production",
        "COPY . .",
    ]
    assert "server.js" in second[-1]["reason"]
    assert all(step["reason"] == "" for step in second[:-1])
    cached_colour = page.locator(".dnw__step--cached .dnw__badge").first.evaluate("e => getComputedStyle(e).color")
    rebuilt_colour = page.locator(".dnw__step--rebuilt .dnw__badge").first.evaluate("e => getComputedStyle(e).color")
    assert cached_colour != rebuilt_colour
    expect(page.locator(".dnw__status")).to_contain_text("4 of 5 steps cached")
    expect(page.locator(".dnw__compare")).to_contain_text("Rebuilt: COPY . .")
    changed = page.locator(".dnw__layer[data-state='REBUILT']")
    expect(changed).to_have_count(1)
    expect(changed.locator(".dnw__layer-label")).to_have_text("COPY . .")
    expect(changed.locator(".dnw__delta")).to_have_text(re.compile(r"^\+\d+B$"))


def test_layer_diagram_matches_docker_history(page, harness_url: str) -> None:
    """One bar per row of ``docker history``, base layers first, this Dockerfile's marked by state."""
    open_workbench(page, harness_url)
    load(page, notes_dockerfile())
    build(page)
    history = run(page, "docker history -q workbench:latest")
    rows = [row for row in history["stdout"].splitlines() if row.strip()]
    layers = page.locator(".dnw__layer")
    expect(layers).to_have_count(len(rows))
    sizes = run(page, "docker history -H=false --format '{{.Size}}' workbench:latest")["stdout"].split()
    shown = [int(size) for size in layers.evaluate_all("items => items.map(item => item.dataset.size)")]
    assert shown == [int(size) for size in reversed(sizes)]
    states = layers.evaluate_all("items => items.map(item => item.dataset.state)")
    assert states[-5:] == ["BUILT", "BUILT", "BUILT", "BUILT", "CONFIG"]
    assert set(states[:-5]) == {"BASE"}
    expect(page.locator(".dnw__layers-total")).to_contain_text(f"{len(rows)} layers")
    widths = layers.locator(".dnw__bar-fill").evaluate_all("bars => bars.map(bar => parseFloat(bar.style.width) || 0)")
    by_size = sorted(zip(shown, widths, strict=True))
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(by_size)), "bar length grows with the size"


def test_files_can_be_added_renamed_and_deleted(page, harness_url: str) -> None:
    """New file, rename, delete (and undo) go through the worker; .dockerignore has its own entry point."""
    open_workbench(page, harness_url)
    load(page, notes_dockerfile())
    page.get_by_role("button", name="New file").click()
    page.get_by_label("New file name").fill("notes.txt")
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".dnw__editor-name")).to_have_text("notes.txt")
    type_in_editor(page, "hello")
    page.get_by_role("button", name="Rename notes.txt").click()
    page.get_by_label("Rename notes.txt to").fill("docs/notes.md")
    page.get_by_label("Rename notes.txt to").press("Enter")
    expect(page.locator(".dnw__file-open", has_text="docs/notes.md")).to_be_visible()
    current = files(page)
    assert current["docs/notes.md"] == "hello" and "notes.txt" not in current
    expect(page.locator(".dnw__status")).to_have_text("Renamed notes.txt to docs/notes.md.")
    page.get_by_role("button", name="Delete docs/notes.md").click()
    expect(page.locator(".dnw__status")).to_contain_text("Deleted docs/notes.md.")
    assert "docs/notes.md" not in files(page)
    page.locator(".dnw__status").get_by_role("button", name="Undo").click()
    expect(page.locator(".dnw__file-open", has_text="docs/notes.md")).to_be_visible()
    assert files(page)["docs/notes.md"] == "hello"
    page.get_by_role("button", name="New file").click()
    page.get_by_label("New file name").fill("../escape")
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".dnw__new-file .dnw__field-error")).to_contain_text("relative path")
    page.get_by_label("New file name").press("Escape")
    page.get_by_role("button", name="Add .dockerignore").click()
    expect(page.locator(".dnw__editor-name")).to_have_text(".dockerignore")
    assert "node_modules" in files(page)[".dockerignore"]
    expect(page.get_by_role("button", name="Open .dockerignore")).to_be_visible()


def test_markup_in_names_contents_and_output_stays_text(page, harness_url: str) -> None:
    """A file named like an <img onerror> tag, markup in contents and in build output: shown as text, never run."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_workbench(page, harness_url)
    load(page, 'FROM alpine:3.20\nRUN echo "<img src=x onerror=alert(2)>"\nCOPY . /app\nUSER nobody\n')
    page.get_by_role("button", name="New file").click()
    page.get_by_label("New file name").fill(XSS)
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".dnw__editor-name")).to_have_text(XSS)
    type_in_editor(page, "<script>alert(3)</script><img src=y onerror=alert(4)>")
    expect(page.locator(".dnw__file-open", has_text=XSS)).to_have_count(1)
    build(page)
    expect(page.locator("ol.dnw__log")).to_contain_text("<img src=x onerror=alert(2)>")
    assert XSS in files(page)
    assert page.locator(".dnw img, .dnw script").count() == 0
    expect(page.locator(".dnw__editor .cm-content")).to_contain_text("<script>alert(3)</script>")
    rename = page.get_by_label(f"Rename {XSS} to")
    for _ in range(4):  # again if the list was redrawn under the click (a build re-reads the folder)
        page.get_by_role("button", name=f"Rename {XSS}").click()
        try:
            expect(rename).to_be_visible(timeout=4_000)
            break
        except AssertionError:
            continue
    expect(rename).to_have_value(XSS)
    page.get_by_label(f"Rename {XSS} to").press("Escape")
    page.wait_for_timeout(300)
    assert dialogs == []


def test_escape_leaves_the_editor(page, harness_url: str) -> None:
    """Tab into the editor does not trap; Tab indents only once entered; Escape then Tab moves on."""
    open_workbench(page, harness_url)
    load(page, 'FROM node:18-alpine\nUSER node\nCMD ["node", "server.js"]\n')
    content = page.locator(".dnw__editor .cm-content")
    page.get_by_role("button", name="Add .dockerignore").focus()
    page.keyboard.press("Tab")
    expect(content).to_be_focused()
    expect(page.locator(".dnw__editor-mode")).to_have_attribute("data-mode", "browsing")
    expect(page.locator(".dnw__mode--browsing")).to_be_visible()
    # The focus ring follows CodeMirror's cm-focused class, which it sets on its next update: wait for it.
    expect(page.locator(".dnw__editor .cm-editor")).to_have_css("outline-style", "solid")
    page.keyboard.press("Tab")
    expect(content).not_to_be_focused()
    assert page.evaluate("() => !document.activeElement.closest('.cm-editor')")
    content.click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("Tab")
    expect(page.locator(".dnw__editor .cm-line").first).to_have_text("    FROM node:18-alpine")
    expect(content).to_be_focused()
    expect(page.locator(".dnw__editor-mode")).to_have_attribute("data-mode", "editing")
    expect(page.locator(".dnw__mode--editing")).to_contain_text("Esc")
    page.keyboard.press("Escape")
    expect(page.locator(".dnw__editor-mode")).to_have_attribute("data-mode", "browsing")
    page.keyboard.press("Tab")
    expect(content).not_to_be_focused()
    assert page.evaluate("() => !document.activeElement.closest('.cm-editor')")
    page.keyboard.press("Shift+Tab")
    expect(content).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".dnw__editor .cm-line").first).to_have_text("FROM node:18-alpine")
    expect(content).to_be_focused()


def test_load_generates_the_copied_sources(page, harness_url: str) -> None:
    """A Python lesson gets requirements.txt and app.py; the build runs pip against them and succeeds."""
    open_workbench(page, harness_url)
    dockerfile = (
        "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
        'RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n'
    )
    load(page, dockerfile, {"README.md": "# given\n"})
    assert set(files(page)) == {"Dockerfile", "requirements.txt", "app.py", "README.md"}
    assert "flask" in files(page)["requirements.txt"]
    build(page)
    expect(page.locator(".dnw__status")).to_contain_text("Built workbench:latest")
    assert all(step["state"] == "BUILT" for step in steps(page))


def test_placeholder_files_follow_copy_sources(page, harness_url: str) -> None:
    """COPY/ADD sources become plausible files: globs, folders, Go, exec form; --from and URLs are skipped."""
    page.goto(harness_url + "?mount=no")
    page.wait_for_function("() => window.harness")
    cases = {
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n"
        "RUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\n": ["go.mod", "go.sum", "main.go"],
        'FROM node:20\nCOPY ["package.json", "package-lock.json", "./"]\nCOPY src/ ./src/\n'
        "ADD https://example.com/x.tgz /tmp/\nCOPY <<EOF /etc/x\nhi\nEOF\n": [
            "package.json",
            "package-lock.json",
            "src/server.js",
        ],
        "FROM nginx:alpine\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n"
        "COPY --chown=nginx:nginx site/ /usr/share/nginx/html\n": ["nginx.conf", "site/index.html"],
        "FROM python:3.12\nCOPY *.py \\\n     requirements.txt /app/\n": ["app.py", "requirements.txt"],
        "FROM node:18 AS builder\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nRUN npm run build\n"
        "FROM node:18-alpine\nWORKDIR /app\nCOPY --from=builder /app/dist ./dist\n"
        'CMD ["node", "dist/server.js"]\n': ["package.json", "server.js"],
    }
    for dockerfile, expected in cases.items():
        made = page.evaluate("(text) => window.harness.placeholderFiles(text)", dockerfile)
        assert sorted(made) == sorted(expected), dockerfile
        assert all(isinstance(content, str) for content in made.values())
    given = page.evaluate("() => window.harness.placeholderFiles('FROM node:18\\nCOPY . .\\n', {'server.js': 'mine'})")
    assert given["server.js"] == "mine" and "package.json" in given


def test_docs_links_and_command_line(page, harness_url: str) -> None:
    """Lint targets map to directory URLs under the site root; build options make a quoted command line."""
    page.goto(harness_url + "?mount=no")
    page.wait_for_function("() => window.harness")
    root = "http://127.0.0.1:9/notes/"
    cases = {
        "intermediate.md#2-build-cache-optimization": root + "intermediate/#2-build-cache-optimization",
        "index.md": root,
        "guide/index.md#x": root + "guide/#x",
        "javascript:alert(1)": None,
        "../secret.md": None,
        "https://evil.example/x.md": None,
    }
    for target, expected in cases.items():
        assert page.evaluate("([t, r]) => window.harness.docsUrl(t, r)", [target, root]) == expected, target
    assert page.evaluate("() => window.harness.siteRoot(document)") == harness_url.replace("index.html", "")
    args = page.evaluate("() => window.harness.parseBuildArgs('NODE_ENV=production  GREETING=it\\'s fine')")
    assert args == [["NODE_ENV", "production"], ["GREETING", "it's fine"]]
    line = page.evaluate("(a) => window.harness.buildCommand({noCache: true, buildArgs: a})", args)
    assert line == (
        "docker build --no-cache --build-arg NODE_ENV=production "
        "--build-arg 'GREETING=it'\\''s fine' -t workbench:latest ."
    )
    assert "not a build argument name" in page.evaluate("() => window.harness.parseBuildArgs('1BAD=x')")


def test_no_cache_and_build_args_reach_the_build(page, harness_url: str) -> None:
    """The --no-cache toggle and the build-arg field change the command; the log says why steps ran."""
    open_workbench(page, harness_url)
    load(page, "FROM alpine:3.20\nARG GREETING=hello\nRUN echo $GREETING\nUSER nobody\n")
    build(page)
    page.get_by_label("Build arguments").fill("GREETING=bonjour")
    command = page.locator(".dnw__command")
    expect(command).to_have_text("docker build --build-arg GREETING=bonjour -t workbench:latest .")
    build(page)
    run_step = next(step for step in steps(page) if "RUN echo" in step["text"])
    assert run_step["badge"] == "REBUILT" and "GREETING" in run_step["reason"]
    page.get_by_label("No cache").check()
    expect(page.locator(".dnw__command")).to_contain_text("docker build --no-cache ")
    build(page)
    assert {step["badge"] for step in steps(page)} == {"REBUILT"}
    assert all("--no-cache" in step["reason"] for step in steps(page))
    page.get_by_label("Build arguments").fill("9X=1")
    expect(page.locator(".dnw__command")).to_have_text("docker build …")
    page.get_by_role("button", name="Build", exact=True).click()
    expect(page.locator(".dnw__status")).to_contain_text("not a build argument name")


@pytest.mark.parametrize(
    ("name", "scheme", "width"),
    [("light", "default", 1280), ("dark", "slate", 1280), ("narrow", "default", 360)],
)
def test_screenshots_and_axe(page, harness_url: str, name: str, scheme: str, width: int) -> None:
    """After a rebuild, in both palettes and at 360 px: no sideways scroll, a screenshot (kept in /tmp for a
    person to look at), and at 1280 px axe-core (from node_modules) reports nothing in the workbench."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if width == 1280 and not axe.is_file():
        pytest.skip("axe-core is missing: run 'npm ci'")
    page.set_viewport_size({"width": width, "height": 900})
    open_workbench(page, harness_url)
    page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    load(page, notes_dockerfile())
    build(page)
    open_file(page, "server.js")
    type_in_editor(page, "// a change\n")
    build(page, "Rebuild")
    open_file(page, "Dockerfile")
    expect(page.locator(".dnw__lint-summary")).to_contain_text("lint finding", timeout=BUILD_MS)
    expect(page.locator(".dnw__finding").first).to_be_visible(timeout=BUILD_MS)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page does not scroll sideways"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("#workbench").screenshot(path=str(SCREENSHOTS / f"workbench-{name}.png"))
    if width != 1280:
        return
    page.wait_for_timeout(400)  # let colour transitions settle
    page.add_script_tag(path=str(axe))
    violations = page.evaluate(
        """async () => (await axe.run('#workbench')).violations.map(
            (v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.html).join(' | ')}`)"""
    )
    assert violations == []


def test_lesson_handed_over_through_session_storage(page, harness_url: str) -> None:
    """A lesson another page left under ``docker-notes:workbench-lesson`` is loaded once, then forgotten."""
    page.goto(harness_url + "?mount=no")
    dockerfile = "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod ./\nCOPY . .\nRUN go build -o /app\nUSER nobody\n"
    lesson = {"dockerfile": dockerfile}
    page.evaluate("(l) => sessionStorage.setItem('docker-notes:workbench-lesson', JSON.stringify(l))", lesson)
    open_workbench(page, harness_url)
    expect(page.locator(".dnw__editor .cm-line").first).to_have_text("FROM golang:1.22")
    assert set(files(page)) == {"Dockerfile", "go.mod", "main.go"}
    assert page.evaluate("() => sessionStorage.getItem('docker-notes:workbench-lesson')") is None
    expect(page.locator(".dnw__status")).to_contain_text("Loaded a lesson: 3 files")


def test_multi_stage_build_shows_stages_and_final_layers(page, harness_url: str) -> None:
    """The notes' multi-stage Node build: steps named by stage, the diagram shows only the final image's layers."""
    dockerfile = notes_block("FROM node:18 AS builder", "# Stage 2: Production", "COPY --from=builder /app/dist")
    open_workbench(page, harness_url)
    load(page, dockerfile)
    assert set(files(page)) == {"Dockerfile", "package.json", "server.js"}
    build(page)
    open_file(page, "server.js")
    type_in_editor(page, "// a change\n")
    build(page, "Rebuild")
    by_text = {re.sub(r"\s+", " ", step["text"]).split(" ", 1)[1]: step for step in steps(page)}
    copy_all = next(step for text, step in by_text.items() if text.startswith("[builder 5/6] COPY . ."))
    assert copy_all["badge"] == "REBUILT" and "server.js" in copy_all["reason"]
    workdir = next(step for text, step in by_text.items() if text.startswith("[stage-1 2/5] WORKDIR"))
    assert workdir["badge"] == "CACHED"
    rows = [row for row in run(page, "docker history -q workbench:latest")["stdout"].splitlines() if row.strip()]
    expect(page.locator(".dnw__layer")).to_have_count(len(rows))
    labels = page.locator(".dnw__layer[data-origin='build'] .dnw__layer-label").all_text_contents()
    assert labels[0] == "WORKDIR /app" and labels[-1].startswith("CMD")
    assert not any("npm run build" in label for label in labels), "builder-stage layers are not in the image"


def test_reduced_motion_turns_transitions_off(page, harness_url: str) -> None:
    """With prefers-reduced-motion the bars and buttons do not animate."""
    page.emulate_media(reduced_motion="reduce")
    open_workbench(page, harness_url)
    load(page, "FROM alpine:3.20\nRUN echo hi\nUSER nobody\n")
    build(page)
    durations = page.eval_on_selector_all(
        ".dnw__bar-fill, .dnw__button", "els => els.map(e => getComputedStyle(e).transitionDuration)"
    )
    assert durations and set(durations) == {"0s"}


def test_starter_keeps_files_written_before_and_while_it_starts(page, harness_url: str) -> None:
    """The automatic starter only adds what is missing: a file already there, or one a share link writes
    while the workbench starts (after a Reset), is neither deleted nor overwritten, and is shown."""
    page.goto(harness_url + "?mount=no")
    page.wait_for_function("() => window.harness")
    page.evaluate(
        """async () => {
          const { client } = window.harness;
          await client.request("write_file", { path: "notes.txt", content: "mine" });
          await client.request("write_file", { path: "server.js", content: "// my server" });
          // A client whose first `files` answer is followed at once by a write (a share link after a Reset).
          let first = true;
          const racing = { ...client, async request(type, payload, options) {
            const reply = await client.request(type, payload, options);
            if (type === "files" && first) {
              first = false;
              await client.request("write_file", { path: "shared.txt", content: "from the link" });
            }
            return reply;
          } };
          const { mountWorkbench } = await import("./workbench/index.js");
          window.harness.workbench = mountWorkbench(document.getElementById("workbench"), racing, { eager: true });
          await window.harness.workbench.ready;
        }"""
    )
    folder = files(page)
    assert folder["notes.txt"] == "mine" and folder["server.js"] == "// my server"
    assert folder["shared.txt"] == "from the link"
    assert folder["Dockerfile"].startswith("FROM node")
    for path in ("notes.txt", "server.js", "shared.txt", "Dockerfile"):
        expect(page.locator(".dnw__file-open", has_text=path)).to_have_count(1)
