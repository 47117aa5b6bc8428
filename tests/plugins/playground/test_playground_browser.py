"""The playground in Chromium against the built site: Pyodide and the dockersim wheel, served locally.

Every test uses the ``page`` fixture or ``ready_term`` (the module's one started Playground page, reset to a
clean engine and output for each test: tests/plugins/playground/conftest.py); both fail the test when a
request leaves 127.0.0.1 or the page raises an error. Start-up, reloads, navigation and Try it keep a page
of their own.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.plugins.playground.conftest import Term, open_playground, wait_ready

pytestmark = pytest.mark.browser

CONTAINER_ID = re.compile(r"\b[0-9a-f]{64}\b")


def test_run_nginx_then_ps_lists_it(page, site_url: str) -> None:
    """The first command of the notes runs in the browser: an ID comes back and docker ps lists the container."""
    started = time.monotonic()
    term = open_playground(page, site_url)
    output = term.run("docker run -d -p 8080:80 --name web nginx")
    elapsed = time.monotonic() - started
    Path("/tmp/playground-startup.txt").write_text(f"cold start to first answer: {elapsed:.1f} s\n", encoding="utf-8")
    assert CONTAINER_ID.search(output), output
    listing = term.run("docker ps")
    assert "web" in listing and "nginx" in listing and "0.0.0.0:8080->80/tcp" in listing
    expect(page.locator(".dnp-engine__name", has_text="web")).to_be_visible()
    expect(page.locator(".dnp-engine__name", has_text="nginx:latest")).to_be_visible()


def test_notes_walkthrough_run_ps_stop_rm(ready_term: Term) -> None:
    """The beginner walkthrough (run → ps → stop → rm) behaves as the notes describe it."""
    term = ready_term
    assert CONTAINER_ID.search(term.run("docker run -d --name my-nginx nginx"))
    assert "my-nginx" in term.run("docker ps")
    assert term.run("docker stop my-nginx").strip().endswith("my-nginx")
    assert "Exited" in term.run("docker ps -a")
    assert term.run("docker rm my-nginx").strip().endswith("my-nginx")
    assert "my-nginx" not in term.run("docker ps -a")
    failed = term.run("docker rm my-nginx")
    assert "No such container: my-nginx" in failed
    expect(term.output.locator(".dnp-err").last).to_contain_text("No such container")
    expect(term.output.locator(".dnp-err .dnp-tag--err").last).to_have_text("stderr")


def test_a_containers_own_stderr_is_not_shown_as_an_error(ready_term: Term) -> None:
    """nginx writes its start-up notices to stderr: `docker logs` shows them labelled stderr but calm (a
    command that succeeded), while docker's own failure stays an error."""
    term = ready_term
    term.run("docker run -d --name noisy nginx")
    errors = term.output.locator(".dnp-err").count()
    assert "[notice]" in term.run("docker logs noisy")
    expect(term.output.locator(".dnp-log").last).to_contain_text("[notice]")
    expect(term.output.locator(".dnp-log .dnp-tag--log").last).to_have_text("stderr")
    assert term.output.locator(".dnp-err").count() == errors
    term.run("docker logs nosuch")
    expect(term.output.locator(".dnp-err").last).to_contain_text("No such container: nosuch")


def _type_in_one_go(page, term: Term, lines: list[str], runs: int) -> None:
    """Enter ``lines`` in one go, as a fast typist does (the later ones arrive while the first runs), and wait
    until the terminal has finished ``runs`` more lines."""
    before = term.runs()
    term.input.evaluate(
        """(input, lines) => {
            for (const line of lines) {
                input.value = line;
                input.form.requestSubmit();
            }
        }""",
        lines,
    )
    page.wait_for_function(
        "([el, n, k]) => Number(el.dataset.runs || 0) >= n + k",
        arg=[term.root.element_handle(), before, runs],
        timeout=60_000,
    )


def test_lines_typed_while_a_command_runs_are_kept(ready_term: Term) -> None:
    """Type-ahead: lines entered while a command is still running run afterwards, in order, none lost; a
    command that reads input (``docker run -it``) gets them first."""
    page, term = ready_term.page, ready_term
    lines = ["docker run -d --name typed-ahead redis", "docker ps --format '{{.Names}}'", "echo third"]
    # Enter three lines in one go, as a fast typist does: the 2nd and 3rd arrive while the 1st runs.
    _type_in_one_go(page, term, lines, runs=3)
    text = term.output.inner_text()
    assert text.index("typed-ahead redis") < text.index("{{.Names}}") < text.index("echo third")
    assert "typed-ahead" in text.split("{{.Names}}")[1]
    assert "third" in text.split("echo third")[1]
    assert term.input.input_value() == ""

    # Typed while `docker run -it` still pulls: the lines reach bash once it is attached, one at a time and
    # in order (as a terminal's buffer gives them), and what follows `exit` runs on the host again.
    lines = ["docker run -it --name ahead ubuntu bash", "echo inside", "exit", "echo back on the host"]
    _type_in_one_go(page, term, lines, runs=2)
    text = term.output.inner_text().split("--name ahead ubuntu bash", 1)[1]
    assert text.index("root@") < text.index("echo inside") < text.index("\ninside") < text.index("exit")
    assert text.index("exit") < text.index("echo back on the host") < text.rindex("back on the host")
    assert "ahead Exited (0)" in term.run("docker ps -a --format '{{.Names}} {{.Status}}'")


def test_ls_fills_the_terminals_width(ready_term: Term) -> None:
    """The terminal tells the simulator its width at each Enter, as a terminal tells programs: ``ls`` puts
    more names on a line in a wide window than on a phone."""
    names = [f"file-number-{n:02d}.txt" for n in range(12)]
    page, term = ready_term.page, ready_term
    term.run("touch " + " ".join(names))
    wide = [line for line in term.run("ls").splitlines() if "file-number" in line]
    page.set_viewport_size({"width": 375, "height": 800})
    narrow = [line for line in term.run("ls").splitlines() if "file-number" in line]
    assert len(wide) < len(narrow), (wide, narrow)
    assert max(map(len, narrow)) < 50 < max(map(len, wide)), (wide, narrow)


def test_keys_right_after_enter_start_a_new_line(ready_term: Term) -> None:
    """The sent line stays in the input until its reply is drawn (at most a frame); keys pressed meanwhile
    start the next line in an empty input, and the sent line is printed once with its output."""
    page, term = ready_term.page, ready_term
    before = term.runs()
    term.input.fill("echo first")
    term.input.press("Enter")
    page.keyboard.type("echo second")  # at once, before the first line's reply in most runs
    page.wait_for_function(
        "([el, n]) => Number(el.dataset.runs || 0) >= n + 1", arg=[term.root.element_handle(), before], timeout=60_000
    )
    assert term.input.input_value() == "echo second"
    term.input.press("Enter")
    page.wait_for_function(
        "([el, n]) => Number(el.dataset.runs || 0) >= n + 2", arg=[term.root.element_handle(), before], timeout=60_000
    )
    text = term.output.inner_text()
    assert text.count("echo first") == 1
    assert text.index("echo first") < text.index("echo second")
    assert term.input.input_value() == ""


COUNT_ENGINE_READS = """() => {
  const client = window.__dockerNotesPlayground;
  window.__engineReads = [];
  const send = client._send.bind(client);
  client._send = (type, payload, quiet) => {
    const line = type === "run" ? payload.line : "";
    if (line.endsWith("--format '{{json .}}'")) window.__engineReads.push(line.split(" ")[1]);
    return send(type, payload, quiet);
  };
}"""


def test_engine_view_reads_only_what_changed(ready_term: Term) -> None:
    """After a command the engine view reads again only the lists whose part of the state changed: none after
    `docker ps` or `true`, the volumes after `docker volume create`; and it shows the change."""
    page, term = ready_term.page, ready_term
    term.run("docker pull nginx")
    # The pull's state diff follows its output: the view has read it once the image is listed.
    expect(page.locator(".dnp-engine__name", has_text="nginx:latest")).to_be_visible()
    page.wait_for_timeout(500)
    page.evaluate(COUNT_ENGINE_READS)
    try:
        term.run("docker ps")
        term.run("true")
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.__engineReads") == []
        term.run("docker volume create only-volumes")
        expect(page.locator(".dnp-engine__name", has_text="only-volumes")).to_be_visible()
        assert page.evaluate("() => window.__engineReads") == ["volume"]
    finally:  # the shared page's client sends through its own method again
        page.evaluate("() => { delete window.__dockerNotesPlayground._send; }")


def test_state_survives_a_reload(page, site_url: str) -> None:
    """The engine is saved after each command and restored after a reload."""
    term = open_playground(page, site_url)
    term.run("docker run -d --name keeper nginx")
    page.reload()
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    wait_ready(page)
    expect(term.output).to_contain_text("Welcome back")
    assert "keeper" in term.run("docker ps")


def test_instant_navigation_keeps_one_worker_and_the_state(page, site_url: str, wasm_requests: list[str]) -> None:
    """Leaving and coming back through the navigation reuses the worker: no second Pyodide load, same state."""
    term = open_playground(page, site_url)
    term.run("docker run -d --name traveller nginx")
    ready_at = page.evaluate("window.__dockerNotesPlayground.readyAt")
    page.evaluate("window.__marker = 42")
    # Clicked at once, before Material's late bundle has run: material.js holds the click for it.
    page.locator(".md-tabs__link", has_text="Beginner").click()
    page.wait_for_url("**/beginner/")
    # The page has mounted (its Try it buttons are there) before the reader goes back.
    page.locator("button[data-md-type=dnp-try]").first.wait_for()
    page.locator(".md-tabs__link", has_text="Playground").click()
    page.wait_for_url("**/playground/")
    assert page.evaluate("window.__marker") == 42
    assert page.evaluate("window.__dockerNotesPlayground.readyAt") == ready_at
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    expect(term.output).to_contain_text("docker run -d --name traveller nginx")
    assert "traveller" in term.run("docker ps")
    assert len(wasm_requests) == 1, wasm_requests


def test_try_it_runs_a_notes_block_with_its_setup(page, site_url: str) -> None:
    """Try it on a notes block opens an inline terminal on the block's own engine; a command needing a
    container gets it from the section's set-up, listed in the panel."""
    page.goto(site_url + "beginner/")
    block = page.locator(".highlight[data-dnp-try]", has_text="docker run -d --name my-nginx nginx").first
    button = block.locator("button[data-md-type=dnp-try]")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    panel = page.locator(".dnp-try-panel")
    term = Term(page, panel.locator("[data-dnp-terminal]"))
    expect(term.input).to_have_value("docker run -d --name my-nginx nginx")
    assert CONTAINER_ID.search(term.enter())
    expect(term.input).to_have_value("docker ps")
    assert "my-nginx" in term.enter()

    stop_block = page.locator(".highlight[data-dnp-try]", has_text="docker stop -t 30 web-server").first
    stop_block.locator("button[data-md-type=dnp-try]").click()
    stop_panel = page.locator(".dnp-try-panel").nth(1)
    stop_term = Term(page, stop_panel.locator("[data-dnp-terminal]"))
    expect(stop_term.input).to_have_value("docker stop -t 30 web-server")
    expect(stop_panel.locator(".dnp-try-setup")).to_contain_text("docker run -d --name web-server nginx")
    output = stop_term.enter()
    assert "web-server" in output.split("\n"), output
    wait_ready(page)
    # The live engine continues from what the recording showed: web-server was stopped, then started again.
    assert "web-server" in stop_term.run("docker ps -a --format '{{.Names}} {{.State}}'")


def test_try_it_on_a_dockerfile_builds_its_context_and_leaves_the_playground_alone(page, site_url: str) -> None:
    """A Dockerfile block builds with the tag its section uses, in its own folder with the context the
    lesson implies; the reader's Playground files stay as they were."""
    page.goto(site_url + "beginner/")
    block = page.locator(".highlight[data-dnp-try]", has_text="FROM node:18-alpine").first
    block.locator("button[data-md-type=dnp-try]").click()
    panel = page.locator(".dnp-try-panel")
    term = Term(page, panel.locator("[data-dnp-terminal]"))
    expect(term.input).to_have_value("docker build -t my-node-app:1.0 .")
    expect(panel.locator(".dnp-try-files")).to_contain_text("package.json")
    output = term.enter(timeout=60_000)
    assert "naming to docker.io/library/my-node-app:1.0" in output, output
    wait_ready(page)
    assert "my-node-app" in term.run("docker images")
    files = page.evaluate(
        "async () => (await window.__dockerNotesPlayground.request('files', {}, {quiet: true})).files"
    )
    assert "Dockerfile" not in files and "package.json" not in files, files


def test_every_lesson_recorded_answer_is_what_the_live_engine_prints(ready_term: Term, built_site) -> None:
    """For every Try it block of the notes, the worker (Pyodide) opens its lesson and runs its lines: each
    answer equals the one the build recorded under CPython, so a recorded answer never shows what the live
    engine would not."""
    folder = built_site / "assets" / "playground" / "lessons"
    lessons = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]
    assert len(lessons) >= 100
    mismatches = ready_term.page.evaluate(
        """async (lessons) => {
          const client = window.__dockerNotesPlayground;
          const found = [];
          for (const lesson of lessons) {
            await client.request("lesson_open", { lesson: lesson.lesson }, { quiet: true });
            for (const recorded of lesson.recorded.answers) {
              if (recorded.live) break; // a session or a stream: the reader drives it
              const live = await client.request("run", { line: recorded.line, scratch: lesson.key }, { quiet: true });
              const same = ["stdout", "stderr", "exit_code"].every((name) => live[name] === recorded[name]);
              if (!same) found.push({ key: lesson.key, line: recorded.line, live, recorded });
            }
            await client.request("lesson_close", { key: lesson.key }, { quiet: true });
          }
          return found;
        }""",
        lessons,
    )
    assert not mismatches, mismatches[:3]


def test_fallback_when_the_runtime_cannot_load(page, site_url: str) -> None:
    """With pyodide.asm.wasm unreachable the reader gets a clear message and the page stays usable."""
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(site_url + "playground/")
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    page.wait_for_function("() => window.__dockerNotesPlayground.status === 'failed'", timeout=60_000)
    status = page.locator(".dnp-term__status")
    expect(status).to_contain_text("The playground could not start")
    expect(status).to_contain_text("pyodide.asm.wasm")
    expect(status.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Key in the terminal")).to_be_visible()
    page.locator(".md-tabs__link", has_text="Beginner").click()
    page.wait_for_url("**/beginner/")
    expect(page.locator("h1").first).to_contain_text("Beginner")


def test_share_link_round_trip(page, browser, site_url: str, request_log) -> None:
    """Share encodes the commands in the URL; opening it in a fresh browser (and answering "Open it") replays them."""
    term = open_playground(page, site_url)
    term.run("docker run -d --name shared-web nginx")
    term.run("docker volume create shared-data")
    page.get_by_role("button", name="Share").click()
    field = page.locator(".dnp-share__url")
    expect(field).to_be_visible()
    url = field.input_value()
    assert url.startswith(site_url + "playground/#share=")
    context = browser.new_context(service_workers="block")  # as the page fixture: not about the worker
    try:
        other = context.new_page()
        other.on("request", lambda req: request_log.urls.append(req.url))
        errors: list[str] = []
        other.on("pageerror", lambda exc: errors.append(str(exc)))
        other.goto(url)
        # Opening a link replaces what is there: the page asks first, and the reader opens it.
        question = other.locator(".dnp-keep__question")
        expect(question).to_contain_text("Open the shared playground? It runs 2 commands", timeout=30_000)
        question.get_by_role("button", name="Open it").click()
        wait_ready(other)
        other_term = Term(other, other.locator("[data-dnp-terminal=main]"))
        expect(other_term.output).to_contain_text("Opened a shared playground", timeout=30_000)
        other.wait_for_function(
            "() => !window.__dockerNotesPlayground.busy"
            " && document.querySelectorAll('[data-dnp-terminal=main] .dnp-line--cmd').length >= 2"
        )
        assert "shared-web" in other_term.run("docker ps")
        assert "shared-data" in other_term.run("docker volume ls")
        assert "#share=" not in other.url
        assert not errors
    finally:
        context.close()


def test_broken_share_link_is_reported_not_fatal(page, site_url: str) -> None:
    """A damaged share link gives a message; the playground still starts."""
    page.goto(site_url + "playground/#share=1.%%%not-base64")
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    expect(term.output).to_contain_text("This share link could not be opened")
    wait_ready(page)


def test_hostile_names_render_as_text(ready_term: Term) -> None:
    """Markup typed by the reader or echoed by the simulator is shown as text; no script or dialog runs."""
    page, term = ready_term.page, ready_term
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    try:
        hostile = "<img src=x onerror=alert(1)>"
        term.run(f"docker run --name '{hostile}' nginx")
        expect(term.output).to_contain_text(hostile)
        term.input.fill(f"docker run -d --name '{hostile}' nginx")
        expect(page.locator(".dnp-explain")).to_contain_text(hostile)  # the Explain panel follows the input
        assert page.locator(".dnp-pg img, .dnp-pg script").count() == 0
        assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
        assert not dialogs
    finally:
        page.remove_listener("dialog", dismiss)


def test_history_up_arrow_survives_reload(page, site_url: str) -> None:
    """↑ recalls earlier commands, newest first, also after a reload (localStorage)."""
    term = open_playground(page, site_url)
    term.run("docker images")
    term.run("docker ps -a")
    page.reload()
    term = Term(page, page.locator("[data-dnp-terminal=main]"))
    term.input.click()
    term.input.press("ArrowUp")
    expect(term.input).to_have_value("docker ps -a")
    term.input.press("ArrowUp")
    expect(term.input).to_have_value("docker images")
    term.input.press("ArrowDown")
    expect(term.input).to_have_value("docker ps -a")


def test_tab_completes_a_container_name(ready_term: Term) -> None:
    """Tab asks the worker to complete; a unique container name is filled in."""
    term = ready_term
    term.run("docker run -d --name webserver nginx")
    term.input.fill("docker stop webs")
    term.input.press("Tab")
    expect(term.input).to_have_value("docker stop webserver ")
    expect(term.input).to_be_focused()


def test_explain_links_into_the_notes(ready_term: Term, site_url: str) -> None:
    """The Explain panel describes each part and links to the notes' section on this site."""
    page, term = ready_term.page, ready_term
    term.input.fill("docker run -d -p 8080:80 nginx")
    explain = page.locator(".dnp-explain")
    expect(explain).to_contain_text("8080:80")
    link = explain.get_by_role("link").first
    href = link.get_attribute("href")
    assert href.startswith(site_url) and "/#" in href and ".md" not in href


def test_ctrl_c_stops_a_runaway_command(page, site_url: str) -> None:
    """Ctrl+C while the worker is stuck restarts it and restores the last saved state; the page never froze."""
    term = open_playground(page, site_url)
    term.run("docker run -d --name survivor nginx")
    worker = next(w for w in page.workers if "playground/worker.js" in w.url)
    # Make the worker thread spin for a minute, as a runaway command would.
    worker.evaluate("() => { setTimeout(() => { const end = Date.now() + 60000; while (Date.now() < end) {} }, 0); }")
    term.input.fill("docker run -d --name lost nginx")
    term.input.press("Enter")
    stop = term.root.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    assert page.evaluate("1 + 1") == 2  # the page itself still answers
    term.input.press("Control+c")
    expect(term.output).to_contain_text("Stopped. The simulator restarted with your last saved state")
    wait_ready(page)
    listing = term.run("docker ps -a")
    assert "survivor" in listing and "lost" not in listing


def test_corrupt_saved_state_starts_clean_with_a_message(page, site_url: str) -> None:
    """An unreadable saved state is dropped with a visible notice, never a crash."""
    page.add_init_script("localStorage.setItem('dnp.playground.state.v1', '{not json')")
    term = open_playground(page, site_url)
    expect(term.output).to_contain_text("could not be read, so it starts clean")
    assert "CONTAINER ID" in term.run("docker ps")


def test_cheat_sheet_slots_get_try_it(page, site_url: str) -> None:
    """The cheat sheet's slots carry a Try it button that opens an inline terminal with the command."""
    page.goto(site_url + "cheatsheet/")
    slot = page.locator(".cheatsheet-try[data-dnp-try][data-kind=command]").first
    button = slot.get_by_role("button")
    expect(button).to_contain_text("Try it")
    text = slot.get_attribute("data-text")
    button.click()
    expect(slot.locator(".dnp-term__input")).to_have_value(re.compile(r"^docker"))
    assert text.split()[0] == "docker"


@pytest.fixture(scope="module")
def share_page(browser, site_url: str):
    """A page of the site for the share codec's tests (they import share.js): the Summary, where no simulator
    starts (the Playground page would start one per test, for nothing). Fails on an uncaught page error."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + "summary/")
    yield page
    context.close()
    assert not errors, errors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("[1, 2]", "not a playground share link"),
        ('{"v": 2, "commands": []}', "not a playground share link"),
        ('{"v": 1, "commands": [42]}', "commands are not valid"),
        ('{"v": 1, "commands": ["docker ps\\ndocker images"]}', "commands are not valid"),
        ('{"v": 1, "commands": [], "files": {"../etc/passwd": "x"}}', "files are not valid"),
        ('{"v": 1, "commands": [], "files": {"/abs": "x"}}', "files are not valid"),
        ('{"v": 1, "commands": [], "files": {"Dockerfile": 7}}', "files are not valid"),
        ('{"v": 1, "commands": [', "damaged"),
    ],
)
def test_share_decoding_rejects_bad_shapes(share_page, data: str, message: str) -> None:
    """Share links are decoded defensively: wrong shapes, odd paths and non-strings are refused with a reason."""
    result = share_page.evaluate(
        """async (data) => {
            const share = await import(new URL("../assets/playground/share.js", location.href).href);
            const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(data)));
            const code = "0." + base64.replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
            try { await share.decodeShare(code); return "accepted"; } catch (error) { return error.message; }
        }""",
        data,
    )
    assert message in result


def test_share_decoding_round_trips_and_limits_size(share_page) -> None:
    """A valid share decodes to what was encoded; an oversized link is refused before any work."""
    result = share_page.evaluate(
        """async () => {
            const share = await import(new URL("../assets/playground/share.js", location.href).href);
            const data = {commands: ["docker run -d --name 'é <b>' nginx"], files: {"Dockerfile": "FROM alpine\\n"}};
            const back = await share.decodeShare(await share.encodeShare(data));
            let big = "";
            try { await share.decodeShare("0." + "A".repeat(70000)); } catch (error) { big = error.message; }
            return [JSON.stringify(back) === JSON.stringify(data), big];
        }"""
    )
    assert result == [True, "the link is too long"]
